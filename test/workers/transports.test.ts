/**
 * One URL, every transport (docs/transports.md): plain JSON-RPC, the 2026-07-28 discover, legacy HTTP+SSE,
 * WebSocket, JSON-only Streamable HTTP clients, and the 4xx answers for what is not MCP.
 */
import { env, listDurableObjectIds, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SetupServer } from 'msw/node';
import type { Emulator } from '../../core/testing';
import { bearerSubprotocol } from '../../core/mcp/websocket-auth';
import { connect, expandHandles, GATEWAY, newestImmutableIds, openSocket, readSseEvents, rpc, textOf } from './harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
let adeleToken: string;
let meganToken: string;

beforeAll(async () => {
  const { startEmulator } = await import('./harness');
  ({ emulator, server, close } = startEmulator());
  adeleToken = (await connect(emulator.tenant.users[0]!.userPrincipalName)).accessToken;
  meganToken = (await connect(emulator.tenant.users[1]!.userPrincipalName)).accessToken;
});
afterEach(() => {
  server.resetHandlers();
});
afterAll(() => close());

const adele = () => emulator.tenant.users[0]!;
const newestInboxIds = (count: number) => newestImmutableIds(emulator, adele().id, count);
/** A result's text with Adele's handles replaced by the ids they stand for. */
const idsIn = (result: object) => expandHandles(adele(), textOf(result));

describe('plain JSON-RPC over HTTP (the original README examples)', () => {
  it.each(['/sse', '/mcp'])(
    'answers tools/list POSTed to %s by curl -d (form content type, no Accept) with JSON',
    async (path) => {
      const response = await SELF.fetch(`${GATEWAY}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adeleToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      const body = (await response.json()) as { id: number; result: { tools: Array<{ name: string }> } };
      expect(body.id).toBe(1);
      expect(body.result.tools.map((tool) => tool.name)).toContain('getEmails');
    },
  );

  it('calls a tool with its arguments and returns the result as JSON', async () => {
    const body = (await rpc(adeleToken, '/sse', {
      jsonrpc: '2.0',
      id: 'call-1',
      method: 'tools/call',
      params: { name: 'getEmails', arguments: { count: 2 } },
    })) as {
      id: string;
      result: object;
    };
    expect(body.id).toBe('call-1');
    const text = await idsIn(body.result);
    const [first, second, third] = newestInboxIds(3);
    expect(text).toContain(first);
    expect(text).toContain(second);
    expect(text).not.toContain(third);
  });

  it('answers a batch with an array (also a batch of one) and a lone notification with 202', async () => {
    const two = await rpc(adeleToken, '/mcp', [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    expect(Array.isArray(two)).toBe(true);
    expect((two as Array<{ id: number }>).map((answer) => answer.id).sort()).toEqual([1, 2]);
    const one = await rpc(adeleToken, '/mcp', [{ jsonrpc: '2.0', id: 7, method: 'ping' }]);
    expect(one).toEqual([{ jsonrpc: '2.0', id: 7, result: {} }]);
    const notification = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adeleToken}` },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(notification.status).toBe(202);
  });

  it('refuses a body that is not JSON-RPC with a 400 naming the supported transports', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adeleToken}` },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32600);
    expect(body.error.message).toMatch(/Streamable HTTP.*WebSocket/);
  });

  it('needs a bearer on /sse as on /mcp', async () => {
    const response = await SELF.fetch(`${GATEWAY}/sse`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/resource_metadata=/);
  });
});

describe('2026-07-28 clients', () => {
  it('answers the server/discover probe natively, naming 2026-07-28', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adeleToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'server/discover',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'server/discover',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: number; result: { supportedVersions: string[] } };
    expect(body.id).toBe(0);
    expect(body.result.supportedVersions).toContain('2026-07-28');
  });

  it('a 2026-07-28 header without the _meta envelope: -32602 naming what is missing', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adeleToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': 'server/discover',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'server/discover', params: {} }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toMatch(/_meta/);
  });
});

describe('Streamable HTTP for JSON-only clients', () => {
  it('starts a session with Accept: application/json and answers each request as JSON', async () => {
    const init = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adeleToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'json-only', version: '1' } },
      }),
    });
    expect(init.status).toBe(200);
    const sessionId = init.headers.get('mcp-session-id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-06-18');
    const call = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adeleToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-session-id': sessionId!,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'getEmails', arguments: { count: 1 } },
      }),
    });
    expect(call.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await call.json()) as { id: number; result: object };
    expect(body.id).toBe(2);
    expect(await idsIn(body.result)).toContain(newestInboxIds(1)[0]);
  });
});

describe('legacy HTTP+SSE (2024-11-05)', () => {
  it('opens the stream with an endpoint event; POSTs there are answered 202 and on the stream', async () => {
    const stream = await SELF.fetch(`${GATEWAY}/sse`, {
      headers: { authorization: `Bearer ${adeleToken}`, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const events = readSseEvents(stream.body!);
    const endpoint = await events.next();
    expect(endpoint.event).toBe('endpoint');
    expect(endpoint.data).toMatch(/^\/sse\/message\?sessionId=[0-9a-f-]{36}$/);
    const post = (message: object, token = adeleToken) =>
      SELF.fetch(new URL(endpoint.data, GATEWAY), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(message),
      });

    expect(
      (
        await post({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'legacy', version: '1' } },
        })
      ).status,
    ).toBe(202);
    const initialized = JSON.parse((await events.next()).data) as { id: number; result: { protocolVersion: string } };
    expect(initialized).toMatchObject({ id: 1, result: { protocolVersion: '2024-11-05' } });
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' });

    // Another user's token on this session's endpoint reaches a different (empty) object.
    const stolen = await post({ jsonrpc: '2.0', id: 9, method: 'tools/list' }, meganToken);
    expect(stolen.status).toBe(404);

    expect(
      (
        await post({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'getEmails', arguments: { count: 1 } },
        })
      ).status,
    ).toBe(202);
    const answer = JSON.parse((await events.next()).data) as { id: number; result: object };
    expect(answer.id).toBe(2);
    expect(await idsIn(answer.result)).toContain(newestInboxIds(1)[0]);
    await events.cancel();
  });

  it('refuses a POST to the message endpoint of a stream that does not exist', async () => {
    const response = await SELF.fetch(`${GATEWAY}/sse/message?sessionId=${crypto.randomUUID()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adeleToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/GET \/sse/);
  });
});

