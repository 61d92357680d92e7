/**
 * One MCP session per transport for load tests: opened once, then any number of `tools/call`s in
 * turn. Each call returns the raw answer's JSON-RPC id next to its text, so a test sees an answer
 * that came back under another request's id instead of waiting for the right one.
 */
import { SELF } from 'cloudflare:test';
import { GATEWAY, readSseEvents } from '../workers/harness';

export const LOAD_TRANSPORTS = [
  'streamable-http',
  'legacy-sse',
  'websocket',
  'plain-json-rpc',
  'mcp-2026-07-28',
] as const;
export type LoadTransport = (typeof LOAD_TRANSPORTS)[number];

/** What a `tools/call` got back: the answer's id, its text (or the JSON-RPC error's message). */
export interface CallAnswer {
  id: unknown;
  text: string;
  isError: boolean;
}

export interface LoadSession {
  call(id: number, name: string, args: Record<string, unknown>): Promise<CallAnswer>;
  close(): Promise<void>;
}

type RpcAnswer = {
  id?: unknown;
  method?: string;
  result?: { content?: Array<{ text?: string }>; isError?: boolean };
  error?: { message: string };
};

const MODERN = '2026-07-28';
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
const initialize = (id: number, protocolVersion: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion, capabilities: {}, clientInfo: { name: 'load-test', version: '1.0.0' } },
});
const toolCall = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'tools/call',
  params: { name, arguments: args },
});

function answerOf(raw: RpcAnswer): CallAnswer {
  if (raw.error) return { id: raw.id, text: raw.error.message, isError: true };
  const text = (raw.result?.content ?? []).map((item) => item.text ?? '').join('\n');
  return { id: raw.id, text, isError: raw.result?.isError === true };
}

function post(path: string, token: string, message: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(message),
  });
}

async function json(response: Response): Promise<RpcAnswer> {
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text}`);
  return JSON.parse(text) as RpcAnswer;
}

/**
 * Opens a session over `transport` (2025 sessions negotiate `protocolVersion`; the stateless
 * transports have nothing to open).
 *
 * @example
 * const session = await openLoadSession('websocket', token, '2025-06-18');
 * const answer = await session.call(7, 'getEmails', { count: 3 }); // answer.id === 7
 */
export async function openLoadSession(
  transport: LoadTransport,
  token: string,
  protocolVersion = '2025-06-18',
): Promise<LoadSession> {
  switch (transport) {
    case 'plain-json-rpc':
      return {
        call: async (id, name, args) => answerOf(await json(await post('/mcp', token, toolCall(id, name, args)))),
        close: async () => undefined,
      };
    case 'mcp-2026-07-28':
      return {
        async call(id, name, args) {
          const message = toolCall(id, name, args);
          const envelope = {
            'io.modelcontextprotocol/protocolVersion': MODERN,
            'io.modelcontextprotocol/clientCapabilities': {},
          };
          const headers = {
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': MODERN,
            'mcp-method': 'tools/call',
            'mcp-name': name,
          };
          const body = { ...message, params: { ...message.params, _meta: envelope } };
          return answerOf(await json(await post('/mcp', token, body, headers)));
        },
        close: async () => undefined,
      };
    case 'streamable-http':
      return openStreamable(token, protocolVersion);
    case 'legacy-sse':
      return openLegacySse(token);
    case 'websocket':
      return openWebSocket(token, protocolVersion);
  }
}

async function openStreamable(token: string, protocolVersion: string): Promise<LoadSession> {
  const opened = await post('/mcp', token, initialize(0, protocolVersion), { accept: 'application/json' });
  const sessionId = opened.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`no session: ${opened.status} ${await opened.text()}`);
  await opened.text();
  const headers = { accept: 'application/json', 'mcp-session-id': sessionId, 'mcp-protocol-version': protocolVersion };
  await (await post('/mcp', token, initialized, headers)).text();
  return {
    call: async (id, name, args) => answerOf(await json(await post('/mcp', token, toolCall(id, name, args), headers))),
    close: async () => undefined,
  };
}

async function openLegacySse(token: string): Promise<LoadSession> {
  const stream = await SELF.fetch(`${GATEWAY}/sse`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  if (stream.status !== 200 || !stream.body) throw new Error(`no event stream: ${stream.status}`);
  const events = readSseEvents(stream.body);
  const endpoint = (await events.next()).data;
  /** The next answer on the stream (notifications are skipped): the one a lone request in flight gets. */
  const nextAnswer = async (): Promise<RpcAnswer> => {
    for (;;) {
      const message = JSON.parse((await events.next()).data) as RpcAnswer;
      if (message.id !== undefined && message.method === undefined) return message;
    }
  };
  const send = async (message: unknown) => {
    const response = await post(endpoint, token, message);
    if (response.status !== 202) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    await response.text();
  };
  await send(initialize(0, '2024-11-05'));
  await nextAnswer();
  await send(initialized);
  return {
    async call(id, name, args) {
      await send(toolCall(id, name, args));
      return answerOf(await nextAnswer());
    },
    close: () => events.cancel(),
  };
}

async function openWebSocket(token: string, protocolVersion: string): Promise<LoadSession> {
  const response = await SELF.fetch(`${GATEWAY}/mcp`, {
    headers: { upgrade: 'websocket', authorization: `Bearer ${token}`, 'sec-websocket-protocol': 'mcp' },
  });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) throw new Error(`upgrade refused: ${response.status}`);
  socket.accept();
  const answers: RpcAnswer[] = [];
  let wake: (() => void) | undefined;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as RpcAnswer;
    if (message.id === undefined || message.method !== undefined) return;
    answers.push(message);
    wake?.();
  });
  /** The next answer on the socket, whatever its id: the one a lone request in flight gets. */
  const nextAnswer = async (): Promise<RpcAnswer> => {
    while (answers.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return answers.shift()!;
  };
  socket.send(JSON.stringify(initialize(0, protocolVersion)));
  await nextAnswer();
  socket.send(JSON.stringify(initialized));
  return {
    async call(id, name, args) {
      socket.send(JSON.stringify(toolCall(id, name, args)));
      return answerOf(await nextAnswer());
    },
    close: async () => socket.close(1000, 'done'),
  };
}
