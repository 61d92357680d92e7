/**
 * Open MCP channels of one user on every transport, each able to carry many concurrent calls:
 * a Streamable HTTP session, an HTTP+SSE stream, a WebSocket, and the sessionless plain JSON-RPC
 * and MCP 2026-07-28 requests. Used by the refresh storm and the eviction suite, which start the
 * sessions first and then fire calls at them together.
 */
import { SELF } from 'cloudflare:test';
import { GATEWAY, openSocket, readSseEvents } from '../workers/harness';
import { initialize } from './support';

export const CHANNEL_KINDS = [
  'streamable-http',
  'legacy-sse',
  'websocket',
  'plain-json-rpc',
  'mcp-2026-07-28',
] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface RpcAnswer {
  id?: unknown;
  result?: { isError?: boolean; content?: Array<{ type: string; text?: string }>; [key: string]: unknown };
  error?: { code: number; message: string };
}

/** What a call came back with: the JSON-RPC answer, an HTTP refusal, or the connection closing first. */
export type CallOutcome =
  | { kind: 'answer'; answer: RpcAnswer }
  | { kind: 'http'; status: number; body: string }
  | { kind: 'closed'; code: number; reason: string };

export interface Channel {
  kind: ChannelKind;
  /** The session id, for the transports that tell the client one. */
  sessionId?: string;
  /** What the server answered to initialize, for the transports that have one. */
  initializeResult?: RpcAnswer['result'];
  call(id: number, method: string, params?: Record<string, unknown>): Promise<CallOutcome>;
  /** Server-initiated messages (notifications) seen on the channel so far. */
  notifications: Array<{ method: string }>;
  close(): Promise<void>;
}

const MODERN = '2026-07-28';
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

function post(path: string, token: string, message: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(message),
  });
}

/** A JSON answer, or the SSE stream's messages (notifications first, then the answer). */
async function outcomeOf(response: Response, notifications: Array<{ method: string }>): Promise<CallOutcome> {
  const text = await response.text();
  if (!response.ok) return { kind: 'http', status: response.status, body: text };
  if (!response.headers.get('content-type')?.includes('text/event-stream'))
    return { kind: 'answer', answer: JSON.parse(text) as RpcAnswer };
  let answer: RpcAnswer | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const message = JSON.parse(line.slice(5)) as RpcAnswer & { method?: string };
    if (message.method) notifications.push({ method: message.method });
    else answer = message;
  }
  if (!answer) return { kind: 'http', status: response.status, body: text };
  return { kind: 'answer', answer };
}

/**
 * Opens a channel of `kind` with `token`; for the session transports, initialize has been answered.
 *
 * @example
 * const channel = await openChannel('websocket', token);
 * const outcome = await channel.call(2, 'tools/call', { name: 'getEmails', arguments: { count: 1 } });
 */