describe('WebSocket', () => {
  it.each([
    [
      'the Authorization header',
      (token: string) => ({ authorization: `Bearer ${token}`, 'sec-websocket-protocol': 'mcp' }),
    ],
    [
      'a bearer subprotocol (browsers)',
      (token: string) => ({ 'sec-websocket-protocol': `mcp, ${bearerSubprotocol(token)}` }),
    ],
  ])(
    'upgrades with subprotocol mcp, bearer from %s, and serves initialize, tools/list and tools/call',
    async (_how, headers) => {
      const socket = await openSocket('/mcp', headers(adeleToken));
      expect(socket.protocol).toBe('mcp');
      const init = await socket.request({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ws', version: '1' } },
      });
      expect(init).toMatchObject({ id: 1, result: { serverInfo: { name: expect.any(String) } } });
      socket.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
      const list = (await socket.request({ jsonrpc: '2.0', id: 2, method: 'tools/list' })) as {
        result: { tools: Array<{ name: string }> };
      };
      expect(list.result.tools.map((tool) => tool.name)).toContain('getEmails');
      const call = (await socket.request({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'getEmails', arguments: { count: 1 } },
      })) as { result: object };
      expect(await idsIn(call.result)).toContain(newestInboxIds(1)[0]);
      socket.close();
    },
  );

  it('bounds an open socket by the life of the token that opened it: frames after its expiry close it with 4401', async () => {
    const socket = await openSocket('/mcp', { authorization: `Bearer ${adeleToken}`, 'sec-websocket-protocol': 'mcp' });
    await socket.request({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ws', version: '1' } },
    });

    // The session knows when the 15-minute access token expires; let that moment pass.
    let expiresAt = 0;
    for (const id of await listDurableObjectIds(env.MCP_SESSION)) {
      await runInDurableObject(env.MCP_SESSION.get(id), (_instance, state) => {
        for (const ws of state.getWebSockets()) {
          const attachment = ws.deserializeAttachment() as { tokenExpiresAt?: number };
          expiresAt = attachment.tokenExpiresAt ?? 0;
          ws.serializeAttachment({ ...attachment, tokenExpiresAt: Date.now() - 1 });
        }
      });
    }
    expect(expiresAt - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    socket.notify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(await socket.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    expect(socket.received.some((message) => (message as { id?: number }).id === 2)).toBe(false);
  });

  it('refuses an upgrade without a token, and one whose bearer subprotocol is not a valid token', async () => {
    for (const headers of [
      { 'sec-websocket-protocol': 'mcp' },
      { 'sec-websocket-protocol': `mcp, ${bearerSubprotocol('forged:token:value')}` },
    ]) {
      const response = await SELF.fetch(`${GATEWAY}/sse`, { headers: { upgrade: 'websocket', ...headers } });
      expect(response.status).toBe(401);
      expect(response.webSocket).toBeNull();
    }
  });
});

describe('detection answers what is not MCP with a 4xx that says what is', () => {
  it.each([
    ['PUT', {}, 405],
    ['GET', { accept: 'text/html' }, 406],
    ['DELETE', {}, 400],
  ] as const)('%s %o → %i', async (method, headers, status) => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method,
      headers: { authorization: `Bearer ${adeleToken}`, ...headers },
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message.length).toBeGreaterThan(20);
    if (status === 405) expect(response.headers.get('allow')).toBe('GET, POST, DELETE');
  });
});
