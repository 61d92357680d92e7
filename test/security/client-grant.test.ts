/**
 * A client's grant holds what THAT client asked for at /authorize (all the enabled tools'
 * permissions when it named none), within what Microsoft granted: Microsoft is still asked for
 * everything the gateway needs, because the user's Microsoft token serves all their clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair, type Emulator } from '../../core/testing';
import { mcpClient, startEmulator, textOf } from '../workers/harness';
import { appsSession } from './apps-session';
import { authorizeUrl, callTool, clientId, mcpPost, newBrowser, tokensFor } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());
const alex = () => emulator.tenant.users[2]!.userPrincipalName;

async function consentHtml(scope?: string): Promise<string> {
  const pkce = await createPkcePair();
  const url = authorizeUrl(await clientId(), { code_challenge: pkce.challenge, ...(scope ? { scope } : {}) });
  return (await newBrowser().request(url)).text();
}

describe("a client's grant is what it asked for", () => {
  it('scope=Mail.Read gets a Mail.Read token, although Microsoft granted every mail permission', async () => {
    const everything = await tokensFor(alex());
    expect(everything.scope.split(' ')).toEqual(expect.arrayContaining(['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']));
    const narrow = await tokensFor(alex(), { params: { scope: 'Mail.Read' } });
    expect(narrow.scope).toBe('Mail.Read');
    // The narrow client's tokens still reach the user's full Microsoft token, so only its grant can stop it.
    const response = await mcpPost(narrow.access_token, callTool('sendEmail', { to: 'a@contoso.com' }));
    expect(response.status).toBe(403);
  });

  it('a client naming none of the tools’ permissions (e.g. only openid) gets all the enabled tools’ permissions', async () => {
    const tokens = await tokensFor(alex(), { params: { scope: 'openid' } });
    expect(tokens.scope.split(' ').sort()).toEqual(['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']);
  });

  it('the consent page shows the permissions the client asked for, not all the gateway could use', async () => {
    const narrow = await consentHtml('Mail.Read');
    expect(narrow).toContain('<code>Mail.Read</code>');
    expect(narrow).not.toContain('Mail.Send');
    expect(narrow).not.toContain('sendEmail');
    expect(narrow).toContain('getEmails');
    const full = await consentHtml();
    for (const scope of ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']) expect(full).toContain(`<code>${scope}</code>`);
  });

  it('a remembered approval for fewer permissions does not skip consent when the client asks for all of them', async () => {
    const browser = newBrowser();
    const id = await clientId();
    await tokensFor(alex(), { clientId: id, browser, params: { scope: 'Mail.Read' } });
    const again = async (scope?: string) => {
      const pkce = await createPkcePair();
      return browser.request(authorizeUrl(id, { code_challenge: pkce.challenge, ...(scope ? { scope } : {}) }));
    };
    // The same request again is remembered: straight on to Microsoft.
    const same = await again('Mail.Read');
    expect(same.status).toBe(302);
    await same.body?.cancel();
    // Naming no scope means every enabled tool's permissions: the user must see and approve that.
    const wider = await again();
    expect(wider.status).toBe(200);
    expect(await wider.text()).toContain('<code>Mail.Send</code>');
  });

  it("authenticate shows THIS client's grant against what the tools need, and how to get the rest", async () => {
    await tokensFor(alex()); // another client of the user holds everything
    const narrow = await tokensFor(alex(), { params: { scope: 'Mail.Read' } });
    const { client } = await mcpClient(narrow.access_token);
    const text = textOf(await client.callTool({ name: 'authenticate', arguments: {} }));
    await client.close();
    expect(text).toMatch(/^needed: Mail\.Read, Mail\.ReadWrite, Mail\.Send$/m);
    expect(text).toMatch(/^granted to this app: Mail\.Read$/m);
    expect(text).toMatch(/^missing: Mail\.ReadWrite, Mail\.Send$/m);
    expect(text).toMatch(/authorize this app again asking for scope "Mail\.ReadWrite Mail\.Send"/);
    // Microsoft already granted them: no Microsoft consent is needed, only this app's re-authorization.
    expect(text).not.toMatch(/consent URL/);
  });

  it('the connected-apps page offers Microsoft consent only for what Microsoft did not grant, not for narrow apps', async () => {
    const adele = emulator.tenant.users[0]!.userPrincipalName;
    await tokensFor(adele, { params: { scope: 'Mail.Read' } }); // her only app asked for Mail.Read
    const { html } = await appsSession(adele);
    expect(html).toContain('<code>Mail.Read</code>');
    expect(html).not.toContain('/apps/signin?consent=1');
  });
});
