import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../generated/mocks';
import { createEmulator, createToolTestSession } from '../testing';
import { describeGraphError } from './graph-errors';
import { GraphOutcomeUnknown, GraphThrottled } from './graph-failures';
import { retryAfterMs } from './throttle';

// The gateway's Graph client (auth → throttle → concurrency → fetch) against the emulated tenant,
// with Graph's failures produced by the emulator's fault switch. Waits are recorded, not slept.
const emulator = createEmulator({
  authorityOrigin: 'https://login.throttle.test',
  graphBaseUrl: 'https://graph.throttle.test/v1.0',
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

async function session() {
  const s = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
  return s;
}
const graphCalls = (path: string) =>
  emulator.stats.graphRequests.filter((request) => request.path.startsWith(path)).length;

describe('Graph client retry policy', () => {
  it('backs off exponentially with jitter on 429 without Retry-After, then succeeds', async () => {
    const s = await session();
    emulator.injectFault({ path: '/me/mailFolders', status: 429, times: 3 });
    const folders = (await s.context().graph.api('/me/mailFolders').top(5).get()) as { value: unknown[] };
    expect(folders.value.length).toBeGreaterThan(0);
    expect(graphCalls('/me/mailFolders')).toBe(4);
    // Jitter within [step/2, step], step = 1 s · 2^(attempt-1).
    expect(s.waits).toHaveLength(3);
    s.waits.forEach((wait, index) => {
      const step = 1_000 * 2 ** index;
      expect(wait).toBeGreaterThanOrEqual(step / 2);
      expect(wait).toBeLessThanOrEqual(step);
    });
  });

  it('gives up at once, saying how long to wait, when Retry-After is beyond the 30 s budget', async () => {
    const s = await session();
    emulator.injectFault({ path: '/me/mailFolders', status: 429, retryAfterSeconds: 120, times: 5 });
    const failure = await s
      .context()
      .graph.api('/me/mailFolders')
      .get()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphThrottled);
    expect((failure as GraphThrottled).retryAfterSeconds).toBe(120);
    const told = describeGraphError(failure, { plugin: 'mail', tool: 'getEmails', args: {} });
    expect(told?.message).toMatch(/Wait 120 seconds/);
    expect(graphCalls('/me/mailFolders')).toBe(1);
    expect(s.waits).toEqual([]);
  });

  it('retries a 503 on a read, but never repeats a POST that may have been carried out', async () => {
    const s = await session();
    emulator.injectFault({ path: '/me/mailFolders', method: 'GET', status: 503, times: 1 });
    await s.context().graph.api('/me/mailFolders').get();
    expect(graphCalls('/me/mailFolders')).toBe(2);

    emulator.injectFault({ path: '/me/sendMail', method: 'POST', status: 503, times: 1 });
    const message = {
      subject: 'hello',
      body: { contentType: 'text', content: 'hi' },
      toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
    };
    const failure = await s
      .context()
      .graph.api('/me/sendMail')
      .post({ message })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphOutcomeUnknown);
    expect(graphCalls('/me/sendMail')).toBe(1);
  });

  it('$batch retries a sub-request on the same terms as a single request: a 502 read again, a 503 create never', async () => {
    const s = await session();
    emulator.injectFault({ path: '/me/mailFolders', method: 'GET', status: 502, times: 1 });
    emulator.injectFault({ path: '/me/messages', method: 'POST', status: 503, times: 1 });
    const [read, create] = await s.context().graph.batch([
      { method: 'GET', url: '/me/mailFolders' },
      { method: 'POST', url: '/me/messages', body: { subject: 'draft' } },
    ]);
    expect(read?.status).toBe(200);
    expect(graphCalls('/me/mailFolders')).toBe(2);
    expect(create?.status).toBe(503);
    expect(graphCalls('/me/messages')).toBe(1);
    expect(create?.outcome).toBe('unknown');
  });

  it('never repeats a DELETE that got 503 after Graph carried it out (a repeat would say "not found")', async () => {
    const s = await session();
    const message = emulator.tenant.addMessage(s.user.id, 'inbox', {
      subject: 'Delete me once',
      receivedDateTime: '2026-11-26T08:00:00Z',
      conversationId: 'AAQkdeleteonce',
    });
    const path = `/me/messages/${encodeURIComponent(message.id)}`;
    emulator.injectFault({ path, method: 'DELETE', status: 503, afterApplying: true, times: 5 });
    const failure = await s
      .context()
      .graph.api(path)
      .delete()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphOutcomeUnknown);
    expect(emulator.stats.graphRequests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(emulator.tenant.getMessage(s.user.id, message.id)).toBeUndefined();
    expect(s.waits).toEqual([]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs('Mon, 30 Nov 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
