/**
 * Confused-deputy defences (MCP security best practices): the consent page per client, its CSRF
 * and framing protection, and the upstream `state` — created only after consent, bound to the
 * browser, single use, at most 10 minutes. Plus the tenant allowlist at /callback.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../../core/worker';
import { createPkcePair, type Emulator } from '../../core/testing';
import { completeAuthorizationInBrowser, readForm, TestBrowser } from '../../core/testing/oauth-browser';
import { startEmulator } from '../workers/harness';
import { authorizeUrl, clientId, GATEWAY, newBrowser } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());
const user = () => emulator.tenant.users[0]!.userPrincipalName;

async function consentPage(browser: TestBrowser): Promise<{ response: Response; html: string; handle: string }> {
  const pkce = await createPkcePair();
  const response = await browser.request(
    authorizeUrl(await clientId({ client_name: 'Evil <script>alert(1)</script> Co' }), {
      code_challenge: pkce.challenge,
    }),
  );
  const html = await response.text();
  return { response, html, handle: readForm(html).fields.handle ?? '' };
}

function approve(browser: TestBrowser, handle: string, origin = GATEWAY): Promise<Response> {
  return browser.request(`${GATEWAY}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ handle, decision: 'approve' }).toString(),
  });
}

/** Consent → Microsoft sign-in; returns the /callback URL Microsoft sends the browser to. */
async function callbackUrl(browser: TestBrowser): Promise<URL> {
  const { handle } = await consentPage(browser);
  const toMicrosoft = new URL((await approve(browser, handle)).headers.get('location')!);
  const login = await browser.request(toMicrosoft);
  const { action, fields } = readForm(await login.text());
  const back = await browser.request(new URL(action ?? toMicrosoft.toString(), toMicrosoft), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, user: user() }).toString(),
  });
  return new URL(back.headers.get('location')!);
}

describe('consent page (MCP security best practices: per-client consent)', () => {
  it('consent before any Microsoft redirect: names the client (escaped), its redirect host and the Graph scopes', async () => {
    const browser = newBrowser();
    const { response, html } = await consentPage(browser);
    expect(response.status).toBe(200);
    expect(html).toContain('Evil &#60;script&#62;alert(1)&#60;/script&#62; Co');
    expect(html).not.toContain('<script>');
    expect(html).toContain('127.0.0.1');
    expect(html).toContain('Mail.Read');
    expect(response.headers.get('location')).toBeNull();
    expect(emulator.stats.tokenRequests.authorization_code).toBe(0);
  });

  it('consent page framing: frame-ancestors none and X-Frame-Options DENY', async () => {
    const { response } = await consentPage(newBrowser());
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).not.toMatch(/script-src/);
  });

  it('consent page CSRF: an approval posted from another browser (handle without its cookie) is refused', async () => {
    const { handle } = await consentPage(newBrowser());
    const attacker = newBrowser();
    // Same origin, so the cookie binding itself is what refuses it (a foreign Origin is refused
    // earlier: consent-origin.test.ts).
    const response = await approve(attacker, handle);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('state stored only after consent: showing the page creates no upstream state or cookie', async () => {
    const browser = newBrowser();
    await consentPage(browser);
    expect(browser.cookieNames(new URL(GATEWAY).host).some((name) => name.includes('upstream'))).toBe(false);
    const { handle } = await consentPage(browser);
    const approved = await approve(browser, handle);
    expect(approved.status).toBe(302);
    expect(new URL(approved.headers.get('location')!).searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(browser.cookieNames(new URL(GATEWAY).host).some((name) => name.includes('upstream'))).toBe(true);
  });
});

describe('upstream state (RFC 9700 §4.7, MCP: state bound to the user agent)', () => {
  it('state replay: the Microsoft callback works once; the same state again is refused', async () => {
    const browser = newBrowser();
    const callback = await callbackUrl(browser);
    const first = await browser.request(callback);
    expect(first.status).toBe(302);
    expect(new URL(first.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const replay = await browser.request(callback);
    expect(replay.status).toBe(400);
    expect(replay.headers.get('location')).toBeNull();
  });

  it('state bound to the browser: the callback in another browser is refused', async () => {
    const callback = await callbackUrl(newBrowser());
    const other = await newBrowser().request(callback);
    expect(other.status).toBe(400);
    expect(other.headers.get('location')).toBeNull();
  });

  it('state expiry: the state record and its cookie live at most 10 minutes', async () => {
    const browser = newBrowser();
    const { handle } = await consentPage(browser);
    const approved = await approve(browser, handle);
    const cookies = approved.headers.getSetCookie().filter((line) => line.includes('upstream'));
    expect(cookies.length).toBe(1);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookies[0]!)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(cookies[0]).toMatch(/^__Host-.*; *Secure/i);
    const { keys } = await env.OAUTH_KV.list({ prefix: 'transaction:' });
    expect(keys.length).toBeGreaterThan(0);
    const now = Date.now() / 1000;
    for (const key of keys) expect(key.expiration! - now).toBeLessThanOrEqual(601);
  });
});

describe('tenants (Microsoft identity platform: restrict who can sign in)', () => {
  it('tenant allowlist: an account of another tenant gets access_denied and nothing is stored', async () => {
    const restricted = { ...env, ALLOWED_TENANTS: '00000000-0000-4000-8000-000000000001' } as Env;
    const viaRestricted = new TestBrowser({
      fetchFor: (url) =>
        url.origin === GATEWAY
          ? async (request) => {
              const ctx = createExecutionContext();
              const response = await worker.fetch(request, restricted, ctx);
              await waitOnExecutionContext(ctx);
              return response;
            }
          : (request) => fetch(request),
    });
    const id = await clientId();
    const pkce = await createPkcePair();
    const before = (await env.OAUTH_KV.list({ prefix: 'grant:' })).keys.length;
    const back = await completeAuthorizationInBrowser({
      browser: viaRestricted,
      authorizationUrl: authorizeUrl(id, { code_challenge: pkce.challenge }),
      user: user(),
    });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
    expect((await env.OAUTH_KV.list({ prefix: 'grant:' })).keys.length).toBe(before);
  });
});
