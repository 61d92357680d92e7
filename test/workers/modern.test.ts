/**
 * MCP 2026-07-28 in the Worker: the v2 client (pinned to the revision, and negotiating) runs
 * server/discover, tools/list, tools/call and resources/read with no initialize and no session
 * Durable Object; the header checks answer with the spec's codes; list results carry cache hints;
 * progress comes on the call's own stream.
 */
import { createExecutionContext, env, listDurableObjectIds, SELF } from 'cloudflare:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../core/testing';
import { mailAttachment } from '../../plugins/mail/attachment-resource';
import worker from '../../core/worker';
import { connect, GATEWAY, readSseEvents, startEmulator, textOf } from './harness';
import type { SetupServer } from 'msw/node';

const MODERN = '2026-07-28';
let emulator: Emulator;
let server: SetupServer;
let close: () => void;
let token = '';

beforeAll(async () => {
  ({ emulator, server, close } = startEmulator());
  token = (await connect(emulator.tenant.users[0]!.userPrincipalName)).accessToken;
});
afterEach(() => {
  emulator.clearFaults();
  server.resetHandlers();
});
afterAll(() => close());

async function modernClient(mode: 'auto' | { pin: string }): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${GATEWAY}/mcp`), {
    fetch: (url, init) => SELF.fetch(new Request(url, init)),
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'modern-test', version: '1.0.0' }, { versionNegotiation: { mode } });
  await client.connect(transport);
  return client;
}

/** A 2026-07-28 request as the wire carries it: the `_meta` envelope and the three headers. */
function modernPost(
  message: { id: number; method: string; params?: Record<string, unknown> },
  headers: Record<string, string | undefined> = {},
  signal?: AbortSignal,
): Promise<Response> {
  const params = message.params ?? {};
  const name = typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  const all: Record<string, string | undefined> = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': MODERN,
    'mcp-method': message.method,
    ...(name ? { 'mcp-name': name } : {}),
    ...headers,
  };
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
    ...((params._meta as object | undefined) ?? {}),
  };
  return SELF.fetch(`${GATEWAY}/mcp`, {
    method: 'POST',
    headers: Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ),
    body: JSON.stringify({ jsonrpc: '2.0', ...message, params: { ...params, _meta: envelope } }),
    ...(signal ? { signal } : {}),
  });
}

const sessionObjects = async () => (await listDurableObjectIds(env.MCP_SESSION)).length;

describe('MCP 2026-07-28 through the v2 client', () => {
  it.each([
    ['pinned', { pin: MODERN }],
    ['negotiating', 'auto'],
  ] as const)('%s: discover, tools/list, tools/call and resources/read with no session object', async (_, mode) => {
    const before = await sessionObjects();
    const client = await modernClient(mode);
    const discovered = await client.discover();
    expect(discovered.supportedVersions).toContain(MODERN);
    // Only what a stateless server can deliver: no list-changed pushes, no subscriptions.
    expect(discovered.capabilities.tools).toEqual({});
    expect(discovered.capabilities.resources).toEqual({});

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('getEmails');

    const result = await client.callTool({ name: 'getEmails', arguments: { count: 2 } });
    expect(result.isError).not.toBe(true);
    expect(textOf(result)).toMatch(/newest first/);

    const user = emulator.tenant.users[0]!;
    const [messageId, files] = [...emulator.tenant.mailbox(user.id).attachments].find(([, list]) => list.length > 0)!;
    const uri = mailAttachment.uri({ messageId, attachmentId: files[0]!.id! });
    const read = await client.readResource({ uri });
    expect(read.contents[0]?.uri).toBe(uri);
    expect(read.contents[0]?.mimeType).toBe(files[0]!.contentType);

    await client.close();
    expect(await sessionObjects()).toBe(before);
  });
});

describe('MCP 2026-07-28 on the wire', () => {
  it('tools/list carries cache hints and is answered as JSON', async () => {
    const response = await modernPost({ id: 1, method: 'tools/list' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const { result } = (await response.json()) as { result: { ttlMs: number; cacheScope: string; tools: unknown[] } };
    expect(result.tools.length).toBeGreaterThan(0);
    expect(result).toMatchObject({ ttlMs: 300_000, cacheScope: 'private' });
  });

  it.each([
    ['Mcp-Method missing', { 'mcp-method': undefined }],
    ['Mcp-Method naming another method', { 'mcp-method': 'tools/list' }],
    ['Mcp-Name naming another tool', { 'mcp-name': 'sendEmail' }],
    ['Mcp-Name missing', { 'mcp-name': undefined }],
  ])('%s: 400 with -32020 and nothing called', async (_, headers) => {
    const before = emulator.stats.graphRequests.length;
    const response = await modernPost(
      { id: 2, method: 'tools/call', params: { name: 'getEmails', arguments: { count: 1 } } },
      headers,
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: number; message: string } };
    expect(error.code).toBe(-32020);
    expect(emulator.stats.graphRequests.length).toBe(before);
  });

  it('MCP-Protocol-Version missing beside a 2026-07-28 envelope: 400 with -32020', async () => {
    const response = await modernPost({ id: 3, method: 'tools/list' }, { 'mcp-protocol-version': undefined });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32020);
  });

  it('a revision it does not speak: -32022 naming 2026-07-28 among the supported ones', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'mcp-protocol-version': '2099-01-01',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: number; data: { supported: string[] } } };
    expect(error.code).toBe(-32022);
    expect(error.data.supported).toContain(MODERN);
  });

  it('an envelope claiming a revision it does not speak: -32022 naming what server/discover names', async () => {
    const discover = await modernPost({ id: 8, method: 'server/discover' });
    const { supportedVersions } = ((await discover.json()) as { result: { supportedVersions: string[] } }).result;
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2099-01-01',
        'mcp-method': 'tools/list',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/list',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2099-01-01',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: number; data: { supported: string[] } } };
    expect(error.code).toBe(-32022);
    expect(error.data.supported).toEqual(supportedVersions);
  });

  it('progress goes out on the call’s own stream before the result', { timeout: 20_000 }, async () => {
    // Longer than the progress heartbeat (5 s): the call is still running when the first beat is due.
    emulator.injectFault({ path: '/me/mailFolders', delayMs: 6_000 });
    emulator.injectFault({ path: '/me/messages', delayMs: 6_000 });
    const response = await modernPost({
      id: 5,
      method: 'tools/call',
      params: { name: 'getEmails', arguments: { count: 1 }, _meta: { progressToken: 'p-1' } },
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = readSseEvents(response.body!);
    const first = JSON.parse((await events.next()).data) as { method?: string; params?: { progressToken?: string } };
    expect(first).toMatchObject({ method: 'notifications/progress', params: { progressToken: 'p-1' } });
    let last: { id?: number; result?: object } = {};
    while (last.id !== 5) last = JSON.parse((await events.next()).data);
    expect(textOf(last.result!)).toMatch(/newest first/);
  });

  it('closing the request aborts the Graph request it is waiting on', { timeout: 20_000 }, async () => {
    // Graph that never answers (the emulator's `network: 'hang'` fault): only an abort ends the request.
    emulator.injectFault({ path: '/me/mailFolders', network: 'hang', times: Number.POSITIVE_INFINITY });
    let reached!: () => void;
    const reachedGraph = new Promise<void>((resolve) => {
      reached = resolve;
    });
    server.use(
      http.all('*', ({ request }) => {
        if (request.url.startsWith(`${emulator.graphBaseUrl}/me/mailFolders`)) reached();
      }),
    );
    // The call's log line names how each of its Graph requests ended.
    let logged!: (line: { outcome: string; graph: Array<{ status: unknown }> }) => void;
    const callLine = new Promise<{ outcome: string; graph: Array<{ status: unknown }> }>((resolve) => {
      logged = resolve;
    });
    const info = vi.spyOn(console, 'info').mockImplementation((text: unknown) => {
      const line = JSON.parse(String(text)) as { message?: string; outcome: string; graph: Array<{ status: unknown }> };
      if (line.message === 'tool call') logged(line);
    });
    try {
      const client = new AbortController();
      // The Worker's fetch with the request the runtime would give it: its signal is the client's
      // connection (enable_request_signal), here aborted by hand.
      const request = new Request(`${GATEWAY}/mcp`, {
        method: 'POST',
        signal: client.signal,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': MODERN,
          'mcp-method': 'tools/call',
          'mcp-name': 'getEmails',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 6,
          method: 'tools/call',
          params: {
            name: 'getEmails',
            arguments: { count: 1 },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': MODERN,
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      });
      void worker
        .fetch(request as Parameters<typeof worker.fetch>[0], env, createExecutionContext())
        .catch(() => undefined);
      await reachedGraph;
      client.abort();
      const line = await callLine;
      // Ended by the abort, not answered: no HTTP status, and the call is not a success.
      expect(line.outcome).not.toBe('ok');
      expect(line.graph).toHaveLength(1);
      expect(typeof line.graph[0]!.status).not.toBe('number');
    } finally {
      info.mockRestore();
    }
  });
});
