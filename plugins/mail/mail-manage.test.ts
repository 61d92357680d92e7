/** Contract and reliability tests: manageEmails over $batch, throttling, 503 on send, concurrency. */
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, type StoredMessage, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { handlesIn, idsBehind, mailTestEnvironment } from './test-support';

const { emulator, registry, callAs } = mailTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(adele, tool, args);
const requests = () => emulator.stats.graphRequests;
const folder = (name: string) => emulator.tenant.resolveFolder(adele.user.id, name)!;
/** The id Graph shows when asked for immutable ids (what the gateway always asks for). */
const immutable = (message: StoredMessage) => emulator.tenant.mailbox(adele.user.id).immutableId(message.id);
/** 45 fresh unread messages in the inbox. */
function seed45(): StoredMessage[] {
  return Array.from({ length: 45 }, (_, i) =>
    emulator.tenant.addMessage(adele.user.id, 'inbox', {
      subject: `Bulk ${i}`,
      receivedDateTime: '2026-11-26T08:00:00Z',
      conversationId: `AAQkbulk${i}`,
      isRead: false,
    }),
  );
}

describe('manageEmails', () => {
  it('marks 45 messages read with exactly 3 $batch requests of 20, 20 and 5 PATCHes', async () => {
    const messages = seed45();
    const result = await call('manageEmails', { ids: messages.map((m) => m.id), action: 'markRead' });
    expect(result.text).toBe('Marked read: 45 of 45 succeeded.');
    const batches = requests().filter((r) => r.path === '/$batch');
    expect(batches).toHaveLength(3);
    expect(batches.map((b) => JSON.parse(b.body!).requests.length)).toEqual([20, 20, 5]);
    expect(JSON.parse(batches[0]!.body!).requests[0]).toEqual({
      id: '0',
      method: 'PATCH',
      url: `/me/messages/${encodeURIComponent(messages[0]!.id)}`,
      // Each sub-request asks for immutable ids itself: Graph reads only a sub-request's own headers.
      headers: { 'Content-Type': 'application/json', Prefer: 'IdType="ImmutableId"' },
      body: { isRead: true },
    });
    expect(requests().filter((r) => r.inBatch && r.method === 'PATCH')).toHaveLength(45);
    expect(messages.every((m) => emulator.tenant.getMessage(adele.user.id, m.id)?.isRead === true)).toBe(true);
  });

  it('reports per-id outcomes when some ids are gone; moved messages keep their (immutable) ids', async () => {
    const [a, b] = seed45();
    const goneId = immutable(b!);
    emulator.tenant.deleteMessage(adele.user.id, b!.id);
    const result = await call('manageEmails', {
      ids: `${immutable(a!)},${goneId}`,
      action: 'move',
      destination: 'Archive',
    });
    expect(result.isError).toBeFalsy();
    expect(emulator.tenant.messages(adele.user.id, folder('archive').id).some((m) => m.subject === 'Bulk 0')).toBe(
      true,
    );
    const failed =
      /^Moved to Archive: 1 of 2 succeeded, 1 failed\.\nDone: \S+\nFailed \(not done\):\n- (\S+): not found \(deleted, or not in this mailbox\)$/.exec(
        result.text,
      );
    expect(await idsBehind(adele, [failed![1]!])).toEqual([goneId]);
    const sub = requests().filter((r) => r.inBatch);
    expect(sub.map((r) => [r.method, JSON.parse(r.body!)])).toEqual([
      ['POST', { destinationId: 'archive' }],
      ['POST', { destinationId: 'archive' }],
    ]);
  });

  it('flags, and deletes by moving into Deleted Items (batched); a default id that changes is reported', async () => {
    const [a, b, c] = seed45();
    await call('manageEmails', { ids: [a!.id], action: 'flag' });
    expect(emulator.tenant.getMessage(adele.user.id, a!.id)?.flag?.flagStatus).toBe('flagged');
    emulator.stats.reset();
    const [bId, cImmutable] = [immutable(b!), immutable(c!)];
    const result = await call('manageEmails', { ids: [bId, c!.id], action: 'delete' });
    const sub = requests().filter((r) => r.inBatch);
    expect(sub.map((r) => [r.method, r.path, JSON.parse(r.body!)])).toEqual([
      ['POST', `/me/messages/${encodeURIComponent(bId)}/move`, { destinationId: 'deleteditems' }],
      ['POST', `/me/messages/${encodeURIComponent(c!.id)}/move`, { destinationId: 'deleteditems' }],
    ]);
    // c was named by its default id, which the move changed; it is reported with its new handle.
    const reported =
      /^Deleted \(moved to Deleted Items\): 2 of 2 succeeded\.\nNew handles \(old → new; the old ones no longer work\):\n- (\S+) → (\S+)$/.exec(
        result.text,
      );
    expect(await idsBehind(adele, [reported![1]!, reported![2]!])).toEqual([c!.id, cImmutable]);
  });

  it('reads a message moved with manageEmails by the handle it was listed with', async () => {
    const [a] = seed45();
    const listed = await call('getEmails', { count: 1 });
    const [handle] = handlesIn(listed.text, 'message');
    expect(await idsBehind(adele, [handle!])).toEqual([immutable(a!)]);
    const moved = await call('manageEmails', { ids: [handle], action: 'archive' });
    expect(moved.text).toBe('Archived to Archive: 1 of 1 succeeded.');
    expect(emulator.tenant.messages(adele.user.id, folder('archive').id).some((m) => m.subject === 'Bulk 0')).toBe(
      true,
    );
    const read = await call('getEmail', { id: handle });
    expect(read.isError).toBeFalsy();
    expect(read.text).toContain('Subject: Bulk 0');
    expect(read.text).toContain(`Message: ${handle}`);
  });

  it('emulates Graph DELETE as a soft delete out of every folder, not into Deleted Items', async () => {
    const [a] = seed45();
    const response = await fetch(`${emulator.graphBaseUrl}/me/messages/${encodeURIComponent(a!.id)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adele.accessToken}` },
    });
    expect(response.status).toBe(204);
    expect(emulator.tenant.getMessage(adele.user.id, a!.id)).toBeUndefined();
    expect(emulator.tenant.messages(adele.user.id).some((m) => m.subject === 'Bulk 0')).toBe(false);
  });

  it.each([
    [
      { ids: Array.from({ length: 101 }, (_, i) => `AAMkAG${String(i).padStart(40, 'x')}`), action: 'markRead' },
      /"ids" must list at most 100 ids/,
    ],
    [{ ids: [], action: 'markRead' }, /"ids" must list at least one id/],
    [{ ids: ['Budget review'], action: 'delete' }, /"ids.*" must be a message handle .* \(received "Budget review"\)/],
    [{ ids: ['AAMkAG'.padEnd(60, 'x')], action: 'move' }, /needs destination/],
    [{ ids: ['AAMkAG'.padEnd(60, 'x')], action: 'move', destination: 'Receipts' }, /No mail folder named "Receipts"/],
  ])('refuses bad input before changing anything: %#', async (args, message) => {
    const result = await call('manageEmails', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(requests().filter((r) => r.path === '/$batch')).toHaveLength(0);
  });

  it('retries only the throttled sub-requests of a batch, after their Retry-After', async () => {
    const messages = seed45().slice(0, 5);
    emulator.injectFault({
      path: `/me/messages/${encodeURIComponent(messages[2]!.id)}`,
      method: 'PATCH',
      status: 429,
      retryAfterSeconds: 3,
    });
    const result = await call('manageEmails', { ids: messages.map((m) => m.id), action: 'markRead' });
    expect(result.text).toBe('Marked read: 5 of 5 succeeded.');
    const batches = requests()
      .filter((r) => r.path === '/$batch')
      .map((b) => JSON.parse(b.body!).requests.length);
    expect(batches).toEqual([5, 1]);
    expect(adele.waits).toEqual([3000]);
  });
});

