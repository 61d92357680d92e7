/**
 * MCP 2026-07-28 end to end: `wrangler dev` + the emulated tenant, signed in through the full
 * OAuth flow, then the v2 client pinned to 2026-07-28 runs server/discover, tools/list, tools/call
 * with progress, cancellation and resources/read of a mail attachment, with no initialize and no
 * session object. The header checks answer with the spec's codes and list results carry cache hints.
 *
 * Cancellation is the client closing its request. The local runtime notices a closed connection
 * only when it writes to it (request.signal does not fire for a client that leaves before the answer
 * starts, unlike Cloudflare's edge; test/workers/modern.test.ts proves that path in workerd), so
 * here the call streams progress and its heartbeat is the write that finds the connection gone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailAttachment } from '../../plugins/mail/attachment-resource';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

const MODERN = '2026-07-28';
let gateway: LocalGateway;
let state: string;
let token: string;
let client: Client;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-modern-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  const user = gateway.emulator!.tenant.users[0]!;
  const { client: signedIn, provider } = await connectWithOAuth(gateway.mcpUrl, user.userPrincipalName);
  await signedIn.close();
  token = provider.tokens()!.access_token;
  client = new Client({ name: 'modern-e2e', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gateway.mcpUrl), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

/** The Worker's `tool call` log lines that wrangler dev printed after `from`. */
function callLines(from: number): Array<{ tool: string; outcome: string; graph: Array<{ status: unknown }> }> {
  return gateway
    .output()
    .slice(from)
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes('"message":"tool call"'))
    .map((line) => JSON.parse(line));
}

const textOf = (result: { content?: unknown }) =>
  ((result.content ?? []) as Array<{ text?: string }>).map((item) => item.text ?? '').join('\n');

/** McpSession objects that ever stored anything (the persisted state of `wrangler dev`). */
function sessionObjectFiles(): number {
  const all = readdirSync(state, { recursive: true }).map(String);
  return all.filter((path) => /McpSession/.test(path) && path.endsWith('.sqlite')).length;
}

function post(body: object, headers: Record<string, string>): Promise<Response> {
  return fetch(gateway.mcpUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const envelope = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientCapabilities': {},
};

describe('the v2 client on 2026-07-28 against wrangler dev', () => {
  it('negotiated 2026-07-28 with no initialize', () => {
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
  });

  it('server/discover, tools/list, tools/call and resources/read, with no session object stored', async () => {
    const before = sessionObjectFiles();
    const discovered = await client.discover();
    expect(discovered.supportedVersions).toContain(MODERN);
    expect(discovered.capabilities.tools).toEqual({});
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('getEmails');
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 2 } });
    expect(result.isError).not.toBe(true);
    expect(textOf(result)).toMatch(/newest first/);

    const tenant = gateway.emulator!.tenant;
    const user = tenant.users[0]!;
    const [messageId, files] = [...tenant.mailbox(user.id).attachments].find(([, list]) => list.length > 0)!;
    const uri = mailAttachment.uri({ messageId, attachmentId: files[0]!.id! });
    const read = await client.readResource({ uri });
    expect(read.contents[0]).toMatchObject({ uri, mimeType: files[0]!.contentType });
    expect(sessionObjectFiles()).toBe(before);
  });

  it('tools/list carries cache hints', async () => {
    const response = await post(
      { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: envelope } },
      { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' },
    );
    const { result } = (await response.json()) as { result: { ttlMs: number; cacheScope: string } };
    expect(result).toMatchObject({ ttlMs: 300_000, cacheScope: 'private' });
  });

  it.each([
    ['MCP-Protocol-Version', { 'mcp-method': 'tools/call', 'mcp-name': 'getEmails' }],
    ['Mcp-Method', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list', 'mcp-name': 'getEmails' }],
    ['Mcp-Name', { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'sendEmail' }],
  ])('%s missing or not matching the body: 400 with -32020', async (_, headers) => {
    const response = await post(
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'getEmails', arguments: { count: 1 }, _meta: envelope },
      },
      headers,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32020);
  });

  it('tools/call with progress: heartbeats arrive on the call’s own stream', { timeout: 30_000 }, async () => {
    const emulator = gateway.emulator!;
    // Slower than the 5 s heartbeat, so the call is still running when it is due.
    emulator.injectFault({ path: '/me/mailFolders', delayMs: 6_000 });
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'getEmails', arguments: { count: 1 } },
      { onprogress: (update) => progress.push(update.progress), timeout: 25_000 },
    );
    emulator.clearFaults();
    expect(result.isError).not.toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(1);
  });

  it('closing a call’s request aborts the Graph request it waits on', { timeout: 30_000 }, async () => {
    const emulator = gateway.emulator!;
    // Graph that never answers: only the client leaving can end this call.
    emulator.injectFault({ path: '/me/mailFolders', network: 'hang', times: Number.POSITIVE_INFINITY });
    const graph = () => emulator.stats.graphRequests.filter((r) => r.path.startsWith('/me/mailFolders'));
    const before = graph().length;
    const logFrom = gateway.output().length;
    const leave = new AbortController();
    // Asking for progress makes the answer a stream with a heartbeat: the writes that find the
    // connection gone.
    const call = client.callTool(
      { name: 'getEmails', arguments: { count: 1 } },
      { onprogress: () => undefined, signal: leave.signal, timeout: 25_000 },
    );
    try {
      await expect.poll(() => graph().length, { timeout: 10_000, interval: 50 }).toBe(before + 1);
      leave.abort();
      await expect(call).rejects.toThrow(/abort/i);
      // The first write after the close (the answer's start, at the first heartbeat 5 s into the
      // call) is answered by a reset; the next heartbeat's (10 s) fails, the runtime cancels the
      // answer, the SDK aborts the call and the call its Graph request: the emulator sees that
      // connection closed by its caller.
      await expect.poll(() => graph()[before]?.aborted, { timeout: 15_000, interval: 50 }).toBe(true);
      // The call still ends in the Worker, and its log line says how: not answered, its Graph request
      // without an HTTP status.
      await expect
        .poll(() => callLines(logFrom).filter((line) => line.outcome !== 'ok'), { timeout: 2_000 })
        .toEqual([
          expect.objectContaining({
            tool: 'getEmails',
            graph: [expect.objectContaining({ status: expect.any(String) })],
          }),
        ]);
    } finally {
      emulator.clearFaults();
    }
  });
});
