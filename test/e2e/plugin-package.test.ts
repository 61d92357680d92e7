/**
 * A plugin installed as an npm package (test/fixtures/mailbox-time-zone, a `file:` dependency listed
 * in package.json "m365Gateway.testPlugins") end to end: registered by the build, bundled by wrangler
 * from its published entry points, listed in tools/list and called through a real MCP client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

let gateway: LocalGateway;
let state: string;
let megan: Client;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-e2e-plugin-package-'));
  // wrangler.toml leaves the fixture off, so `npm start` is unchanged; this deployment enables it.
  gateway = await startLocalGateway({
    persistTo: state,
    emulator: true,
    vars: { ENABLED_PLUGINS: 'mail,mailbox-time-zone' },
  });
  megan = (await connectWithOAuth(gateway.mcpUrl, 'MeganB@contoso.com')).client;
});

afterAll(async () => {
  await megan?.close();
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

describe('a plugin installed as an npm package', () => {
  it('is listed in tools/list and answers through a real MCP client', async () => {
    const { tools } = await megan.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toContain('getMailboxTimeZone');
    expect(names).toContain('getEmails');
    const result = await megan.callTool({ name: 'getMailboxTimeZone', arguments: {} });
    const text = (result.content as Array<{ text?: string }>).map((item) => item.text ?? '').join('\n');
    expect(result.isError, text).toBeFalsy();
    // Megan's zone comes from the emulator's core, its display name from the package's own mock.
    expect(text).toBe('Mailbox time zone: Eastern Standard Time, (UTC-05:00) Eastern Time (US & Canada)');
  });
});
