import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, signIn } from '../index';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const get = (path: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${GRAPH}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

describe('core Graph', () => {
  it('answers 401 InvalidAuthenticationToken without a valid bearer', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { authorization: 'Basic abc' }] as Array<
      Record<string, string>
    >) {
      const res = await fetch(`${GRAPH}/me`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const body = (await res.json()) as {
        error: { code: string; message: string; innerError: Record<string, string> };
      };
      expect(body.error.code).toBe('InvalidAuthenticationToken');
      expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    }
  });

  it('serves /me for the signed-in user, with $select', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'AlexW@contoso.com' });
    const full = (await (await get('/me', accessToken)).json()) as Record<string, unknown>;
    expect(full).toMatchObject({
      displayName: 'Alex Wilber',
      userPrincipalName: 'AlexW@contoso.com',
      mail: 'AlexW@contoso.com',
    });
    expect(full.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(full.jobTitle).toBeTruthy();

    const sel = (await (await get('/me?$select=displayName,jobTitle', accessToken)).json()) as Record<string, unknown>;
    const keys = Object.keys(sel).filter((k) => !k.startsWith('@odata.'));
    expect(keys.sort()).toEqual(['displayName', 'id', 'jobTitle']);
  });

  it('serves mailboxSettings with each user’s Windows time zone', async () => {
    const zones = new Set<string>();
    for (const user of ['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com']) {
      const { accessToken } = await signIn({ authorityOrigin: AUTH, user });
      const s = (await (await get('/me/mailboxSettings', accessToken)).json()) as {
        timeZone: string;
        workingHours: { timeZone: { name: string } };
      };
      expect(s.timeZone).toMatch(/ Standard Time$/);
      expect(s.workingHours.timeZone.name).toBe(s.timeZone);
      zones.add(s.timeZone);
      const only = (await (await get('/me/mailboxSettings?$select=timeZone', accessToken)).json()) as Record<
        string,
        unknown
      >;
      expect(
        Object.keys(only)
          .filter((k) => !k.startsWith('@'))
          .sort(),
      ).toEqual(['timeZone']);
    }
    expect(zones.size).toBe(3);
  });

  it('answers unknown routes like Graph does', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'AlexW@contoso.com' });
    const res = await get('/me/fooBar', accessToken);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'fooBar'." });
    const root = await get('/nonsense/x', accessToken);
    expect(((await root.json()) as { error: { message: string } }).error.message).toBe(
      "Resource not found for the segment 'nonsense'.",
    );
  });

  it('records every Graph request with its user, path, query and headers', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'MeganB@contoso.com' });
    const me = (await (await get('/me', accessToken)).json()) as { id: string };
    await get('/me/mailboxSettings?$select=timeZone', accessToken, { prefer: 'outlook.timezone="UTC"' });
    await fetch(`${GRAPH}/me`);
    const recs = emulator.stats.graphRequests;
    expect(recs).toHaveLength(3);
    expect(recs[0]).toMatchObject({ method: 'GET', path: '/me', search: '', userId: me.id });
    expect(recs[1]).toMatchObject({ path: '/me/mailboxSettings', search: '?$select=timeZone', userId: me.id });
    expect(recs[1]?.headers.prefer).toBe('outlook.timezone="UTC"');
    expect(recs[2]?.userId).toBeUndefined();
    emulator.stats.reset();
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });

  it('answers JSON $batch requests through the same handlers', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com' });
    const res = await fetch(`${GRAPH}/$batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/me?$select=displayName' },
          { id: '2', method: 'GET', url: '/me/nope' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      responses: Array<{ id: string; status: number; body: Record<string, unknown> }>;
    };
    const byId = Object.fromEntries(body.responses.map((r) => [r.id, r]));
    expect(byId['1']?.status).toBe(200);
    expect(byId['1']?.body.displayName).toBe('Adele Vance');
    expect(byId['2']?.status).toBe(400);
  });
});

describe('fault injection', () => {
  it('throttles matching requests with Retry-After, then answers normally', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com' });
    emulator.injectFault({ path: '/me', status: 429, retryAfterSeconds: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await get('/me', accessToken);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    }
    expect((await get('/me', accessToken)).status).toBe(200);
    expect(emulator.stats.graphRequests).toHaveLength(3);
  });

  it('slows requests down without changing the answer', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com' });
    emulator.injectFault({ delayMs: 150 });
    const start = Date.now();
    expect((await get('/me', accessToken)).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  });
});
