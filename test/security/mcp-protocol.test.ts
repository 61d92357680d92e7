/**
 * The MCP layer under hostile input: session ids are the server's to choose, WebSocket frames are
 * bounded like HTTP bodies, batches are answered only where the protocol revision has them, and
 * object-machinery keys (`__proto__`, `constructor`) in tool arguments are refused as the
 * published inputSchema says. Every request is raw, as an attacker would send it.
 */
import { SELF } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { openSocket, startEmulator } from '../workers/harness';
import { GATEWAY, initialize, mcpPost, tokensFor, type Tokens } from './support';

const MiB = 1024 * 1024;

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
let tokens: Tokens;
beforeAll(async () => {
  ({ emulator, server, close } = startEmulator());
  tokens = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

const ping = (id: number) => ({ jsonrpc: '2.0', id, method: 'ping' });
const initializeAt = (protocolVersion: string) => ({
  ...initialize,
  params: { ...initialize.params, protocolVersion },
});

/** Opens a Streamable HTTP session at `version`; returns its server-assigned id. */
async function openSession(version: string): Promise<string> {
  const response = await mcpPost(tokens.access_token, initializeAt(version), { accept: 'application/json' });
  expect(response.status).toBe(200);
  const id = response.headers.get('mcp-session-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await response.text();
  const initialized = await mcpPost(
    tokens.access_token,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { 'mcp-session-id': id!, 'mcp-protocol-version': version },
  );
  expect(initialized.status).toBe(202);
  return id!;
}

async function errorOf(response: Response): Promise<{ id: unknown; error: { code: number; message: string } }> {
  return (await response.json()) as { id: unknown; error: { code: number; message: string } };
}

describe('session ids are assigned by the server', () => {
  it('session id: an initialize carrying a client-chosen Mcp-Session-Id gets 404 and opens no session', async () => {
    const chosen = crypto.randomUUID();
    const response = await mcpPost(tokens.access_token, initialize, { 'mcp-session-id': chosen });
    expect(response.status).toBe(404);
    const answer = await errorOf(response);
    expect(answer.error.code).toBe(-32001);
    expect(answer.error.message).toMatch(/without Mcp-Session-Id/);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    // Nothing was opened under the chosen id: using it is "session not found" too.
    const next = await mcpPost(tokens.access_token, ping(2), {
      'mcp-session-id': chosen,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(next.status).toBe(404);
  });

  it('session id: an initialize alone is given a fresh server-chosen id', async () => {
    const first = await openSession('2025-06-18');
    const second = await openSession('2025-06-18');
    expect(first).not.toBe(second);
  });
});

describe('JSON-RPC batches', () => {
  it('batch: an empty batch gets one JSON-RPC error -32600, with or without a session', async () => {
    const session = await openSession('2025-03-26');
    for (const headers of [{}, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-03-26' }]) {
      const response = await mcpPost(tokens.access_token, [], headers);
      expect(response.status, JSON.stringify(headers)).toBe(400);
      const answer = await errorOf(response);
      expect(answer.error.code).toBe(-32600);
      expect(answer.id).toBeNull();
      expect(answer.error.message).toMatch(/empty batch/);
    }
  });

  it('batch: plain JSON-RPC and 2025-03-26 batches are answered with an array', async () => {
    const plain = await mcpPost(tokens.access_token, [ping(1), ping(2)], { accept: 'application/json' });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as Array<{ id: number }>).map((item) => item.id).sort()).toEqual([1, 2]);

    const session = await openSession('2025-03-26');
    const inSession = await mcpPost(tokens.access_token, [ping(3), ping(4)], {
      accept: 'application/json',
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-03-26',
    });
    expect(inSession.status).toBe(200);
    expect(((await inSession.json()) as Array<{ id: number }>).map((item) => item.id).sort()).toEqual([3, 4]);
  });

  it('batch: MCP-Protocol-Version 2025-06-18 or later refuses a batch, with or without a session', async () => {
    for (const version of ['2025-06-18', '2025-11-25']) {
      const plain = await mcpPost(tokens.access_token, [ping(1)], { 'mcp-protocol-version': version });
      expect(plain.status, version).toBe(400);
      const answer = await errorOf(plain);
      expect(answer.error.code).toBe(-32600);
      expect(answer.error.message).toMatch(/no JSON-RPC batches/);

      const session = await openSession(version);
      const inSession = await mcpPost(tokens.access_token, [ping(2)], {
        'mcp-session-id': session,
        'mcp-protocol-version': version,
      });
      expect(inSession.status, version).toBe(400);
      expect((await errorOf(inSession)).error.code).toBe(-32600);
    }
  });

  it('batch: a session negotiated at 2025-06-18 refuses a batch even without the version header', async () => {
    const session = await openSession('2025-06-18');
    const response = await mcpPost(tokens.access_token, [ping(1), ping(2)], { 'mcp-session-id': session });
    expect(response.status).toBe(400);
    const answer = await errorOf(response);
    expect(answer.error.code).toBe(-32600);
    expect(answer.error.message).toMatch(/MCP 2025-06-18 has no JSON-RPC batches/);
  });

  it('batch: a WebSocket that negotiated 2025-06-18 refuses a batch and an empty batch', async () => {
    const socket = await openSocket('/mcp', { authorization: `Bearer ${tokens.access_token}` });
    await socket.request({ ...initializeAt('2025-06-18'), id: 1 });
    socket.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    for (const batch of [[ping(2)], []]) {
      const before = socket.received.length;
      socket.notify(batch);
      await expect.poll(() => socket.received.length).toBeGreaterThan(before);
      const answer = socket.received[before] as { id: unknown; error: { code: number; message: string } };
      expect(answer.id).toBeNull();
      expect(answer.error.code).toBe(-32600);
    }
    // The batched ping was never answered, and the socket still works.
    expect(await socket.request(ping(3))).toMatchObject({ id: 3, result: {} });
    expect(socket.received.some((message) => (message as { id?: unknown }).id === 2)).toBe(false);
    socket.close();
  });
});

describe('WebSocket frames are bounded like HTTP bodies', () => {
  it('frame limit: a 5 MiB frame gets a JSON-RPC error and close 1009; 4 MiB - 1 KiB still works', async () => {
    const socket = await openSocket('/mcp', { authorization: `Bearer ${tokens.access_token}` });
    await socket.request({ ...initializeAt('2025-06-18'), id: 1 });
    socket.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    // Just under the limit: answered.
    const under = { jsonrpc: '2.0', id: 2, method: 'ping', params: { pad: 'x'.repeat(4 * MiB - 1024) } };
    expect(await socket.request(under)).toMatchObject({ id: 2, result: {} });

    socket.notify({ jsonrpc: '2.0', id: 3, method: 'ping', params: { pad: 'x'.repeat(5 * MiB) } });
    const closed = await socket.closed;
    expect(closed.code).toBe(1009);
    const last = socket.received.at(-1) as { id: unknown; error: { code: number; message: string } };
    expect(last.error.code).toBe(-32600);
    expect(last.error.message).toMatch(/larger than 4194304 bytes/);
    expect(socket.received.some((message) => (message as { id?: unknown }).id === 3)).toBe(false);
  });
});

describe('tool arguments: object machinery keys are unknown arguments', () => {
  /** A raw tools/call body: JSON.stringify cannot write an own `__proto__` key, so the text is spliced. */
  const rawCall = (tool: string, argumentsJson: string) =>
    `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"${tool}","arguments":${argumentsJson}}}`;

  async function callRaw(body: string, headers: Record<string, string> = {}) {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json',
        ...headers,
      },
      body,
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
  }

  const cases: Array<[string, string, string]> = [
    ['getEmails', '{"__proto__":{"count":50}}', '__proto__'],
    ['getEmails', '{"constructor":{"prototype":{"x":1}}}', 'constructor'],
    ['searchEmails', '{"query":"budget","__proto__":{"top":50}}', '__proto__'],
    ['listMailFolders', '{"__proto__":null}', '__proto__'],
    ['listMailFolders', '{"constructor":1}', 'constructor'],
  ];

  it('machinery keys: __proto__ and constructor are refused as unknown arguments (plain JSON-RPC)', async () => {
    for (const [tool, args, key] of cases) {
      const answer = await callRaw(rawCall(tool, args));
      expect(answer.result.isError, `${tool} ${args}`).toBe(true);
      expect(answer.result.content[0]!.text).toMatch(
        new RegExp(`^Invalid arguments for ${tool}: unknown argument "${key}" \\(allowed: `),
      );
    }
  });

  it('machinery keys: refused the same way inside a Streamable HTTP session', async () => {
    const session = await openSession('2025-06-18');
    const answer = await callRaw(rawCall('getEmails', '{"count":1,"__proto__":{"folder":"sentitems"}}'), {
      'mcp-session-id': session,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]!.text).toMatch(/unknown argument "__proto__"/);
  });

  it('machinery keys: refused the same way over MCP 2026-07-28 (stateless)', async () => {
    const envelope =
      '"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}';
    const body = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"getEmails","arguments":{"count":1,"__proto__":{"folder":"sentitems"}},${envelope}}}`;
    const answer = await callRaw(body, {
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'getEmails',
    });
    expect(answer.result.isError).toBe(true);
    expect(answer.result.content[0]!.text).toMatch(/unknown argument "__proto__"/);
  });
});
