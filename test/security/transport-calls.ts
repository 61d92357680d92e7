/**
 * One JSON-RPC request over each MCP transport the gateway serves, with what came back
 * normalised: the HTTP status (and WWW-Authenticate) when the request was refused over HTTP,
 * otherwise the JSON-RPC answer. Used by the per-client scope matrix and the rate-limit tests.
 */
import { SELF } from 'cloudflare:test';
import { GATEWAY, openSocket, readSseEvents } from '../workers/harness';
import { initialize } from './support';

export const TRANSPORTS = ['streamable-http', 'legacy-sse', 'websocket', 'plain-json-rpc', 'mcp-2026-07-28'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export interface Outcome {
  /** The HTTP status of the request that carried the message (101 for a WebSocket frame). */
  status: number;
  challenge: string | null;
  /** The JSON-RPC answer, when the request got one. */
  answer?: { id?: unknown; result?: unknown; error?: { code: number; message: string; data?: unknown } };
}

type Message = { jsonrpc: '2.0'; id: number; method: string; params?: unknown };

const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

function post(path: string, token: string, message: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(message),
  });
}

async function refusedOrJson(response: Response): Promise<Outcome> {
  const challenge = response.headers.get('www-authenticate');
  if (!response.ok) return { status: response.status, challenge, answer: await response.json().catch(() => undefined) };
  return { status: response.status, challenge, answer: (await response.json()) as Outcome['answer'] };
}

/**
 * Starts a session (where the transport has one) with `token` and sends `message` in it.
 *
 * @example
 * const outcome = await callOver('websocket', token, { jsonrpc: '2.0', id: 2, method: 'tools/list' });
 */
export async function callOver(transport: TransportName, token: string, message: Message): Promise<Outcome> {
  switch (transport) {
    case 'plain-json-rpc':
      return refusedOrJson(await post('/mcp', token, message));
    case 'mcp-2026-07-28': {
      // Stateless: no session; the revision and client capabilities ride on every request.
      const params = (message.params ?? {}) as { name?: string; uri?: string; _meta?: object };
      const name = params.name ?? params.uri;
      const envelope = {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
      };
      const headers = {
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': message.method,
        ...(name ? { 'mcp-name': name } : {}),
      };
      const modern = { ...message, params: { ...params, _meta: { ...params._meta, ...envelope } } };
      return refusedOrJson(await post('/mcp', token, modern, headers));
    }
    case 'streamable-http': {
      const opened = await post('/mcp', token, initialize, { accept: 'application/json' });
      const sessionId = opened.headers.get('mcp-session-id');
      if (!sessionId) throw new Error(`no session: ${opened.status} ${await opened.text()}`);
      await opened.text();
      const headers = { accept: 'application/json', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
      await (await post('/mcp', token, initialized, headers)).text();
      return refusedOrJson(await post('/mcp', token, message, headers));
    }
    case 'legacy-sse': {
      const stream = await SELF.fetch(`${GATEWAY}/sse`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      });
      const events = readSseEvents(stream.body!);
      try {
        const endpoint = (await events.next()).data;
        await post(endpoint, token, { ...initialize, params: { ...initialize.params, protocolVersion: '2024-11-05' } });
        await events.next();
        await post(endpoint, token, initialized);
        const response = await post(endpoint, token, message);
        if (response.status !== 202) return refusedOrJson(response);
        for (;;) {
          const answer = JSON.parse((await events.next()).data) as NonNullable<Outcome['answer']>;
          if (answer.id === message.id) return { status: 202, challenge: null, answer };
        }
      } finally {
        await events.cancel();
      }
    }
    case 'websocket': {
      const socket = await openSocket('/mcp', { authorization: `Bearer ${token}`, 'sec-websocket-protocol': 'mcp' });
      try {
        await socket.request(initialize);
        socket.notify(initialized);
        const answer = (await socket.request(message)) as Outcome['answer'];
        return { status: 101, challenge: null, answer };
      } finally {
        socket.close();
      }
    }
  }
}
