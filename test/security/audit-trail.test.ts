/**
 * The audit trail of writes: every call of a tool that may write is kept in the user's
 * HandleStore (who, which client, which tool, when, which items as handles, outcome) without
 * content, shown to that user only on /apps, and deleted after AUDIT_RETENTION_DAYS by the
 * store's alarm. HandleStore storage from before schema versions is upgraded in place.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLE_STORE_MIGRATIONS } from '../../core/handles/handle-store';
import { SCHEMA_KEY, upgradeStorage } from '../../core/storage/schema-version';
import type { Emulator } from '../../core/testing';
import { connect, mcpClient, rpc, startEmulator, textOf } from '../workers/harness';
import { signedInToApps } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

const DAY = 24 * 60 * 60_000;
const storeOf = (user: { tenantId: string; id: string }) =>
  env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName(`${user.tenantId}.${user.id}`));

function auditTable(html: string): string {
  return /<table id="audit">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
}

describe('audit trail of writes', () => {
  it('a write call is recorded with client, tool, handles and outcome, shown on /apps to its user only, without content', async () => {
    const adele = emulator.tenant.users[0]!;
    const connection = await connect(adele.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    const listed = textOf(await client.callTool({ name: 'getEmails', arguments: { count: 2 } }));
    const handles = [...listed.matchAll(/- (m[0-9][0-9a-z]{4,}) \|/g)].map((match) => match[1]!);
    expect(handles).toHaveLength(2);
    const result = await client.callTool({ name: 'manageEmails', arguments: { ids: handles, action: 'flag' } });
    expect(result.isError).toBeFalsy();

    const { html } = await signedInToApps(adele.userPrincipalName);
    const table = auditTable(html);
    // One row: the write; the read (getEmails) is not audited.
    expect(table.match(/<tr><td>/g)).toHaveLength(1);
    expect(table).toContain('<code>manageEmails</code>');
    expect(table).not.toContain('getEmails');
    for (const handle of handles) expect(table).toContain(`<code>${handle}</code>`);
    expect(table).toContain('Test MCP Client');
    expect(table).toContain('done');
    const year = new Date().getUTCFullYear();
    expect(table).toMatch(new RegExp(`<td>${year}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d</td>`));
    // Content never: no subject, sender or preview of the listed messages.
    for (const message of emulator.tenant.messages(adele.id, emulator.tenant.resolveFolder(adele.id, 'inbox')!.id)) {
      expect(table).not.toContain(String(message.subject));
      expect(table).not.toContain(String(message.from?.emailAddress?.address));
    }

    const megan = await signedInToApps(emulator.tenant.users[1]!.userPrincipalName);
    expect(auditTable(megan.html)).toBe('');
    expect(megan.html).toContain('No changes recorded.');
  });

  it('a write over plain JSON-RPC (no session) is recorded too', async () => {
    const alex = emulator.tenant.users[2]!;
    const connection = await connect(alex.userPrincipalName);
    const call = (id: number, name: string, args: object) =>
      rpc(connection.accessToken, '/mcp', {
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name, arguments: args },
      });
    const listed = textOf(((await call(1, 'getEmails', { count: 1 })) as { result: object }).result);
    const handle = /- (m[0-9][0-9a-z]{4,}) \|/.exec(listed)![1]!;
    // The list's handle write is off its answer's path: wait until the store knows it.
    for (let attempt = 0; attempt < 50 && !(await storeOf(alex).resolve([handle])).found[handle]; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    const answer = (await call(2, 'manageEmails', { ids: [handle], action: 'markRead' })) as { result: object };
    expect(textOf(answer.result)).toMatch(/1 of 1 succeeded/);
    const rows = await storeOf(alex).listAudit();
    expect(rows).toMatchObject([{ tool: 'manageEmails', client: connection.clientId, items: [handle], outcome: 'ok' }]);
  });

  it('records older than AUDIT_RETENTION_DAYS are never shown and are deleted by the alarm', async () => {
    const user = { tenantId: 'retention-tenant', id: 'retention-user' };
    const store = storeOf(user);
    const entry = (at: number, tool: string) => ({ at, tool, client: 'c', items: [], outcome: 'ok', writes: [] });
    const days = Number(env.AUDIT_RETENTION_DAYS);
    await store.appendAudit([entry(Date.now() - (days + 1) * DAY, 'expired'), entry(Date.now() - DAY, 'kept')]);
    // Appending set the sweep alarm.
    expect(await runInDurableObject(store, (_instance, state) => state.storage.getAlarm())).not.toBeNull();
    expect((await store.listAudit()).map((row) => row.tool)).toEqual(['kept']);

    await store.appendAudit([entry(Date.now() - (days + 2) * DAY, 'expired again')]);
    expect(await runDurableObjectAlarm(store)).toBe(true);
    const left = await runInDurableObject(store, (_instance, state) =>
      state.storage.sql.exec<{ tool: string }>('SELECT tool FROM audit').toArray(),
    );
    expect(left.map((row) => row.tool)).toEqual(['kept']);
    // A row is still kept, so the alarm looks again.
    expect(await runInDurableObject(store, (_instance, state) => state.storage.getAlarm())).not.toBeNull();
  });

  it('entries that are not audit records (over RPC) are dropped, not stored', async () => {
    const store = storeOf({ tenantId: 'bounds-tenant', id: 'bounds-user' });
    const good = { at: Date.now(), tool: 't', client: 'c', items: ['m1abcd'], outcome: 'ok', writes: [] };
    const added = await store.appendAudit([
      good,
      { ...good, items: ['x'.repeat(65)] },
      { ...good, tool: 'x'.repeat(201) },
      { ...good, at: Number.NaN },
    ]);
    expect(added).toBe(1);
  });
});

describe('HandleStore schema versions', () => {
  it('a store written before schema versions (handles only) is upgraded: its handles kept, the audit table added', async () => {
    const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName('schema-upgrade-user'));
    await runInDurableObject(store, async (_instance, state) => {
      // The shape every store had before versions: a handles table, no audit table, no version.
      state.storage.sql.exec('DROP TABLE audit');
      await state.storage.delete(SCHEMA_KEY);
      state.storage.sql.exec(
        "INSERT INTO handles (handle, kind, id, shown) VALUES ('m1abcd', 'message', 'AAMkOLD', ?)",
        Date.now(),
      );
    });
    const upgraded = await runInDurableObject(store, (_instance, state) =>
      upgradeStorage(state.storage, 'HandleStore', HANDLE_STORE_MIGRATIONS),
    );
    expect(upgraded).toEqual({ from: 0, to: 2 });
    await runInDurableObject(store, async (_instance, state) => {
      expect(await state.storage.get(SCHEMA_KEY)).toBe(2);
      expect(state.storage.sql.exec('SELECT COUNT(*) AS n FROM audit').one().n).toBe(0);
    });
    expect((await store.resolve(['m1abcd'])).found).toMatchObject({ m1abcd: { kind: 'message', id: 'AAMkOLD' } });
    expect(
      await store.appendAudit([{ at: Date.now(), tool: 't', client: '', items: [], outcome: 'ok', writes: [] }]),
    ).toBe(1);
  });

  it('a store at a newer schema than this code knows is refused, not guessed at', async () => {
    const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName('schema-newer-user'));
    const outcome = await runInDurableObject(store, async (_instance, state) => {
      await state.storage.put(SCHEMA_KEY, 99);
      return upgradeStorage(state.storage, 'HandleStore', HANDLE_STORE_MIGRATIONS).then(
        () => 'accepted',
        (error: Error) => error.message,
      );
    });
    expect(outcome).toBe("HandleStore storage is at schema 99, newer than this code's 2");
  });
});
