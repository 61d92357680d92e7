/**
 * Command-line clients against `wrangler dev` + the emulated tenant: the MCP Inspector CLI (bearer
 * from a full OAuth sign-in, Streamable HTTP and SSE), and mcp-remote as a stdio bridge doing its
 * own OAuth — the authorization URL it prints is followed by the scripted person (TestBrowser).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

let gateway: LocalGateway;
let work: string;
let token: string;
let newest: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gateway-cli-'));
  gateway = await startLocalGateway({ persistTo: join(work, 'state'), emulator: true });
  const tenant = gateway.emulator!.tenant;
  const user = tenant.users[0]!;
  const { client, provider } = await connectWithOAuth(gateway.mcpUrl, user.userPrincipalName);
  await client.close();
  token = provider.tokens()!.access_token;
  const inbox = tenant.resolveFolder(user.id, 'inbox')!;
  newest = [...tenant.messages(user.id, inbox.id)]
    .sort((a, b) => String(b.receivedDateTime).localeCompare(String(a.receivedDateTime)))[0]!
    .subject.slice(0, 20); // results show short handles, not Graph ids: match the subject
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function inspector(url: string, transport: 'http' | 'sse', ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(
    'npx',
    [
      '@modelcontextprotocol/inspector',
      '--cli',
      url,
      '--transport',
      transport,
      '--header',
      `Authorization: Bearer ${token}`,
      ...args,
    ],
    { timeout: 45_000, env: { ...process.env, MCP_CATALOG_PATH: join(work, 'catalog.json') } },
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('MCP Inspector CLI', () => {
  it.each([
    ['http', '/mcp'],
    ['sse', '/sse'],
  ] as const)('lists tools and calls getEmails over %s (%s)', async (transport, path) => {
    const list = await inspector(`${gateway.url}${path}`, transport, '--method', 'tools/list');
    expect((list.tools as Array<{ name: string }>).map((tool) => tool.name)).toContain('getEmails');
    const call = await inspector(
      `${gateway.url}${path}`,
      transport,
      '--method',
      'tools/call',
      '--tool-name',
      'getEmails',
      '--tool-arg',
      'count=1',
    );
    expect(call.isError).toBeFalsy();
    expect(JSON.stringify(call.content)).toContain(newest);
  });
});

describe('mcp-remote (stdio bridge with its own OAuth)', () => {
  it('signs in through the browser flow, then lists tools and calls getEmails over stdio', async () => {
    const proxy = join(dirname(require.resolve('mcp-remote/package.json')), 'dist', 'proxy.js');

    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [proxy, gateway.mcpUrl, '--transport', 'http-only'],
      // No display: mcp-remote finds no browser to launch and prints the authorization URL instead.
      env: {
        ...(process.env as Record<string, string>),
        MCP_REMOTE_CONFIG_DIR: join(work, 'mcp-auth'),
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
      },
      stderr: 'pipe',
    });
    let log = '';
    transport.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const client = new Client({ name: 'stdio-host', version: '1.0.0' });
    const connecting = client.connect(transport);
    // Never leave the bridge running, whatever happens below.
    onTestFinished(() => transport.close());

    const deadline = Date.now() + 30_000;
    const printedUrl = () => /Please authorize this client by visiting:\s+(\S+)/.exec(log)?.[1];
    while (!printedUrl() && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    const authorizationUrl = printedUrl();
    if (!authorizationUrl) throw new Error(`mcp-remote printed no authorization URL:\n${log.slice(-3000)}`);
    const browser = new TestBrowser({ fetchFor: () => (request) => fetch(request) });
    const user = gateway.emulator!.tenant.users[0]!.userPrincipalName;
    const back = await completeAuthorizationInBrowser({ browser, authorizationUrl, user });
    // The scripted browser stops at the client's redirect: deliver it to mcp-remote's callback server.
    expect((await fetch(back)).status).toBe(200);

    await connecting;
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('getEmails');
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(JSON.stringify(result.content)).toContain(newest);
    await client.close();
  });
});
