import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { pluginMocks } from '../../generated/mocks';
import { createEmulator, signIn, type PickedRequest } from '../index';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH, pluginMocks });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

async function adele() {
  const { accessToken } = await signIn({
    authorityOrigin: AUTH,
    user: 'AdeleV@contoso.com',
    scopes: ['Mail.ReadWrite'],
  });
  const user = emulator.tenant.findUser('AdeleV@contoso.com')!;
  const inbox = emulator.tenant.messages(user.id, emulator.tenant.resolveFolder(user.id, 'inbox')!.id);
  const send = (method: string, path: string, body?: unknown, signal?: AbortSignal) =>
    fetch(`${GRAPH}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    });
  return { inbox, send };
}

describe('emulator.pickFaults', () => {
  it('asks the picker about every request, $batch parts marked, and its fault hits just that request', async () => {
    const { inbox, send } = await adele();
    const seen: PickedRequest[] = [];
    emulator.pickFaults((request) => {
      seen.push(request);
      return request.method === 'PATCH' ? { status: 503 } : undefined;
    });
    const batch = await send('POST', '/$batch', {
      requests: [
        { id: '1', method: 'PATCH', url: `/me/messages/${inbox[0]!.id}`, body: { isRead: true } },
        { id: '2', method: 'GET', url: `/me/messages/${inbox[1]!.id}` },
      ],
    });
    const answers = ((await batch.json()) as { responses: Array<{ id: string; status: number }> }).responses;
    expect(answers.map(({ id, status }) => [id, status])).toEqual([
      ['1', 503],
      ['2', 200],
    ]);
    expect((await send('GET', '/me')).status).toBe(200);

    expect(seen).toEqual([
      { method: 'POST', path: '/$batch', inBatch: false },
      { method: 'PATCH', path: `/me/messages/${inbox[0]!.id}`, inBatch: true },
      { method: 'GET', path: `/me/messages/${inbox[1]!.id}`, inBatch: true },
      { method: 'GET', path: '/me', inBatch: false },
    ]);
    expect(emulator.journal).toEqual([]);
  });

  it('a queued fault comes first, and clearFaults forgets the picker', async () => {
    const { send } = await adele();
    const seen: string[] = [];
    emulator.pickFaults((request) => {
      seen.push(request.path);
      return { status: 429, retryAfterSeconds: 1 };
    });
    emulator.injectFault({ path: '/me', status: 504 });
    expect((await send('GET', '/me')).status).toBe(504);
    const throttled = await send('GET', '/me');
    expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '1']);
    emulator.clearFaults();
    expect((await send('GET', '/me')).status).toBe(200);
    expect(seen).toEqual(['/me']);
  });
});

describe('network stall', () => {
  it('an answer without a body (204) never arrives: the delete is carried out and the caller gives up', async () => {
    const { inbox, send } = await adele();
    const id = inbox[0]!.id;
    emulator.injectFault({ path: `/me/messages/${id}`, method: 'DELETE', network: 'stall' });
    const controller = new AbortController();
    const answer = send('DELETE', `/me/messages/${id}`, undefined, controller.signal).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.name,
    );
    await vi.waitFor(() => expect(emulator.journal.map((entry) => entry.method)).toEqual(['DELETE']));
    controller.abort();
    expect(await answer).toBe('AbortError');
    expect(emulator.journal).toHaveLength(1);
  });
});