export async function openChannel(kind: ChannelKind, token: string, protocolVersion = '2025-06-18'): Promise<Channel> {
  const notifications: Array<{ method: string }> = [];
  const init = { ...initialize, params: { ...initialize.params, protocolVersion } };
  switch (kind) {
    case 'plain-json-rpc':
      return {
        kind,
        notifications,
        call: async (id, method, params) =>
          outcomeOf(await post('/mcp', token, { jsonrpc: '2.0', id, method, params }), notifications),
        close: async () => undefined,
      };
    case 'mcp-2026-07-28':
      return {
        kind,
        notifications,
        async call(id, method, params = {}) {
          const envelope = {
            'io.modelcontextprotocol/protocolVersion': MODERN,
            'io.modelcontextprotocol/clientCapabilities': {},
          };
          const name = (params.name ?? params.uri) as string | undefined;
          const headers = {
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': MODERN,
            'mcp-method': method,
            ...(name ? { 'mcp-name': name } : {}),
          };
          const message = { jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope } };
          return outcomeOf(await post('/mcp', token, message, headers), notifications);
        },
        close: async () => undefined,
      };
    case 'streamable-http': {
      const opened = await post('/mcp', token, init, { accept: 'application/json, text/event-stream' });
      const sessionId = opened.headers.get('mcp-session-id');
      if (!sessionId) throw new Error(`no session: ${opened.status} ${await opened.text()}`);
      const answered = await outcomeOf(opened, notifications);
      const headers = {
        accept: 'application/json, text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': protocolVersion,
      };
      await (await post('/mcp', token, initialized, headers)).text();
      return {
        kind,
        sessionId,
        ...(answered.kind === 'answer' ? { initializeResult: answered.answer.result } : {}),
        notifications,
        call: async (id, method, params) =>
          outcomeOf(await post('/mcp', token, { jsonrpc: '2.0', id, method, params }, headers), notifications),
        close: async () => {
          await SELF.fetch(`${GATEWAY}/mcp`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${token}`, ...headers },
          });
        },
      };
    }
    case 'legacy-sse':
      return openLegacy(token, notifications);
    case 'websocket': {
      const socket = await openSocket('/mcp', { authorization: `Bearer ${token}`, 'sec-websocket-protocol': 'mcp' });
      const answered = (await socket.request(init)) as RpcAnswer;
      socket.notify(initialized);
      const closed = socket.closed.then((close): CallOutcome => ({ kind: 'closed', ...close }));
      return {
        kind,
        initializeResult: answered.result,
        // Read from what the socket received, so notifications sent at any time count.
        get notifications() {
          return socket.received.filter((m): m is { method: string } => typeof m === 'object' && !!m && 'method' in m);
        },
        call: (id, method, params) =>
          Promise.race([
            socket
              .request({ jsonrpc: '2.0', id, method, params })
              .then((answer): CallOutcome => ({ kind: 'answer', answer: answer as RpcAnswer })),
            closed,
          ]),
        close: async () => socket.close(),
      };
    }
  }
}

/** The 2024-11-05 transport: answers come on the GET /sse stream, matched to calls by id. */
async function openLegacy(token: string, notifications: Array<{ method: string }>): Promise<Channel> {
  const stream = await SELF.fetch(`${GATEWAY}/sse`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  const events = readSseEvents(stream.body!);
  const endpoint = (await events.next()).data;
  const sessionId = new URL(endpoint, GATEWAY).searchParams.get('sessionId') ?? undefined;
  const waiting = new Map<unknown, (outcome: CallOutcome) => void>();
  let ended: CallOutcome | undefined;
  void (async () => {
    try {
      for (;;) {
        const message = JSON.parse((await events.next()).data) as RpcAnswer & { method?: string };
        if (message.method) notifications.push({ method: message.method });
        else waiting.get(message.id)?.({ kind: 'answer', answer: message });
      }
    } catch {
      // The stream ended: calls still waiting learn it the way a client would.
      ended = { kind: 'closed', code: 0, reason: 'the event stream ended' };
      for (const resolve of waiting.values()) resolve(ended);
    }
  })();
  const send = async (message: { id?: number; method: string; params?: unknown }): Promise<CallOutcome> => {
    if (ended) return ended;
    const answered =
      message.id === undefined ? undefined : new Promise<CallOutcome>((resolve) => waiting.set(message.id, resolve));
    const response = await post(endpoint, token, { jsonrpc: '2.0', ...message });
    if (response.status !== 202) return { kind: 'http', status: response.status, body: await response.text() };
    await response.text();
    return answered ?? { kind: 'http', status: 202, body: '' };
  };
  await send({ ...initialize, params: { ...initialize.params, protocolVersion: '2024-11-05' } });
  await send(initialized);
  return {
    kind: 'legacy-sse',
    ...(sessionId ? { sessionId } : {}),
    notifications,
    call: (id, method, params) => send({ id, method, ...(params ? { params } : {}) }),
    close: () => events.cancel(),
  };
}

/** The text of a tool result's content. */
export function textOfAnswer(answer: RpcAnswer): string {
  return (answer.result?.content ?? []).map((item) => item.text ?? '').join('\n');
}
