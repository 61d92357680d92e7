/**
 * Real MCP clients against `wrangler dev` + the emulated tenant, signed in through the full OAuth
 * flow once (SDK client, PKCE, consent, Microsoft page), then each transport lists tools and calls
 * getEmails: SDK Streamable HTTP, SDK SSE (2024-11-05), SDK WebSocket, @modelcontextprotocol/client
 * 2.x in version-negotiation mode (2026-07-28, stateless), and plain fetch JSON-RPC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { WebSocketClientTransport } from '@modelcontextprotocol/sdk/client/websocket.js';
import { Client as Client2, StreamableHTTPClientTransport as StreamableHTTP2 } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerSubprotocol } from '../../core/mcp/websocket-auth';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

let gateway: LocalGateway;
let state: string;
let token: string;
let expectedIds: string[];

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-clients-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  const tenant = gateway.emulator!.tenant;
  const user = tenant.users[0]!;
  const { client, provider } = await connectWithOAuth(gateway.mcpUrl, user.userPrincipalName);
  await client.close();
  token = provider.tokens()!.access_token;
  const inbox = tenant.resolveFolder(user.id, 'inbox')!;
  expectedIds = [...tenant.messages(user.id, inbox.id)]
    .sort((a, b) => String(b.receivedDateTime).localeCompare(String(a.receivedDateTime)))
    .slice(0, 3)
    .map((message) => message.subject.slice(0, 20)); // results show short handles, not Graph ids
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

const textOf = (result: { content?: unknown }) =>
  ((result.content ?? []) as Array<{ text?: string }>).map((item) => item.text ?? '').join('\n');

/** tools/list, then getEmails with count 2: the two newest inbox messages and not the third. */
async function listAndCall(client: {
  listTools(): Promise<{ tools: Array<{ name: string }> }>;
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
}) {
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name)).toContain('getEmails');
  const result = (await client.callTool({ name: 'getEmails', arguments: { count: 2 } })) as {
    content?: unknown;
    isError?: boolean;
  };
  expect(result.isError).toBeFalsy();
  const text = textOf(result);
  expect(text).toContain(expectedIds[0]);
  expect(text).toContain(expectedIds[1]);
  expect(text).not.toContain(expectedIds[2]);
}

/** Node's WebSocket (undici) accepts headers; the SDK transport constructs `new WebSocket(url, 'mcp')`. */
function withWebSocket<T>(
  extend: (protocols: string | string[] | undefined) => { protocols: string[]; headers?: Record<string, string> },
  run: () => Promise<T>,
): Promise<T> {
  const Original = globalThis.WebSocket;
  globalThis.WebSocket = class extends Original {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, extend(protocols) as never);
    }
  } as typeof WebSocket;
  return run().finally(() => {
    globalThis.WebSocket = Original;
  });
}

describe('every transport with a real client', () => {
  it('SDK Client over Streamable HTTP (/mcp)', async () => {
    const { client } = await connectWithOAuth(gateway.mcpUrl, gateway.emulator!.tenant.users[0]!.userPrincipalName);
    await listAndCall(client);
    await client.close();
  });

  it('SDK Client over HTTP+SSE (GET /sse, 2024-11-05)', async () => {
    const client = new Client({ name: 'sse-client', version: '1.0.0' });
    await client.connect(
      new SSEClientTransport(new URL(`${gateway.url}/sse`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    await listAndCall(client);
    await client.close();
  });

  it('SDK Client over WebSocket (Authorization header)', async () => {
    await withWebSocket(
      (protocols) => ({ protocols: [protocols ?? 'mcp'].flat(), headers: { authorization: `Bearer ${token}` } }),
      async () => {
        const client = new Client({ name: 'ws-client', version: '1.0.0' });
        await client.connect(new WebSocketClientTransport(new URL(`${gateway.url.replace('http', 'ws')}/mcp`)));
        await listAndCall(client);
        await client.close();
      },
    );
  });

  it('SDK Client over WebSocket with the bearer as a subprotocol (what a browser can do)', async () => {
    await withWebSocket(
      (protocols) => ({ protocols: [...[protocols ?? 'mcp'].flat(), bearerSubprotocol(token)] }),
      async () => {
        const client = new Client({ name: 'ws-browser-like', version: '1.0.0' });
        await client.connect(new WebSocketClientTransport(new URL(`${gateway.url.replace('http', 'ws')}/sse`)));
        await listAndCall(client);
        await client.close();
      },
    );
  });

  it('@modelcontextprotocol/client 2.x with version negotiation (auto) speaks 2026-07-28', async () => {
    const client = new Client2({ name: 'client-2x', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(
      new StreamableHTTP2(new URL(gateway.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    expect(client.getProtocolEra()).toBe('modern');
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    await listAndCall(client as never);
    await client.close();
  });

  it('plain fetch JSON-RPC to /sse (the original README example)', async () => {
    const post = async (body: object) => {
      const response = await fetch(`${gateway.url}/sse`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { result: Record<string, unknown> };
    };
    const list = await post({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect((list.result.tools as Array<{ name: string }>).map((tool) => tool.name)).toContain('getEmails');
    const call = await post({
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'getEmails', arguments: { count: 2 } },
    });
    const text = textOf(call.result);
    expect(text).toContain(expectedIds[0]);
    expect(text).not.toContain(expectedIds[2]);
  });
});
