import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, createPkcePair, DEMO_TENANT_ID } from '../index';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const CLIENT = 'gateway-test-client';
const REDIRECT = 'https://gateway.test/callback';
const base = (tenant = 'organizations') => `${AUTH}/${tenant}/oauth2/v2.0`;

function authorizeParams(challenge: string, extra: Record<string, string> = {}) {
  return new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    response_type: 'code',
    state: 'st-123',
    scope: 'openid profile offline_access https://graph.microsoft.com/Mail.Read User.Read',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
}

async function getCode(user = 'MeganB@contoso.com', extra: Record<string, string> = {}) {
  const pkce = await createPkcePair();
  const res = await fetch(`${base()}/authorize?${authorizeParams(pkce.challenge, extra)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user }),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  return { pkce, location, code: location.searchParams.get('code') ?? '' };
}

const token = (fields: Record<string, string>) =>
  fetch(`${base()}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });

const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: CLIENT,
    code_verifier: verifier,
    ...extra,
  });

function claimsOf(jwt: string): Record<string, unknown> {
  const [h, p] = jwt.split('.');
  const dec = (s = '') => {
    const bin = atob(
      s
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(s.length / 4) * 4, '='),
    );
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
  };
  return { header: dec(h), ...dec(p) };
}

describe('authorize', () => {
  it('shows a sign-in page listing every demo user in a form that posts back', async () => {
    const { challenge } = await createPkcePair();
    const res = await fetch(`${base()}/authorize?${authorizeParams(challenge)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Sign in — Contoso (emulated Microsoft 365)');
    expect(html).toMatch(/<form method="post">/);
    const users = [...html.matchAll(/name="user" value="([^"]+)"/g)].map((m) => m[1]);
    expect(users).toEqual(['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com']);
    expect(html).toContain(`name="code_challenge" value="${challenge}"`);
  });

  it('escapes request values echoed into the page', async () => {
    const { challenge } = await createPkcePair();
    const res = await fetch(
      `${base()}/authorize?${authorizeParams(challenge, { state: '"><script>alert(1)</script>' })}`,
    );
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&#34;&#62;&#60;script&#62;');
  });

  it.each([
    ['response_type=token', { response_type: 'token' }],
    ['plain PKCE', { code_challenge_method: 'plain' }],
    ['no PKCE', { code_challenge: '' }],
    ['relative redirect_uri', { redirect_uri: '/callback' }],
    ['unknown resource scope', { scope: 'https://outlook.office.com/Mail.Read' }],
  ])('refuses %s with an AADSTS error page', async (_name, extra) => {
    const { challenge } = await createPkcePair();
    const res = await fetch(`${base()}/authorize?${authorizeParams(challenge, extra)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/AADSTS\d+/);
  });

  it('answers only for the Contoso tenant and its aliases', async () => {
    const { challenge } = await createPkcePair();
    for (const t of [DEMO_TENANT_ID, 'common', 'organizations', 'contoso.onmicrosoft.com']) {
      expect((await fetch(`${base(t)}/authorize?${authorizeParams(challenge)}`)).status).toBe(200);
    }
    const res = await fetch(`${base('fabrikam.onmicrosoft.com')}/authorize?${authorizeParams(challenge)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('AADSTS90002');
  });

  it('redirects back with code, state and session_state after a user is picked', async () => {
    const { location, code } = await getCode();
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(code.length).toBeGreaterThan(30);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('session_state')).toBeTruthy();
  });

  it('sends access_denied back when the user cancels', async () => {
    const { challenge } = await createPkcePair();
    const res = await fetch(`${base()}/authorize?${authorizeParams(challenge)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=cancel',
      redirect: 'manual',
    });
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('signs in silently with prompt=none and a login_hint', async () => {
    const { challenge } = await createPkcePair();
    const res = await fetch(
      `${base()}/authorize?${authorizeParams(challenge, { prompt: 'none', login_hint: 'AlexW@contoso.com' })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });
});

describe('token', () => {
  it('exchanges a code (PKCE S256) for tokens with Microsoft-shaped id_token claims', async () => {
    const { pkce, code } = await getCode('MeganB@contoso.com', { nonce: 'n-42' });
    const res = await redeem(code, pkce.verifier, { client_secret: 'anything' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('Bearer');
    expect(String(body.scope).split(' ').sort()).toEqual(['Mail.Read', 'User.Read', 'email', 'openid', 'profile']);
    expect(body.expires_in).toBe(3600);
    expect(body.ext_expires_in).toBe(3600);
    expect(String(body.access_token)).not.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(typeof body.refresh_token).toBe('string');
    const claims = claimsOf(String(body.id_token));
    expect(claims.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'emulator' });
    expect(claims).toMatchObject({
      aud: CLIENT,
      iss: `${AUTH}/${DEMO_TENANT_ID}/v2.0`,
      tid: DEMO_TENANT_ID,
      name: 'Megan Bowen',
      preferred_username: 'MeganB@contoso.com',
      ver: '2.0',
      nonce: 'n-42',
    });
    expect(claims.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof claims.sub).toBe('string');
    const now = Date.now() / 1000;
    expect(Number(claims.iat)).toBeLessThanOrEqual(now + 1);
    expect(Number(claims.nbf)).toBeLessThanOrEqual(now + 1);
    expect(Number(claims.exp)).toBeGreaterThan(now);
    expect(emulator.stats.tokenRequests.authorization_code).toBe(1);
  });

  it('gives no refresh token without offline_access', async () => {
    const { pkce, code } = await getCode('MeganB@contoso.com', { scope: 'openid Mail.Read' });
    const body = (await (await redeem(code, pkce.verifier)).json()) as Record<string, unknown>;
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeUndefined();
  });

  it.each([
    ['a wrong code_verifier', (v: string) => ({ code_verifier: `${v}x` })],
    ['a different redirect_uri', () => ({ redirect_uri: 'https://evil.example/callback' })],
    ['a different client', () => ({ client_id: 'other-client' })],
    ['no code_verifier', () => ({ code_verifier: '' })],
  ])('refuses %s with invalid_grant in Microsoft’s error shape', async (_name, extra) => {
    const { pkce, code } = await getCode();
    const res = await redeem(code, pkce.verifier, extra(pkce.verifier));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_grant');
    expect(String(body.error_description)).toMatch(
      /^AADSTS\d+: .+ Trace ID: [0-9a-f-]+ Correlation ID: [0-9a-f-]+ Timestamp: /,
    );
    expect(Array.isArray(body.error_codes)).toBe(true);
    expect(body.trace_id).toBeTruthy();
    expect(body.correlation_id).toBeTruthy();
    expect(body.timestamp).toBeTruthy();
  });

  it('refuses a code the second time', async () => {
    const { pkce, code } = await getCode();
    expect((await redeem(code, pkce.verifier)).status).toBe(200);
    const again = await redeem(code, pkce.verifier);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('answers unsupported_grant_type for other grants', async () => {
    const res = await token({ grant_type: 'password', client_id: CLIENT, username: 'a', password: 'b' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('rotates refresh tokens: each refresh returns a new one and the old one stops working', async () => {
    const { pkce, code } = await getCode();
    const first = (await (await redeem(code, pkce.verifier)).json()) as Record<string, string>;
    const r1 = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: CLIENT,
    });
    expect(r1.status).toBe(200);
    const second = (await r1.json()) as Record<string, string>;
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope?.split(' ')).toContain('Mail.Read');

    const reused = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: CLIENT,
    });
    expect(reused.status).toBe(400);
    const err = (await reused.json()) as { error: string; error_description: string };
    expect(err.error).toBe('invalid_grant');
    expect(err.error_description).toMatch(/^AADSTS/);

    const r2 = await token({
      grant_type: 'refresh_token',
      refresh_token: second.refresh_token ?? '',
      client_id: CLIENT,
      scope: 'https://graph.microsoft.com/Mail.Read offline_access',
    });
    expect(r2.status).toBe(200);
    expect(emulator.stats.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 3 });
  });

  it('refuses a refresh that asks for a scope never granted', async () => {
    const { pkce, code } = await getCode();
    const first = (await (await redeem(code, pkce.verifier)).json()) as Record<string, string>;
    const res = await token({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
      client_id: CLIENT,
      scope: 'Mail.Send',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('access tokens work at Graph until expireAccessTokens(), then Graph answers 401', async () => {
    const { pkce, code } = await getCode('AdeleV@contoso.com');
    const tokens = (await (await redeem(code, pkce.verifier)).json()) as Record<string, string>;
    const me = () => fetch(`${GRAPH}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    const ok = await me();
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { displayName: string }).displayName).toBe('Adele Vance');

    emulator.expireAccessTokens();
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const err = (await expired.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(err.error.code).toBe('InvalidAuthenticationToken');
    expect(err.error.innerError['request-id']).toBeTruthy();

    // A refreshed token works again.
    const refreshed = (await (
      await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: CLIENT })
    ).json()) as Record<string, string>;
    const again = await fetch(`${GRAPH}/me`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
    expect(again.status).toBe(200);
  });

  it('honours accessTokenTtlSeconds', async () => {
    const short = createEmulator({
      authorityOrigin: 'https://login.short.test',
      graphBaseUrl: 'https://graph.short.test/v1.0',
      accessTokenTtlSeconds: 1,
    });
    server.use(...short.handlers);
    const pkce = await createPkcePair();
    const res = await fetch(
      `https://login.short.test/common/oauth2/v2.0/authorize?${authorizeParams(pkce.challenge)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'user=AlexW@contoso.com',
        redirect: 'manual',
      },
    );
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tok = await fetch('https://login.short.test/common/oauth2/v2.0/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: CLIENT,
        code_verifier: pkce.verifier,
      }),
    });
    const body = (await tok.json()) as { expires_in: number; access_token: string };
    expect(body.expires_in).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    const me = await fetch('https://graph.short.test/v1.0/me', {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(me.status).toBe(401);
    server.resetHandlers();
  });
});