describe('reliability', () => {
  it('waits out a 429 with Retry-After: 2 and then answers', async () => {
    emulator.injectFault({ path: '/me/mailFolders/inbox/messages', status: 429, retryAfterSeconds: 2 });
    const result = await call('getEmails', { count: 2 });
    expect(result.isError).toBeFalsy();
    expect(adele.waits).toEqual([2000]);
    expect(requests().filter((r) => r.path === '/me/mailFolders/inbox/messages')).toHaveLength(2);
  });

  it('gives up when throttling outlasts the retry budget, saying how long to wait', async () => {
    emulator.injectFault({ path: '/me/mailFolders/inbox/messages', status: 429, retryAfterSeconds: 120 });
    const result = await call('getEmails', {});
    expect(result.text).toBe(
      'Microsoft Graph is throttling this mailbox and did not carry out the request for getEmails (still after 1 attempt). Wait 120 seconds, then try again.',
    );
    expect(adele.waits).toEqual([]);
  });

  it('never repeats a sendMail that got 503, and says the send may have happened', async () => {
    emulator.injectFault({ path: '/me/sendMail', status: 503, times: 5 });
    const result = await call('sendEmail', { to: 'MeganB@contoso.com', subject: 'Once', body: 'Only once' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^sendEmail may have happened: Microsoft Graph answered 503/);
    expect(result.text).toMatch(/getEmails with folder "sentitems"/);
    expect(requests().filter((r) => r.path === '/me/sendMail')).toHaveLength(1);
    expect(adele.waits).toEqual([]);
  });

  it('retries an idempotent GET on 503 with backoff', async () => {
    emulator.injectFault({ path: '/me/mailFolders', status: 503, times: 2 });
    const result = await call('listMailFolders', {});
    expect(result.isError).toBeFalsy();
    expect(adele.waits).toHaveLength(2);
    expect(adele.waits[0]).toBeGreaterThanOrEqual(500);
    expect(adele.waits[1]).toBeGreaterThanOrEqual(1000);
  });

  it('keeps 20 parallel calls of one session to at most 4 requests in flight at Graph', async () => {
    emulator.injectFault({ path: '/me/mailFolders/inbox/messages', delayMs: 20, times: 20 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => registry.callTool('getEmails', { count: 1 }, adele.context())),
    );
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(requests()).toHaveLength(20);
    expect(emulator.stats.maxInFlightByUser[adele.user.id]).toBe(4);
  });
});
