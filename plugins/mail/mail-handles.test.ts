/** Handles in the mail tools: token budgets, storage round trips per call, and handles that must not resolve. */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { handlesIn, idsBehind, mailTestEnvironment } from './test-support';

const { emulator, callAs } = mailTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  adele.handleStore.clear();
  emulator.stats.reset();
});
const graphRequests = () => emulator.stats.graphRequests.length;

describe('token budgets on the seeded tenant (o200k)', () => {
  it.each([
    ['getEmails', { count: 10 }, 600],
    ['searchEmails', { query: 'budget', count: 5 }, 350],
    ['listMailFolders', {}, 400],
  ])('%s %j ≤ %i tokens', async (tool, args, budget) => {
    const result = await callAs(adele, tool, args);
    expect(result.isError).toBeFalsy();
    const tokens = countTokens(result.text);
    console.info(`${tool} ${JSON.stringify(args)}: ${tokens} o200k tokens`);
    expect(tokens).toBeLessThanOrEqual(budget);
  });

  it('keeps every handle within 5 tokens', async () => {
    const result = await callAs(adele, 'getEmails', { count: 50 });
    const handles = handlesIn(result.text, 'message');
    expect(handles.length).toBe(
      emulator.tenant.messages(adele.user.id, emulator.tenant.resolveFolder(adele.user.id, 'inbox')!.id).length,
    );
    for (const handle of handles) expect(countTokens(handle)).toBeLessThanOrEqual(5);
  });
});

describe('storage round trips per call', () => {
  it('a list costs one write and no read; a call by handle one read and one write', async () => {
    await adele.settled();
    adele.handleStore.counts.reads = 0;
    adele.handleStore.counts.writes = 0;
    const listed = await callAs(adele, 'getEmails', { count: 10 });
    await adele.settled();
    expect(adele.handleStore.counts).toEqual({ reads: 0, writes: 1 });
    const [handle] = handlesIn(listed.text, 'message');
    const read = await callAs(adele, 'getEmail', { id: handle });
    await adele.settled();
    expect(read.isError).toBeFalsy();
    expect(adele.handleStore.counts).toEqual({ reads: 1, writes: 2 });
    const next = /cursor "([^"]+)"/.exec(listed.text)?.[1];
    await callAs(adele, 'getEmails', { cursor: next });
    await adele.settled();
    expect(adele.handleStore.counts).toEqual({ reads: 2, writes: 3 });
  });

  it('resolves all handles of one call (a whole folder of ids) in a single read', async () => {
    const handles = handlesIn((await callAs(adele, 'getEmails', { count: 50 })).text, 'message');
    expect(handles.length).toBeGreaterThanOrEqual(30);
    const reads = adele.handleStore.counts.reads;
    const result = await callAs(adele, 'manageEmails', { ids: handles, action: 'markRead' });
    expect(result.text).toBe(`Marked read: ${handles.length} of ${handles.length} succeeded.`);
    expect(adele.handleStore.counts.reads).toBe(reads + 1);
  });
});

describe('handles that do not resolve', () => {
  it('another user gets "unknown handle" for Adele’s handle, with no Graph request', async () => {
    const [handle] = handlesIn((await callAs(adele, 'getEmails', { count: 1 })).text, 'message');
    const megan = await createToolTestSession({ emulator, user: 'MeganB@contoso.com' });
    emulator.stats.reset();
    const result = await callAs(megan, 'getEmail', { id: handle });
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      `getEmail: "id": unknown message handle "${handle}" (expired, or never shown to you). Nothing was done. List the items again (the tool that showed them) and use the handles it returns now.`,
    );
    expect(graphRequests()).toBe(0);
  });

  it('a second session of the same user resolves the handle', async () => {
    const [handle] = handlesIn((await callAs(adele, 'getEmails', { count: 1 })).text, 'message');
    const again = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
    expect((await callAs(again, 'getEmail', { id: handle })).isError).toBeFalsy();
  });

  it('handles from before a reset, made-up handles and wrong kinds are tool errors; malformed values name the field', async () => {
    const listed = await callAs(adele, 'listMailFolders', {});
    const folder = handlesIn(listed.text, 'folder')[0]!;
    const wrongKind = await callAs(adele, 'getEmail', { id: `m${folder.slice(1)}` });
    expect(wrongKind.text).toMatch(/unknown message handle/);
    const [message] = handlesIn((await callAs(adele, 'getEmails', { count: 1 })).text, 'message');
    await adele.settled();
    adele.handleStore.clear(); // as after a reset of the user's store
    emulator.stats.reset();
    const stale = await callAs(adele, 'getAttachment', { messageId: message, attachmentId: 'a2k2k2k' });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(
      new RegExp(
        `"messageId": unknown message handle "${message}".*; "attachmentId": unknown attachment handle "a2k2k2k"`,
      ),
    );
    expect(stale.text).toMatch(/List the items again/);
    const malformed = await callAs(adele, 'getEmail', { id: 'm7k2q!' });
    expect(malformed.text).toMatch(/^Invalid arguments for getEmail: "id" must be a message handle/);
    expect(graphRequests()).toBe(0);
  });

  it('a full id from another mailbox is Graph’s not-found, not another user’s mail', async () => {
    const megan = emulator.tenant.findUser('MeganB@contoso.com')!;
    const foreign = emulator.tenant.messages(megan.id)[0]!;
    const result = await callAs(adele, 'getEmail', { id: foreign.id });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Not found/);
  });

  it('a folder name shaped like a handle is still looked up by name', async () => {
    const result = await callAs(adele, 'getEmails', { folder: 'f2k2k2' });
    expect(result.text).toMatch(/No mail folder named "f2k2k2"/);
  });
});

describe('immutable ids in the emulator, per request', () => {
  it('a move keeps the immutable id and changes the default one', async () => {
    const mailbox = emulator.tenant.mailbox(adele.user.id);
    const [first, second] = emulator.tenant.messages(adele.user.id);
    const move = (id: string, prefer?: string) =>
      fetch(`${emulator.graphBaseUrl}/me/messages/${encodeURIComponent(id)}/move`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${adele.accessToken}`,
          'content-type': 'application/json',
          ...(prefer ? { prefer } : {}),
        },
        body: JSON.stringify({ destinationId: 'archive' }),
      }).then((r) => r.json() as Promise<{ id: string }>);
    const immutableId = mailbox.immutableId(first!.id);
    expect((await move(immutableId, 'IdType="ImmutableId"')).id).toBe(immutableId);
    const before = second!.id;
    const moved = await move(before);
    expect(moved.id).not.toBe(before);
    expect(emulator.tenant.getMessage(adele.user.id, before)).toBeUndefined();
    expect(emulator.tenant.getMessage(adele.user.id, moved.id)?.subject).toBe(second!.subject);
  });
});

it('idsBehind reads the store the tools write', async () => {
  // idsBehind, which the other tests rely on, maps a handle that does not resolve to undefined.
  expect(await idsBehind(adele, ['m2k2k2k'])).toEqual([undefined]);
});
