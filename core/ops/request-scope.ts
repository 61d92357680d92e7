/**
 * What the structured log lines of one HTTP request share: its request id, MCP transport and
 * protocol era, and (once the bearer is checked) the caller. Kept in an AsyncLocalStorage, so the
 * request line (core/worker.ts) and the tool-call lines (core/mcp/call-log.ts) read it without
 * threading it through every handler. A Durable Object gets the id in REQUEST_ID_HEADER.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Internal header carrying the request id from the Worker to a session (a client's own copy is replaced). */
export const REQUEST_ID_HEADER = 'x-gateway-request-id';

export interface RequestScope {
  /** Cloudflare's `cf-ray` when there is one, else a random UUID. */
  requestId: string;
  /** `streamable`, `sse`, `websocket` or `http` (anything that is not MCP). */
  transport: string;
  /** The MCP protocol version the client named (`mcp-protocol-version`); `none` before it did. */
  era: string;
  /** The user key behind a validated bearer (hashed before it is logged). */
  userKey?: string;
  client?: string;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/**
 * @example
 * const scope = requestScopeOf(request);
 * return inRequestScope(scope, () => handle(request));
 */
export function requestScopeOf(request: Request): RequestScope {
  const headers = request.headers;
  const id = headers.get(REQUEST_ID_HEADER) ?? headers.get('cf-ray');
  return {
    requestId: id && /^[\w-]{1,64}$/.test(id) ? id : crypto.randomUUID(),
    transport: transportOf(request),
    era: headers.get('mcp-protocol-version')?.slice(0, 32) ?? 'none',
  };
}

/** A WebSocket frame's scope: a fresh id, and the era the socket's `initialize` asked for. */
export function frameScope(initialize: unknown): RequestScope {
  const params = (initialize as { params?: { protocolVersion?: unknown } } | undefined)?.params;
  const version = typeof params?.protocolVersion === 'string' ? params.protocolVersion.slice(0, 32) : 'none';
  return { requestId: crypto.randomUUID(), transport: 'websocket', era: version };
}

export function inRequestScope<T>(scope: RequestScope, run: () => T): T {
  return scopes.run(scope, run);
}

/** The scope of the request being handled, if any (a WebSocket frame has none of its own). */
export function currentRequest(): RequestScope | undefined {
  return scopes.getStore();
}

/** Called once the bearer is validated: the request line then names the caller. */
export function noteCaller(userKey: string, client: string | undefined): void {
  const scope = scopes.getStore();
  if (!scope) return;
  scope.userKey = userKey;
  if (client) scope.client = client;
}

function transportOf(request: Request): string {
  const { pathname } = new URL(request.url);
  if (!/^\/(mcp|sse)(\/|$)/.test(pathname)) return 'http';
  if (request.headers.get('upgrade')?.toLowerCase() === 'websocket') return 'websocket';
  return pathname.startsWith('/sse') ? 'sse' : 'streamable';
}
