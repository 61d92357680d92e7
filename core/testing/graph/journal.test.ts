import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../../generated/mocks';
import { createEmulator, signIn } from '../index';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({
  authorityOrigin: AUTH,
  graphBaseUrl: GRAPH,
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

async function adele() {
  const { accessToken } = await signIn({
    authorityOrigin: AUTH,
    user: 'AdeleV@contoso.com',
    scopes: ['openid', 'Mail.ReadWrite', 'Mail.Send'],
  });
  const user = emulator.tenant.findUser('AdeleV@contoso.com')!;
  const inbox = emulator.tenant.messages(user.id, emulator.tenant.resolveFolder(user.id, 'inbox')!.id);
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${GRAPH}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { user, inbox, send };
}

describe('emulator.journal', () => {
  it('records each applied write with method, path, user, time and item ids; never reads or refusals', async () => {
    const { user, inbox, send } = await adele();
    const [first, second] = inbox;
    await send('GET', `/me/messages/${first!.id}`);
    expect((await send('PATCH', `/me/messages/${first!.id}`, { isRead: true })).status).toBe(200);
    const moved = (await (
      await send('POST', `/me/messages/${second!.id}/move`, { destinationId: 'archive' })
    ).json()) as {
      id: string;
    };
    expect(
      (await send('PATCH', '/me/messages/AAMkAGI2TG93AAA-not-there-at-all-0000000000', { isRead: true })).status,
    ).toBe(404);

    expect(emulator.journal.map(({ method, path, userId, itemIds }) => ({ method, path, userId, itemIds }))).toEqual([
      { method: 'PATCH', path: `/me/messages/${first!.id}`, userId: user.id, itemIds: [first!.id] },
      { method: 'POST', path: `/me/messages/${second!.id}/move`, userId: user.id, itemIds: [second!.id, moved.id] },
    ]);
    expect(Date.parse(emulator.journal[0]!.time)).not.toBeNaN();
  });

  it('journals each write inside a $batch, and a write whose answer was lost after applying', async () => {
    const { inbox, send } = await adele();
    const [first, second] = inbox;
    const batch = await send('POST', '/$batch', {
      requests: [
        { id: '1', method: 'PATCH', url: `/me/messages/${first!.id}`, body: { isRead: false } },
        { id: '2', method: 'GET', url: `/me/messages/${second!.id}` },
      ],
    });
    expect(batch.status).toBe(200);
    emulator.injectFault({ path: '/me/sendMail', status: 503, afterApplying: true });
    const sent = await send('POST', '/me/sendMail', {
      message: {
        subject: 'Hi',
        body: { contentType: 'text', content: 'x' },
        toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
      },
    });
    expect(sent.status).toBe(503);

    expect(emulator.journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PATCH /me/messages/${first!.id}`,
      'POST /me/sendMail',
    ]);
    emulator.reset();
    expect(emulator.journal).toEqual([]);
  });

  it("keeps each write's body as sent (top level, in a $batch, after applying), so a test finds its own write", async () => {
    const { inbox, send } = await adele();
    await send('POST', '/$batch', {
      requests: [{ id: '1', method: 'PATCH', url: `/me/messages/${inbox[0]!.id}`, body: { categories: ['tag-1'] } }],
    });
    emulator.injectFault({ path: '/me/sendMail', network: 'drop', afterApplying: true });
    const message = {
      subject: 'tag-2',
      body: { contentType: 'text', content: 'x' },
      toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
    };
    await send('POST', '/me/sendMail', { message }).catch(() => undefined);
    await send('PATCH', `/me/messages/${inbox[1]!.id}`, { isRead: true });

    expect(emulator.journal.map((entry) => entry.body && JSON.parse(entry.body))).toEqual([
      { categories: ['tag-1'] },
      { message },
      { isRead: true },
    ]);
  });

  it('does not journal the read-only actions Graph answers to a POST (findMeetingTimes, getSchedule)', async () => {
    const { accessToken } = await signIn({
      authorityOrigin: AUTH,
      user: 'AdeleV@contoso.com',
      scopes: ['openid', 'Calendars.Read.Shared'],
    });
    const post = (path: string, body: unknown) =>
      fetch(`${GRAPH}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const found = await post('/me/findMeetingTimes', {
      attendees: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
      timeConstraint: {
        timeSlots: [
          {
            start: { dateTime: '2026-12-07T09:00:00', timeZone: 'UTC' },
            end: { dateTime: '2026-12-07T17:00:00', timeZone: 'UTC' },
          },
        ],
      },
      meetingDuration: 'PT30M',
    });
    expect(found.status).toBe(200);
    const schedule = await post('/me/calendar/getSchedule', {
      schedules: ['MeganB@contoso.com'],
      startTime: { dateTime: '2026-12-07T09:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2026-12-07T17:00:00', timeZone: 'UTC' },
    });
    expect(schedule.status).toBe(200);
    expect(emulator.journal).toEqual([]);
  });
});
