import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The installed plugins' mocks, through the generated list (core never imports a plugin directly).
import { pluginMocks } from '../../generated/mocks';
import { signIn } from '../index';
import { serveEmulator, type ServedEmulator } from './serve';

let served: ServedEmulator;
beforeAll(async () => {
  served = await serveEmulator({ port: 0, pluginMocks });
});
afterAll(() => served.close());

describe('serveEmulator', () => {
  it('listens on loopback with a free port and serves the sign-in page', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.graphBaseUrl).toBe(`${served.url}/v1.0`);
    const params = new URLSearchParams({
      client_id: 'c',
      redirect_uri: 'http://localhost:8787/callback',
      response_type: 'code',
      scope: 'openid Mail.Read',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    const res = await fetch(`${served.url}/organizations/oauth2/v2.0/authorize?${params}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect([...html.matchAll(/name="user" value=/g)]).toHaveLength(3);
  });

  it('runs a sign-in and Graph calls over real HTTP, with stats and controls', async () => {
    const { accessToken } = await signIn({ authorityOrigin: served.url, user: 'MeganB@contoso.com' });
    const list = await fetch(`${served.graphBaseUrl}/me/messages?$top=2&$select=subject`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { value: unknown[] }).value).toHaveLength(2);

    const stats = (await (await fetch(`${served.url}/_emulator/stats`)).json()) as {
      tokenRequests: Record<string, number>;
      graphRequests: Array<{ path: string }>;
    };
    expect(stats.tokenRequests.authorization_code).toBe(1);
    expect(stats.graphRequests.map((r) => r.path)).toEqual(['/me/messages']);

    expect((await fetch(`${served.url}/_emulator/expire-tokens`, { method: 'POST' })).status).toBe(200);
    const expired = await fetch(`${served.graphBaseUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(expired.status).toBe(401);

    expect((await fetch(`${served.url}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
    const after = (await (await fetch(`${served.url}/_emulator/stats`)).json()) as {
      tokenRequests: Record<string, number>;
    };
    expect(after.tokenRequests.authorization_code).toBe(0);
    expect((await fetch(`${served.url}/nothing-here`)).status).toBe(404);
  });

  it('a caller closing the connection aborts the request: a hanging fault ends and the record says so', async () => {
    const { accessToken } = await signIn({ authorityOrigin: served.url, user: 'MeganB@contoso.com' });
    served.emulator.injectFault({ path: '/me/mailFolders', network: 'hang' });
    const before = served.emulator.stats.graphRequests.length;
    const caller = new AbortController();
    const answer = fetch(`${served.graphBaseUrl}/me/mailFolders/inbox/messages`, {
      signal: caller.signal,
      headers: { authorization: `Bearer ${accessToken}` },
    }).catch(() => 'aborted');
    const recorded = () => served.emulator.stats.graphRequests.slice(before);
    for (let i = 0; i < 100 && recorded().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(recorded().map((r) => r.aborted === true)).toEqual([false]);
    caller.abort();
    expect(await answer).toBe('aborted');
    for (let i = 0; i < 100 && !recorded()[0]?.aborted; i++) await new Promise((r) => setTimeout(r, 20));
    expect(recorded().map((r) => r.aborted === true)).toEqual([true]);
    served.emulator.clearFaults();
  });

  it('a waiting request still hears its caller close after a garbage collection', async () => {
    // A collection while Graph hangs is what a busy test process does between the call and the close.
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const { accessToken } = await signIn({ authorityOrigin: served.url, user: 'MeganB@contoso.com' });
    served.emulator.injectFault({ path: '/me/mailFolders', network: 'hang' });
    const before = served.emulator.stats.graphRequests.length;
    const caller = new AbortController();
    const answer = fetch(`${served.graphBaseUrl}/me/mailFolders/inbox/messages`, {
      signal: caller.signal,
      headers: { authorization: `Bearer ${accessToken}` },
    }).catch(() => 'aborted');
    const recorded = () => served.emulator.stats.graphRequests.slice(before);
    await expect.poll(() => recorded().length, { interval: 20 }).toBe(1);
    for (let i = 0; i < 3; i++) {
      collectGarbage();
      await new Promise((r) => setTimeout(r, 10));
    }
    caller.abort();
    expect(await answer).toBe('aborted');
    await expect.poll(() => recorded()[0]?.aborted, { interval: 20 }).toBe(true);
    served.emulator.clearFaults();
  });
});
