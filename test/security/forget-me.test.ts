/**
 * "Forget me" on /apps: deletes the user's grants (their clients' tokens are refused at once and
 * open WebSockets closed), the Microsoft sign-in in the vault, handles, audit records and
 * refresh-replay markers, and says what went; CSRF-protected and confirmed like the page's other
 * forms. Afterwards nothing of the user is left in storage; other users keep theirs.
 */
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import type { TestBrowser } from '../../core/testing/oauth-browser';
import { connect, mcpClient, openSocket, startEmulator, textOf } from '../workers/harness';
import { GATEWAY, initialize, mcpPost, signedInToApps } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

function forget(browser: TestBrowser, fields: Record<string, string>): Promise<Response> {
  return browser.request(`${GATEWAY}/apps/forget`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
    body: new URLSearchParams(fields).toString(),
  });
}

const userKeyOf = (user: { tenantId: string; id: string }) => `${user.tenantId}.${user.id}`;

/** Everything stored under the user's key: KV keys, and each per-user object's storage and rows. */
async function storedFor(userKey: string) {
  const kv = (await env.OAUTH_KV.list()).keys.map((key) => key.name).filter((name) => name.includes(userKey));
  const vault = await runInDurableObject(env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(userKey)), (_i, state) =>
    state.storage.list().then((entries) => [...entries.keys()]),
  );
  const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName(userKey));
  const handleStore = await runInDurableObject(store, async (_i, state) => ({
    keys: [...(await state.storage.list()).keys()],
    handles: state.storage.sql.exec('SELECT COUNT(*) AS n FROM handles').one().n,
    audit: state.storage.sql.exec('SELECT COUNT(*) AS n FROM audit').one().n,
  }));
  const sockets = await runInDurableObject(
    env.SOCKET_REGISTRY.get(env.SOCKET_REGISTRY.idFromName(userKey)),
    (_i, state) => state.storage.list().then((entries) => [...entries.keys()]),
  );
  return { kv, vault, handleStore, sockets };
}

describe('forget me', () => {
  it('deletes grants, sign-in, handles, audit records and markers, closes sockets, says what went; tokens are refused after', async () => {
    const alex = emulator.tenant.users[2]!;
    const adele = emulator.tenant.users[0]!;
    const adelesApp = await connect(adele.userPrincipalName);
    const first = await connect(alex.userPrincipalName);
    const second = await connect(alex.userPrincipalName);
    // A second refresh leaves a refresh-spent marker; a list makes handles; a write an audit record.
    const once = await refresh(second.clientId, second.refreshToken);
    const refreshed = (await refresh(second.clientId, once.refresh_token)).access_token;
    const { client } = await mcpClient(first.accessToken);
    const listed = textOf(await client.callTool({ name: 'getEmails', arguments: { count: 3 } }));
    const handle = /- (m[0-9][0-9a-z]{4,}) \|/.exec(listed)![1]!;
    expect(
      (await client.callTool({ name: 'manageEmails', arguments: { ids: [handle], action: 'flag' } })).isError,
    ).toBeFalsy();
    const socket = await openSocket('/mcp', { authorization: `Bearer ${refreshed}`, 'sec-websocket-protocol': 'mcp' });
    await socket.request({ ...initialize, id: 1 });

    const key = userKeyOf(alex);
    const before = await storedFor(key);
    expect(before.kv.filter((name) => name.startsWith('grant:'))).toHaveLength(2);
    expect(before.kv.some((name) => name.startsWith('refresh-spent:'))).toBe(true);
    expect(before.vault).toContain('tokens');
    expect(before.handleStore.audit).toBe(1);
    expect(before.sockets.filter((name) => name.includes('/'))).toHaveLength(1);
    const handlesBefore = before.handleStore.handles as number;
    expect(handlesBefore).toBeGreaterThanOrEqual(3);

    const { browser, csrf } = await signedInToApps(alex.userPrincipalName);
    const answer = await forget(browser, { csrf, confirm: 'yes' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toMatch(/__Host-m365-apps-session=;.*Max-Age=0/);
    const page = await answer.text();
    expect(page).toContain('2 app connections');
    expect(page).toContain('your stored Microsoft sign-in');
    expect(page).toContain(`${handlesBefore} item handles`);
    expect(page).toContain('1 audit record<');
    expect(page).toMatch(/[1-9]\d* used refresh-token markers?</);
    expect(await socket.closed).toMatchObject({ code: 4401 });

    const after = await storedFor(key);
    expect(after).toEqual({
      kv: [],
      vault: [],
      // The schema version and the empty tables stay, so the object works for a new sign-in.
      handleStore: { keys: ['schema'], handles: 0, audit: 0 },
      sockets: expect.not.arrayContaining([expect.stringContaining('/')]),
    });
    for (const token of [first.accessToken, refreshed]) expect((await mcpPost(token, initialize)).status).toBe(401);
    // The page's own session ended too.
    expect(await (await browser.request(`${GATEWAY}/apps`)).text()).toContain('Sign in with Microsoft');

    // Another user keeps everything.
    expect((await mcpPost(adelesApp.accessToken, initialize)).status).toBe(200);
    expect((await storedFor(userKeyOf(adele))).vault).toContain('tokens');
  });

  it('without the CSRF token, or unconfirmed, nothing is deleted', async () => {
    const megan = emulator.tenant.users[1]!;
    const app = await connect(megan.userPrincipalName);
    const { browser, csrf } = await signedInToApps(megan.userPrincipalName);
    expect((await forget(browser, { csrf: 'forged', confirm: 'yes' })).status).toBe(403);
    const unconfirmed = await forget(browser, { csrf });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Nothing was deleted');
    expect((await mcpPost(app.accessToken, initialize)).status).toBe(200);
    expect((await storedFor(userKeyOf(megan))).vault).toContain('tokens');
  });
});

/** A refresh_token grant at /token. */
async function refresh(
  clientId: string,
  refreshToken: string,
): Promise<{ access_token: string; refresh_token: string }> {
  const response = await SELF.fetch(`${GATEWAY}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }),
  });
  if (response.status !== 200) throw new Error(`refresh failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { access_token: string; refresh_token: string };
}
