/**
 * Microsoft's sign-in errors at /callback: where an AADSTS code says what went wrong, the person
 * gets the fix in plain words (the gateway's own text, never Microsoft's description from the
 * URL) and a way back to the app, which hears `access_denied`.
 */
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair, type Emulator } from '../../core/testing';
import { tokenError } from '../../core/testing/identity/responses';
import { readForm, type TestBrowser } from '../../core/testing/oauth-browser';
import { authorizeUrl, CLIENT_REDIRECT, clientId, GATEWAY, newBrowser } from './support';
import { startEmulator } from '../workers/harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

/** Consent approved: the browser is on its way to Microsoft; returns Microsoft's authorize URL. */
async function toMicrosoft(browser: TestBrowser): Promise<URL> {
  const pkce = await createPkcePair();
  const consent = await browser.request(authorizeUrl(await clientId(), { code_challenge: pkce.challenge }));
  const { fields } = readForm(await consent.text());
  const approved = await browser.request(`${GATEWAY}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
    body: new URLSearchParams({ ...fields, decision: 'approve' }).toString(),
  });
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get('location')!);
}

/** Microsoft sending the browser back with an error, as it does after its own page. */
async function callbackWithError(error: string, description: string): Promise<Response> {
  const browser = newBrowser();
  const microsoft = await toMicrosoft(browser);
  const back = new URL(`${GATEWAY}/callback`);
  back.search = new URLSearchParams({
    error,
    error_description: description,
    state: microsoft.searchParams.get('state')!,
  }).toString();
  return browser.request(back);
}

describe('Microsoft sign-in errors at /callback', () => {
  it.each([
    [
      'AADSTS50011 (redirect URI mismatch)',
      'invalid_request',
      "AADSTS50011: The redirect URI 'https://gateway.test/callback' specified in the request does not match.",
      /operator adds https:\/\/gateway\.test\/callback and https:\/\/gateway\.test\/apps\/callback as Web redirect URIs/,
    ],
    [
      'AADSTS65001 (consent required)',
      'consent_required',
      'AADSTS65001: The user or administrator has not consented to use the application.',
      /accept the permissions.*admin consent/,
    ],
    [
      'AADSTS90094 (admin consent required)',
      'access_denied',
      'AADSTS90094: The grant requires admin permission.',
      /Ask your IT administrator to grant admin consent/,
    ],
    [
      'AADSTS700016 (unknown app or wrong tenant)',
      'unauthorized_client',
      "AADSTS700016: Application with identifier 'x' was not found in the directory 'Contoso'.",
      /MS_CLIENT_ID is the Entra app's Application \(client\) id and that MS_AUTHORITY names the tenant/,
    ],
  ])('%s: a page with the fix and a way back to the app', async (_name, error, description, fix) => {
    const response = await callbackWithError(error, description);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = (await response.text()).replaceAll('&#39;', "'");
    expect(html).toMatch(fix);
    expect(html).toContain(`AADSTS${/AADSTS(\d+)/.exec(description)![1]}`);
    const back = new URL(
      /<a class="button" href="([^"]+)">Return to your app<\/a>/.exec(html)![1]!.replaceAll('&#38;', '&'),
    );
    expect(`${back.origin}${back.pathname}`).toBe(CLIENT_REDIRECT);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('client-state');
  });

  it("an unlisted code points to Microsoft's lookup; Microsoft's own text from the URL is never shown", async () => {
    const response = await callbackWithError('access_denied', 'AADSTS123456: <b>Call +1 555 0100 for help</b>');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('https://login.microsoftonline.com/error?code=123456');
    expect(html).not.toMatch(/555 0100|<b>/);
  });

  it('an error without an AADSTS code still goes straight back to the app as access_denied', async () => {
    const response = await callbackWithError('access_denied', 'The user cancelled.');
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it("a code exchange refused for the app's expired secret (AADSTS7000222) tells the operator's fix", async () => {
    server.use(
      http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', () =>
        tokenError(
          'https://login.emulator.test',
          'invalid_client',
          7000222,
          'The provided client secret keys are expired.',
          401,
        ),
      ),
    );
    const browser = newBrowser();
    const microsoft = await toMicrosoft(browser);
    // The emulated Microsoft sign-in page, as a person fills it in.
    const page = await browser.request(microsoft);
    const { action, fields } = readForm(await page.text());
    const user = emulator.tenant.users[0]!.userPrincipalName;
    const signedIn = await browser.request(new URL(action ?? microsoft.toString(), microsoft), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: microsoft.origin },
      body: new URLSearchParams({ ...fields, user }).toString(),
    });
    const callback = new URL(signedIn.headers.get('location')!);
    expect(callback.pathname).toBe('/callback');
    const response = await browser.request(callback);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/client secret has expired.*wrangler secret put MS_CLIENT_SECRET/s);
  });
});
