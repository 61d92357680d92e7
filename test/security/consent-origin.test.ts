/**
 * The consent answer (POST /authorize) is accepted only from this gateway's own page: a browser's
 * `Origin` must be this origin and `Sec-Fetch-Site` must be `same-origin` when they are sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair } from '../../core/testing';
import { readForm, type TestBrowser } from '../../core/testing/oauth-browser';
import { startEmulator } from '../workers/harness';
import { authorizeUrl, clientId, GATEWAY, newBrowser } from './support';

let close: () => void;
beforeAll(() => {
  ({ close } = startEmulator());
});
afterAll(() => close());

async function consentForm(): Promise<{ browser: TestBrowser; handle: string; page: Response }> {
  const browser = newBrowser();
  const { challenge } = await createPkcePair();
  const page = await browser.request(authorizeUrl(await clientId(), { code_challenge: challenge }));
  expect(page.status).toBe(200);
  const handle = readForm(await page.clone().text()).fields.handle ?? '';
  expect(handle).not.toBe('');
  return { browser, handle, page };
}

function answer(browser: TestBrowser, handle: string, headers: Record<string, string>): Promise<Response> {
  return browser.request(`${GATEWAY}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ handle, decision: 'approve' }).toString(),
  });
}

describe('consent answer origin (CSRF on POST /authorize)', () => {
  it('consent POST from another origin or site is refused (403 page); the same answer from the page itself proceeds', async () => {
    const { browser, handle } = await consentForm();
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://gateway.test' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: GATEWAY, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const response = await answer(browser, handle, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get('location'), JSON.stringify(headers)).toBeNull();
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toMatch(/did not come from this gateway/);
    }
    // Nothing was consumed: the page's own answer still goes on to Microsoft.
    const own = await answer(browser, handle, { origin: GATEWAY, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get('location') ?? '').hostname).toBe('login.emulator.test');
  });

  it('consent POST without Origin or Sec-Fetch-Site (not a browser) is not refused for it', async () => {
    const { browser, handle } = await consentForm();
    const response = await answer(browser, handle, {});
    expect(response.status).toBe(302);
  });

  it('the consent page sends a same-origin referrer policy, so its own POST carries its origin (not "null")', async () => {
    const { page } = await consentForm();
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });
});
