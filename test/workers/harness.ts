/**
 * Gateway test harness inside workerd: the Worker under test is reached through SELF.fetch at
 * https://gateway.test; Microsoft (identity + Graph) is the emulated tenant, served by MSW to the
 * Worker's and Durable Objects' outbound fetches (same isolate).
 */
import { env, SELF } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import { http } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { pluginMocks } from '../../core/generated/mocks';
import { createEmulator, createPkcePair, type Emulator, type EmulatorOptions } from '../../core/testing';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';

export const GATEWAY = 'https://gateway.test';
export const CLIENT_REDIRECT = 'http://127.0.0.1:33418/callback';

export function startEmulator(options: Pick<EmulatorOptions, 'extraUsers'> = {}): {
  emulator: Emulator;
  server: SetupServer;
  close(): void;
} {
  const emulator = createEmulator({
    authorityOrigin: 'https://login.emulator.test',
    graphBaseUrl: 'https://graph.emulator.test/v1.0',
    pluginMocks,
    ...options,
  });
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return { emulator, server, close: () => server.close() };
}

/** Makes Microsoft's token endpoint answer slowly, so concurrent refreshes really overlap. */
export function slowTokenEndpoint(server: SetupServer, delayMs: number): void {
  server.use(
    http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', async () => {
      await new Promise((done) => setTimeout(done, delayMs));
      // Returning nothing hands the request on to the emulator's own handler.
    }),
  );
}

export const gatewayFetch = (input: Request) => SELF.fetch(input);

export function newBrowser(): TestBrowser {
  return new TestBrowser({ fetchFor: (url) => (url.origin === GATEWAY ? gatewayFetch : (request) => fetch(request)) });
}

export interface Connection {
  clientId: string;
  accessToken: string;
  refreshToken: string;
  scope: string;
}

/** Registers a client (DCR) and runs the whole authorization code + PKCE flow as `user`. */
export async function connect(user: string, browser = newBrowser()): Promise<Connection> {
  const registration = await SELF.fetch(`${GATEWAY}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test MCP Client',
      redirect_uris: [CLIENT_REDIRECT],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  if (registration.status !== 201)
    throw new Error(`registration failed: ${registration.status} ${await registration.text()}`);
  const { client_id: clientId } = (await registration.json()) as { client_id: string };
  const pkce = await createPkcePair();
  const authorize = new URL(`${GATEWAY}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_REDIRECT,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: 'client-state-1',
    resource: GATEWAY,
  }).toString();
  const back = await completeAuthorizationInBrowser({ browser, authorizationUrl: authorize.toString(), user });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  const token = await SELF.fetch(`${GATEWAY}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT_REDIRECT,
      client_id: clientId,
      code_verifier: pkce.verifier,
      resource: GATEWAY,
    }),
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.status} ${await token.text()}`);
  const body = (await token.json()) as { access_token: string; refresh_token: string; scope: string };
  return { clientId, accessToken: body.access_token, refreshToken: body.refresh_token, scope: body.scope };
}

/** An MCP SDK client speaking Streamable HTTP to the gateway with a bearer. */
export async function mcpClient(
  accessToken: string,
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${GATEWAY}/mcp`), {
    fetch: (url, init) => SELF.fetch(new Request(url, init)),
    requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
  });
  const client = new Client(
    { name: 'workers-test', version: '1.0.0' },
    { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  await client.connect(transport);
  return { client, transport };
}

export function textOf(result: object): string {
  const content = ((result as { content?: unknown }).content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((item) => item.text ?? '').join('\n');
}

/** POSTs a JSON-RPC message (or batch) to `path` as a minimal client would, and returns the JSON answer. */
export async function rpc(accessToken: string, path: string, message: object): Promise<unknown> {
  const response = await SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Reads server-sent events one at a time (comments and priming events without data are skipped). */
export function readSseEvents(body: ReadableStream<Uint8Array>): {
  next(): Promise<SseEvent>;
  cancel(): Promise<void>;
} {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (let reads = 0; reads < 1_000; reads++) {
        const cut = buffer.indexOf('\n\n');
        if (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event.event = line.slice(6).trim();
            else if (line.startsWith('data:')) event.data += line.slice(5).trimStart();
            else if (line.startsWith('id:')) event.id = line.slice(3).trim();
          }
          if (event.data) return event;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
      throw new Error('no complete event after 1000 reads');
    },
    cancel: () => reader.cancel(),
  };
}

export interface TestSocket {
  protocol: string | null;
  /** Sends a request and resolves with the response carrying its id. */
  request(message: { id: string | number; [key: string]: unknown }): Promise<unknown>;
  notify(message: object): void;
  /** Every message received so far. */
  received: unknown[];
  /** Resolves when the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens an MCP WebSocket to the gateway (inside workerd: the upgrade is a fetch with `Upgrade`). */
export async function openSocket(path: string, headers: Record<string, string>): Promise<TestSocket> {
  const response = await SELF.fetch(`${GATEWAY}${path}`, { headers: { upgrade: 'websocket', ...headers } });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket)
    throw new Error(`upgrade refused: ${response.status} ${await response.text()}`);
  socket.accept();
  const received: unknown[] = [];
  const waiting = new Map<string | number, (message: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: string | number };
    received.push(message);
    if (message.id !== undefined && !('method' in message)) waiting.get(message.id)?.(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
  );
  return {
    protocol: response.headers.get('sec-websocket-protocol'),
    received,
    closed,
    request(message) {
      const answer = new Promise<unknown>((resolve) => waiting.set(message.id, resolve));
      socket.send(JSON.stringify(message));
      return answer;
    },
    notify(message) {
      socket.send(JSON.stringify(message));
    },
    close: () => socket.close(1000, 'done'),
  };
}

/**
 * `text` with every message handle replaced by `id: <the Graph id it stands for>` in `user`'s
 * handle store (the store is written off the answer's path, so this waits briefly for it), so
 * tests can compare results with the emulator's (immutable) ids.
 */
export async function expandHandles(user: { tenantId: string; id: string }, text: string): Promise<string> {
  const handles = [...new Set([...text.matchAll(/\bm[0-9][0-9a-hjkmnp-tv-z]{4,11}\b/g)].map((m) => m[0]))];
  if (handles.length === 0) return text;
  const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName(`${user.tenantId}.${user.id}`));
  let found: Record<string, { id: string }> = {};
  for (let attempt = 0; attempt < 50; attempt++) {
    found = (await store.resolve(handles)).found;
    if (handles.every((handle) => found[handle])) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return text.replace(/\bm[0-9][0-9a-hjkmnp-tv-z]{4,11}\b/g, (handle) => `id: ${found[handle]?.id ?? handle}`);
}

/** The ids of `user`'s newest inbox messages as Graph shows them with immutable ids (what the gateway asks for). */
export function newestImmutableIds(emulator: Emulator, userId: string, count?: number): string[] {
  const inbox = emulator.tenant.resolveFolder(userId, 'inbox')!;
  const mailbox = emulator.tenant.mailbox(userId);
  return [...emulator.tenant.messages(userId, inbox.id)]
    .sort((a, b) => String(b.receivedDateTime).localeCompare(String(a.receivedDateTime)))
    .slice(0, count)
    .map((message) => mailbox.immutableId(message.id));
}
