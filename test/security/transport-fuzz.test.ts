/**
 * Raw JSON-RPC bodies on every transport, through HTTP as a hostile client sends them
 * (test/fuzz/json-rpc-bodies.ts): Streamable HTTP in a 2025 session, MCP 2026-07-28 stateless,
 * plain JSON-RPC, the legacy HTTP+SSE POST, and WebSocket text and binary frames.
 *
 * Every answer is a JSON-RPC error, a result (a tool error with a message), or an HTTP 4xx with a
 * JSON body: never a 5xx, never JSON-RPC's "internal error". After every case a ping on the same
 * session, stream or socket is answered, so nothing crashed. A frame over the limit closes its
 * socket with 1009 as documented, and the next case opens a new one.
 *
 * Each property runs as its own client (the MCP rate limits count per client and user), with one
 * session or socket for all its cases. Case counts and the seed are printed; `npm run fuzz` runs more.
 */
import { env, SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITED } from '../../core/mcp/rate-limit';
import type { Emulator } from '../../core/testing';
import { fuzzSettings, runsOf, timeoutOf } from '../fuzz/fuzz-settings';
import {
  checkHttp,
  checkMessage,
  describeBody,
  expectAlive,
  overBodyLimit,
  type JsonRpcAnswer,
} from '../fuzz/json-rpc-answers';
import { type RawBody, rawBodies } from '../fuzz/json-rpc-bodies';
import { GATEWAY, readSseEvents, startEmulator } from '../workers/harness';
import { initialize, tokensFor } from './support';

const settings = fuzzSettings(env as unknown as Record<string, unknown>);
/** Cases per transport at scale 1: each is two requests (the case and the ping after it). */
const CASES = 50;
const MODERN = '2026-07-28';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

/** A fresh client of one of the tenant's users: the rate limits count per client and per user. */
let next = 0;
async function newToken(): Promise<string> {
  const users = emulator.tenant.users;
  return (await tokensFor(users[next++ % users.length]!.userPrincipalName)).access_token;
}

function post(path: string, token: string, body: RawBody, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });
}

/**
 * Sends a probe again while the MCP rate limits refuse it (429): only long runs (`npm run fuzz`)
 * send more than a client's 120 requests a minute; the refusal itself was checked like any answer.
 */
async function unlimited(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    if (response.status !== 429 || attempt >= 20) return response;
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
}

let pings = 0;
const ping = () => ({ jsonrpc: '2.0', id: `probe-${++pings}`, method: 'ping' });

/** The _meta envelope and headers of a 2026-07-28 request, spliced into whatever the body is. */
function modern(body: RawBody): { body: RawBody; headers: Record<string, string> } {
  const envelope = `"_meta":{"io.modelcontextprotocol/protocolVersion":"${MODERN}","io.modelcontextprotocol/clientCapabilities":{}}`;
  let method = 'tools/call';
  let name: string | undefined;
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { method?: unknown; params?: { name?: unknown; uri?: unknown } };
      if (typeof parsed.method === 'string') method = parsed.method;
      const named = parsed.params?.name ?? parsed.params?.uri;
      if (typeof named === 'string') name = named;
    } catch {
      // Not JSON: sent as it is, with the headers of a tool call.
    }
    const at = body.indexOf('"params":{');
    if (at >= 0) {
      const cut = at + '"params":{'.length;
      body = `${body.slice(0, cut)}${envelope}${body[cut] === '}' ? '' : ','}${body.slice(cut)}`;
    }
  }
  const headerSafe = (value: string) => /^[\x20-\x7e]{1,200}$/.test(value);
  return {
    body,
    headers: {
      'mcp-protocol-version': MODERN,
      'mcp-method': headerSafe(method) ? method : 'tools/call',
      ...(name !== undefined && headerSafe(name) ? { 'mcp-name': name } : {}),
    },
  };
}

