/**
 * The connected-apps page in a real browser (headless Chromium from ./browser, via playwright-core)
 * against wrangler dev and the emulated tenant: sign in, see two connected clients and the audit
 * list of what one of them changed (screenshot under .tmp/test-output), revoke one; its next MCP
 * request gets 401 while the other client keeps working.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';
import { findBrowser, launchBrowser } from './browser';
import { InMemoryOAuthProvider } from './oauth-client';

const found = await findBrowser();
/** Screenshots go here (git-ignored). */
const OUTPUT = resolve('.tmp/test-output');
let gateway: LocalGateway;
let browser: BrowserContext;
let state: string;

beforeAll(async () => {
  if (!found) return;
  state = mkdtempSync(join(tmpdir(), 'gateway-apps-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  browser = await launchBrowser(found);
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
});

class NamedProvider extends InMemoryOAuthProvider {
  constructor(
    private readonly name: string,
    port: number,
  ) {
    super(`http://127.0.0.1:${port}/oauth/callback`);
  }
  override get clientMetadata() {
    return { ...super.clientMetadata, client_name: this.name };
  }
}

/** An SDK client that registers as `name` and signs in as `user` (consent and Microsoft page scripted). */
async function connect(name: string, port: number, user: string): Promise<{ client: Client; provider: NamedProvider }> {
  const provider = new NamedProvider(name, port);
  const client = new Client({ name, version: '1.0.0' });
  const first = new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), { authProvider: provider });
  await expect(client.connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
  const back = await completeAuthorizationInBrowser({
    browser: new TestBrowser({ fetchFor: () => (request) => fetch(request) }),
    authorizationUrl: provider.authorizationUrl!.toString(),
    user,
  });
  await first.finishAuth(back.searchParams.get('code')!);
  await client.connect(new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), { authProvider: provider }));
  return { client, provider };
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function rawMcpStatus(accessToken: string): Promise<number> {
  return fetch(gateway.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: initialize,
  }).then(async (response) => {
    await response.body?.cancel();
    return response.status;
  });
}

describe.skipIf(!found)('connected apps in a real browser', () => {
  it('signs in, shows two clients and the audit list of writes, revokes one: its next MCP request gets 401, the other still works', async () => {
    const user = gateway.emulator!.tenant.users[0]!;
    const notes = await connect('Notes Assistant', 43121, user.userPrincipalName);
    const planner = await connect('Trip Planner', 43122, user.userPrincipalName);
    // One write by Notes Assistant: the audit list shows it, as handles, without content.
    const listed = await notes.client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    const handle = /^- (m\w+) \|/m.exec((listed.content as Array<{ text: string }>)[0]!.text)![1]!;
    const flagged = await notes.client.callTool({ name: 'manageEmails', arguments: { ids: [handle], action: 'flag' } });
    expect(flagged.isError).toBeFalsy();

    const page = await browser.newPage();
    await page.goto(`${gateway.url}/apps`);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('button', { name: new RegExp(user.displayName) }).click();
    await page.waitForURL(`${gateway.url}/apps`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Apps connected/);
    const clients = await page.locator('.client').allTextContents();
    expect(clients.sort()).toEqual(['Notes Assistant', 'Trip Planner']);
    expect(await page.content()).toContain(user.userPrincipalName);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    const audit = await page.locator('#audit tbody tr').allTextContents();
    expect(audit).toHaveLength(1);
    for (const shown of ['Notes Assistant', 'manageEmails', handle, 'done']) expect(audit[0]).toContain(shown);
    mkdirSync(OUTPUT, { recursive: true });
    const shot = join(OUTPUT, 'connected-apps-audit.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    await page.getByRole('button', { name: 'Disconnect Trip Planner' }).click();
    await page.waitForURL(/\/apps\?revoked=/);
    expect(await page.locator('.client').allTextContents()).toEqual(['Notes Assistant']);

    expect(await rawMcpStatus(planner.provider.tokens()!.access_token)).toBe(401);
    await expect(planner.client.callTool({ name: 'getEmails', arguments: { count: 1 } })).rejects.toThrow();
    expect(await rawMcpStatus(notes.provider.tokens()!.access_token)).toBe(200);
    const result = await notes.client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(result.isError).toBeFalsy();
    await notes.client.close();
    await planner.client.close().catch(() => undefined);
    await page.close();
  });
});
