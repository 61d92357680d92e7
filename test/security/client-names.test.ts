/**
 * An app's self-chosen name cannot pass for another app's, on the consent page or on /apps:
 * bidi overrides and other invisible characters are removed, the name is isolated (`<bdi>`), and
 * a name mixing alphabets carries a visible warning. The "Disconnected …" notice on /apps shows
 * only the name of an app the user really revoked.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOTICE_TTL_SECONDS } from '../../core/http/revoked-notice';
import { createPkcePair, type Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { authorizeUrl, clientId, GATEWAY, newBrowser, signedInToApps, tokensFor } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

const WARNING = 'This name mixes alphabets — it may imitate another app.';
// Bidi overrides, isolates and marks, zero-width characters, line separators, controls (the page's own
// newlines and tabs aside).
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]|(?![\n\r\t])\p{Cc}/u;
/** "Claude" with a Cyrillic "а", then a right-to-left override that would reverse what follows. */
const LOOKALIKE = 'Cl\u0430ude \u202Eppa laiciffo\u202C';

async function consentPage(name: string): Promise<{ html: string; response: Response }> {
  const id = await clientId({ client_name: name });
  const { challenge } = await createPkcePair();
  const response = await newBrowser().request(authorizeUrl(id, { code_challenge: challenge }));
  expect(response.status).toBe(200);
  return { html: await response.text(), response };
}

describe('client names (look-alikes and bidi overrides)', () => {
  it('consent page: bidi overrides removed, the name isolated in <bdi>, a mixed-alphabet name warned about', async () => {
    const { html } = await consentPage(LOOKALIKE);
    expect(html).not.toMatch(INVISIBLE);
    expect(html).toContain('<h1>Allow <em><bdi>Cl\u0430ude ppa laiciffo</bdi></em> to use your Microsoft 365?</h1>');
    expect(html).toContain('can act for you');
    expect(html).toContain(WARNING);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe('Allow Cl\u0430ude ppa laiciffo?');
  });

  it('consent page: every control and format character is removed, escaping still applies', async () => {
    const { html } = await consentPage('Mail\u2066\u200B\u200E\u061C\u0007\uFEFF<b>Helper</b>\u2028\u2069');
    expect(html).not.toMatch(INVISIBLE);
    expect(html).toContain('<bdi>Mail&#60;b&#62;Helper&#60;/b&#62;</bdi>');
    expect(html).not.toContain(WARNING);
  });

  it('consent page: single-alphabet names and ordinary mixes are not flagged', async () => {
    for (const name of ['Trip Planner', 'Почтовый помощник', 'Ελληνικό Ταχυδρομείο', 'カレンダー Sync 日本']) {
      const { html } = await consentPage(name);
      expect(html, name).toContain(`<bdi>${name}</bdi>`);
      expect(html, name).not.toContain(WARNING);
    }
    // Greek mixed with Latin is flagged like Cyrillic.
    expect((await consentPage('G\u03BFogle Drive')).html).toContain(WARNING);
  });

  it('connected apps: the same name rendering and warning for each connected client', async () => {
    const upn = emulator.tenant.users[0]!.userPrincipalName;
    await tokensFor(upn, { clientId: await clientId({ client_name: LOOKALIKE }) });
    const { html } = await signedInToApps(upn);
    expect(html).not.toMatch(INVISIBLE);
    expect(html).toContain('<strong class="client"><bdi>Cl\u0430ude ppa laiciffo</bdi></strong>');
    expect(html).toContain('Disconnect <bdi>Cl\u0430ude ppa laiciffo</bdi>');
    expect(html).toContain(WARNING);
  });
});

describe('revoked notice on /apps', () => {
  it('revoked notice: shows the name of the app the user revoked, and nothing for forged, edited or foreign links', async () => {
    const upn = emulator.tenant.users[1]!.userPrincipalName;
    await tokensFor(upn, { clientId: await clientId({ client_name: 'Notice Test App' }) });
    const { browser, html, csrf } = await signedInToApps(upn);
    const grant = /name="grant" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const done = await browser.request(`${GATEWAY}/apps/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
      body: new URLSearchParams({ grant, csrf }).toString(),
    });
    expect(done.status).toBe(303);
    const location = new URL(done.headers.get('location') ?? '', GATEWAY);
    expect(location.searchParams.get('revoked')).toBe('Notice Test App');
    const shown = await (await browser.request(location)).text();
    expect(shown).toContain('Disconnected <strong><bdi>Notice Test App</bdi></strong>.');

    const notice = (url: URL | string, who = browser) =>
      who.request(url).then(async (response) => /Disconnected/.test(await response.text()));
    // Any text in the query: no notice.
    expect(
      await notice(`${GATEWAY}/apps?revoked=${encodeURIComponent('Call +1 555 0100 to restore your mailbox')}`),
    ).toBe(false);
    // The real link with another name, or another expiry: no notice.
    const edited = new URL(location);
    edited.searchParams.set('revoked', 'Your account is locked');
    expect(await notice(edited)).toBe(false);
    const extended = new URL(location);
    extended.searchParams.set('until', String(Number(location.searchParams.get('until')) + 3600));
    expect(await notice(extended)).toBe(false);
    // The real link, once its 5 minutes have passed (the session itself lasts 15): no notice.
    const now = Date.now();
    const later = vi.spyOn(Date, 'now').mockReturnValue(now + (NOTICE_TTL_SECONDS + 1) * 1000);
    try {
      expect(await notice(location)).toBe(false);
    } finally {
      later.mockRestore();
    }
    expect(await notice(location)).toBe(true);
    // The real link opened in another user's session: no notice.
    const other = await signedInToApps(emulator.tenant.users[2]!.userPrincipalName);
    expect(await notice(location, other.browser)).toBe(false);
  });
});