describe('raw JSON-RPC bodies over HTTP', () => {
  it(
    'plain JSON-RPC: no 5xx, every answer JSON-RPC or a 4xx JSON body, and the next request is answered',
    async () => {
      const token = await newToken();
      await fc.assert(
        fc.asyncProperty(rawBodies({ oversized: 1 }), async (body) => {
          const context = describeBody(body);
          await checkHttp(await post('/mcp', token, body), body, context);
          const probe = ping();
          await expectAlive(await unlimited(() => post('/mcp', token, JSON.stringify(probe))), probe.id, context);
        }),
        runsOf(settings, 'plain JSON-RPC bodies', CASES),
      );
    },
    timeoutOf(settings, 60_000),
  );

  it(
    'Streamable HTTP (2025-03-26 session): no 5xx, every answer JSON-RPC or a 4xx JSON body, the session still answers',
    async () => {
      const token = await newToken();
      const version = '2025-03-26';
      const opened = await post(
        '/mcp',
        token,
        JSON.stringify({ ...initialize, params: { ...initialize.params, protocolVersion: version } }),
      );
      const session = opened.headers.get('mcp-session-id')!;
      await opened.text();
      const headers = { 'mcp-session-id': session, 'mcp-protocol-version': version };
      await (
        await post('/mcp', token, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), headers)
      ).text();
      await fc.assert(
        fc.asyncProperty(rawBodies({ oversized: 1 }), async (body) => {
          const context = describeBody(body);
          await checkHttp(await post('/mcp', token, body, headers), body, context);
          const probe = ping();
          await expectAlive(
            await unlimited(() => post('/mcp', token, JSON.stringify(probe), headers)),
            probe.id,
            context,
          );
        }),
        runsOf(settings, 'Streamable HTTP session bodies', CASES),
      );
    },
    timeoutOf(settings, 60_000),
  );

  it(
    'MCP 2026-07-28 (stateless): no 5xx, every answer JSON-RPC or a 4xx JSON body, the next request is answered',
    async () => {
      const token = await newToken();
      await fc.assert(
        fc.asyncProperty(rawBodies({ oversized: 1 }), async (raw) => {
          const { body, headers } = modern(raw);
          const context = describeBody(body);
          await checkHttp(await post('/mcp', token, body, headers), body, context);
          // 2026-07-28 has no ping: server/discover is its cheapest request.
          const probe = { ...ping(), method: 'server/discover' };
          const alive = modern(JSON.stringify({ ...probe, params: {} }));
          await expectAlive(await unlimited(() => post('/mcp', token, alive.body, alive.headers)), probe.id, context);
        }),
        runsOf(settings, 'MCP 2026-07-28 bodies', CASES),
      );
    },
    timeoutOf(settings, 60_000),
  );

  it(
    'legacy HTTP+SSE POST: no 5xx, every answer on the stream JSON-RPC, the stream still answers',
    async () => {
      const token = await newToken();
      const stream = await SELF.fetch(`${GATEWAY}/sse`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      const events = readSseEvents(stream.body!);
      try {
        const endpoint = (await events.next()).data;
        await (
          await post(
            endpoint,
            token,
            JSON.stringify({ ...initialize, params: { ...initialize.params, protocolVersion: '2024-11-05' } }),
          )
        ).text();
        await events.next();
        await (
          await post(endpoint, token, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }))
        ).text();
        await fc.assert(
          fc.asyncProperty(rawBodies({ oversized: 1 }), async (body) => {
            const context = describeBody(body);
            await checkHttp(await post(endpoint, token, body), body, context);
            const probe = ping();
            const posted = await unlimited(() => post(endpoint, token, JSON.stringify(probe)));
            expect(posted.status, `${context}: the ping after it`).toBe(202);
            await posted.text();
            // The case's answers (if any) come first on the stream; each must be JSON-RPC.
            for (;;) {
              const message = JSON.parse((await events.next()).data) as { id?: unknown };
              checkMessage(message, `${context} (on the stream)`);
              if (message.id === probe.id) break;
            }
          }),
          runsOf(settings, 'legacy HTTP+SSE bodies', CASES),
        );
      } finally {
        await events.cancel();
      }
    },
    timeoutOf(settings, 60_000),
  );
});

/** A raw MCP WebSocket: sends any text or bytes, keeps every message received. */
async function rawSocket(token: string) {
  const response = await SELF.fetch(`${GATEWAY}/mcp`, {
    headers: { upgrade: 'websocket', authorization: `Bearer ${token}`, 'sec-websocket-protocol': 'mcp' },
  });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) throw new Error(`upgrade refused: ${response.status}`);
  socket.accept();
  const received: unknown[] = [];
  const notJson: string[] = [];
  let closedWith: number | undefined;
  socket.addEventListener('message', (event) => {
    try {
      received.push(JSON.parse(String(event.data)));
    } catch {
      notJson.push(String(event.data).slice(0, 200));
    }
  });
  const closed = new Promise<number>((resolve) =>
    socket.addEventListener('close', (event) => {
      closedWith = event.code;
      resolve(event.code);
    }),
  );
  const answerTo = async (id: unknown): Promise<unknown> => {
    for (let waited = 0; waited < 10_000; waited += 5) {
      const found = received.find((message) => (message as { id?: unknown }).id === id);
      if (found || closedWith !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return undefined;
  };
  socket.send(JSON.stringify({ ...initialize, params: { ...initialize.params, protocolVersion: '2025-03-26' } }));
  await answerTo(initialize.id);
  socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  return { socket, received, notJson, closed, answerTo, isClosed: () => closedWith !== undefined };
}

describe('raw frames over WebSocket', () => {
  it(
    'text and binary frames: every message back is JSON-RPC, a ping is answered after each, over-limit closes 1009',
    async () => {
      const token = await newToken();
      let socket = await rawSocket(token);
      try {
        await fc.assert(
          fc.asyncProperty(rawBodies({ oversized: 1 }), fc.boolean(), async (body, binary) => {
            const context = `${binary ? 'binary' : 'text'} frame, ${describeBody(body)}`;
            if (socket.isClosed()) socket = await rawSocket(token);
            const before = socket.received.length;
            socket.socket.send(binary && typeof body === 'string' ? new TextEncoder().encode(body) : body);
            let probe = ping();
            socket.socket.send(JSON.stringify(probe));
            let answer = (await socket.answerTo(probe.id)) as JsonRpcAnswer | undefined;
            // Over the rate limit (long runs only) a frame's requests get -32029: wait for the next window.
            for (let attempt = 0; answer?.error?.code === RATE_LIMITED && attempt < 20; attempt++) {
              await new Promise((resolve) => setTimeout(resolve, 5_000));
              probe = ping();
              socket.socket.send(JSON.stringify(probe));
              answer = (await socket.answerTo(probe.id)) as JsonRpcAnswer | undefined;
            }
            for (const message of socket.received.slice(before)) checkMessage(message, context);
            expect(socket.notJson, context).toEqual([]);
            // A frame over the limit ends the socket, with 1009 as documented; nothing else may.
            if (overBodyLimit(body)) {
              expect(await socket.closed, context).toBe(1009);
              return;
            }
            expect(socket.isClosed(), context).toBe(false);
            expect(answer, context).toEqual({ jsonrpc: '2.0', id: probe.id, result: {} });
          }),
          runsOf(settings, 'WebSocket frames', CASES),
        );
      } finally {
        socket.socket.close(1000, 'done');
      }
    },
    timeoutOf(settings, 60_000),
  );
});
