/**
 * The connected-apps page over HTTP: its own Microsoft sign-in (state bound to the browser),
 * listing a user's grants, revocation with CSRF and ownership checks, effective on the next request.
 * (The same page in a real browser: test/e2e/connected-apps.test.ts.)
 */
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { readForm, type TestBrowser } from '../../core/testing/oauth-browser';
import { startEmulator } from '../workers/harness';
import { clientId, GATEWAY, initialize, mcpPost, newBrowser, tokensFor } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

/** Signs in on /apps; returns the /apps/callback URL Microsoft redirects to (not yet followed). */
async function appsCallback(browser: TestBrowser, upn: string): Promise<URL> {
  const start = await browser.request(`${GATEWAY}/apps/signin`);
  const microsoft = new URL(start.headers.get('location')!);
  expect(microsoft.searchParams.get('scope')).toBe('openid profile');
  const login = await browser.request(microsoft);
  const { action, fields } = readForm(await login.text());
  const back = await browser.request(new URL(action ?? microsoft.toString(), microsoft), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, user: upn }).toString(),
  });
  return new URL(back.headers.get('location')!);
}

async function signedIn(upn: string): Promise<{ browser: TestBrowser; html: string; csrf: string }> {
  const browser = newBrowser();
  const callback = await appsCallback(browser, upn);
  expect((await browser.request(callback)).status).toBe(303);
  const html = await (await browser.request(`${GATEWAY}/apps`)).text();
  return { browser, html, csrf: readForm(html).fields.csrf ?? '' };
}

function revoke(browser: TestBrowser, fields: Record<string, string>, origin = GATEWAY): Promise<Response> {
  return browser.request(`${GATEWAY}/apps/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('connected apps', () => {
  it('connected apps sign-in state is bound to the browser and single use', async () => {
    const callback = await appsCallback(newBrowser(), emulator.tenant.users[1]!.userPrincipalName);
    expect((await newBrowser().request(callback)).status).toBe(400);
  });

  it('connected apps session survives the cross-site return from Microsoft: session cookie is SameSite=Lax, __Host-, Secure, HttpOnly', async () => {
    const browser = newBrowser();
    const callback = await appsCallback(browser, emulator.tenant.users[0]!.userPrincipalName);
    // Microsoft's sign-in page (login.emulator.test) is another site than the gateway (gateway.test),
    // as login.microsoftonline.com is for every real deployment.
    expect(new URL(callback).hostname).toBe('gateway.test');
    const response = await browser.request(callback);
    expect(response.status).toBe(303);
    const setCookies = response.headers.getSetCookie();
    const session = setCookies.find((line) => line.startsWith('__Host-m365-apps-session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/;\s*SameSite=Lax(;|$)/i);
    expect(session).toMatch(/;\s*Secure(;|$)/i);
    expect(session).toMatch(/;\s*HttpOnly(;|$)/i);
    expect(session).toMatch(/;\s*Path=\/(;|$)/i);
    expect(session).not.toMatch(/Domain=/i);
    // The 303 continues the navigation Microsoft started, so a browser sends no SameSite=Strict
    // cookie with it: only what remains may reach /apps, and it must still show the user signed in.
    const sendable = setCookies
      .filter((line) => !/samesite=strict/i.test(line) && !/max-age=0/i.test(line))
      .map((line) => line.split(';')[0])
      .join('; ');
    const next = await SELF.fetch(new URL(response.headers.get('location')!, GATEWAY), {
      headers: { cookie: sendable },
      redirect: 'manual',
    });
    expect(next.status).toBe(200);
    expect(await next.text()).toMatch(/Signed in as <strong>/);
  });

  it('connected apps page: strict CSP, no script, lists each client with approval time and scopes', async () => {
    const adele = emulator.tenant.users[0]!.userPrincipalName;
    await tokensFor(adele, { clientId: await clientId({ client_name: 'Listed App' }) });
    const { browser, html } = await signedIn(adele);
    expect(html).toContain('Listed App');
    expect(html).toMatch(/Approved \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(html).toContain('Mail.Read');
    expect(html).not.toMatch(/<script/i);
    const response = await browser.request(`${GATEWAY}/apps`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/form-action 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
  });

  it('revocation: CSRF token required, only own grants, and the revoked client gets 401 on its next request', async () => {
    const megan = emulator.tenant.users[1]!.userPrincipalName;
    const adele = emulator.tenant.users[0]!.userPrincipalName;
    const megansApp = await tokensFor(megan, { clientId: await clientId({ client_name: 'Megan App' }) });
    const adelesApp = await tokensFor(adele, { clientId: await clientId({ client_name: 'Adele App' }) });
    const { browser, html, csrf } = await signedIn(megan);
    const grant = /name="grant" value="([^"]+)"/.exec(html)?.[1];
    expect(grant).toBeTruthy();

    expect((await revoke(browser, { grant: grant!, csrf: 'forged' })).status).toBe(403);
    expect((await revoke(browser, { grant: grant!, csrf }, 'https://evil.example')).status).toBe(403);
    expect((await revoke(newBrowser(), { grant: grant!, csrf })).status).toBe(401);
    // Adele's grant id posted by Megan: not hers, refused, Adele unaffected.
    const adeleView = await signedIn(adele);
    const adelesGrant = /name="grant" value="([^"]+)"/.exec(adeleView.html)?.[1];
    expect((await revoke(browser, { grant: adelesGrant!, csrf })).status).toBe(404);
    expect((await mcpPost(adelesApp.access_token, initialize)).status).toBe(200);

    expect((await mcpPost(megansApp.access_token, initialize)).status).toBe(200);
    const done = await revoke(browser, { grant: grant!, csrf });
    expect(done.status).toBe(303);
    expect((await mcpPost(megansApp.access_token, initialize)).status).toBe(401);
    expect((await mcpPost(adelesApp.access_token, initialize)).status).toBe(200);
  });

  it('sign-out: CSRF token required, then the session cookie is cleared', async () => {
    const { browser, csrf } = await signedIn(emulator.tenant.users[2]!.userPrincipalName);
    const post = (fields: Record<string, string>) =>
      browser.request(`${GATEWAY}/apps/signout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post({ csrf: 'forged' })).status).toBe(403);
    expect(await (await browser.request(`${GATEWAY}/apps`)).text()).toContain('/apps/signout');
    expect((await post({ csrf })).status).toBe(303);
    expect(await (await browser.request(`${GATEWAY}/apps`)).text()).not.toContain('/apps/signout');
  });
});
