/**
 * Protocol detection: one URL (`/mcp` or `/sse`) serves every transport a client in the wild
 * speaks, decided from the request alone. Pure: no I/O, no state.
 *
 * | method | what the request carries                                  | served as                          |
 * |--------|-----------------------------------------------------------|------------------------------------|
 * | GET    | `Upgrade: websocket`                                      | `websocket` (session DO)           |
 * | POST   | path ends in `/message` (`?sessionId=`)                   | `legacy-message` (2024-11-05)      |
 * | POST   | `[]`, or a batch with `MCP-Protocol-Version` ≥ 2025-06-18 | `reject` (-32600)                  |
 * | POST   | `Mcp-Session-Id` with `initialize`                        | `unknown-session` (404)            |
 * | POST   | `Mcp-Session-Id`                                          | `streamable` (session DO)          |
 * | POST   | JSON-RPC `initialize` (alone)                             | `streamable-initialize` (new DO)   |
 * | POST   | `MCP-Protocol-Version` this gateway does not speak        | `unsupported-version` (-32022)     |
 * | POST   | any other JSON-RPC message or batch                       | `stateless` (one-shot, JSON reply) |
 * | GET    | `Mcp-Session-Id`                                          | `streamable` (server stream)       |
 * | GET    | no session, `Accept: text/event-stream`                   | `legacy-open` (2024-11-05 stream)  |
 * | DELETE | `Mcp-Session-Id`                                          | `streamable` (ends the session)    |
 * | else   | —                                                         | `reject` (4xx naming what works)   |
 *
 * Content-Type and Accept do not decide a POST: the body is JSON-RPC or it is refused, so the
 * README's `curl -d` (form content type) and minimal scripts work as written.
 */
import { batchRefusal } from './batch-rules';

/** Protocol revisions served (2024-11-05 only through the legacy SSE transport). */
export const SUPPORTED_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

export type DetectedProtocol =
  | { kind: 'websocket' }
  | { kind: 'legacy-message'; sessionId: string }
  | { kind: 'legacy-open' }
  | { kind: 'streamable'; sessionId: string }
  | { kind: 'streamable-initialize' }
  | { kind: 'stateless'; batch: boolean }
  | { kind: 'unsupported-version'; requested: string }
  | { kind: 'unknown-session'; message: string }
  | { kind: 'reject'; status: 400 | 405 | 406; message: string };

export interface DetectInput {
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  headers: Headers;
  /** The parsed POST body; `undefined` for other methods. */
  body?: unknown;
}

const SUPPORTED_SUMMARY =
  'This endpoint serves MCP over Streamable HTTP (POST/GET/DELETE with Mcp-Session-Id), HTTP+SSE (GET with Accept: text/event-stream, then POST to the announced endpoint), WebSocket (Upgrade: websocket, subprotocol "mcp") and plain JSON-RPC (POST a request or batch).';

const INITIALIZE_WITH_SESSION =
  'Session not found: session ids are assigned by the server. Send initialize without Mcp-Session-Id to start a new session.';

/**
 * @example
 * const url = new URL(request.url);
 * const route = detectProtocol({ method: request.method, pathname: url.pathname, searchParams: url.searchParams, headers: request.headers, body });
 * if (route.kind === 'reject') return new Response(route.message, { status: route.status });
 */
export function detectProtocol(input: DetectInput): DetectedProtocol {
  const { method, headers } = input;
  const sessionId = headers.get('mcp-session-id');
  const upgrade = headers.get('upgrade')?.toLowerCase();

  if (upgrade === 'websocket') {
    if (method !== 'GET')
      return {
        kind: 'reject',
        status: 400,
        message: `A WebSocket upgrade must be a GET request. ${SUPPORTED_SUMMARY}`,
      };
    return { kind: 'websocket' };
  }

  if (method === 'POST') {
    const version = headers.get('mcp-protocol-version');
    const known = version !== null && (SUPPORTED_VERSIONS as readonly string[]).includes(version);
    const refusal = batchRefusal(input.body, known ? version : undefined);
    if (refusal) return { kind: 'reject', status: 400, message: refusal };
    if (input.pathname.endsWith('/message')) {
      const legacyId = input.searchParams.get('sessionId');
      if (!legacyId)
        return {
          kind: 'reject',
          status: 400,
          message:
            'The HTTP+SSE message endpoint needs the sessionId query parameter announced in the stream\'s "endpoint" event.',
        };
      return { kind: 'legacy-message', sessionId: legacyId };
    }
    if (sessionId) {
      // The server assigns session ids: an initialize naming one would let the client pick it.
      if (containsInitialize(input.body)) return { kind: 'unknown-session', message: INITIALIZE_WITH_SESSION };
      return { kind: 'streamable', sessionId };
    }
    if (containsInitialize(input.body)) return { kind: 'streamable-initialize' };
    if (version !== null && !known) return { kind: 'unsupported-version', requested: version };
    if (!isJsonRpcShaped(input.body))
      return {
        kind: 'reject',
        status: 400,
        message: `The body is not a JSON-RPC 2.0 message or batch. ${SUPPORTED_SUMMARY}`,
      };
    return { kind: 'stateless', batch: Array.isArray(input.body) };
  }

  if (method === 'GET') {
    if (sessionId) return { kind: 'streamable', sessionId };
    if (accepts(headers, 'text/event-stream')) return { kind: 'legacy-open' };
    return {
      kind: 'reject',
      status: 406,
      message: `A GET without Mcp-Session-Id opens an HTTP+SSE event stream and needs Accept: text/event-stream. ${SUPPORTED_SUMMARY}`,
    };
  }

  if (method === 'DELETE') {
    if (sessionId) return { kind: 'streamable', sessionId };
    return {
      kind: 'reject',
      status: 400,
      message: 'DELETE ends a Streamable HTTP session and needs its Mcp-Session-Id header.',
    };
  }

  return { kind: 'reject', status: 405, message: `Method ${method} is not used by MCP. ${SUPPORTED_SUMMARY}` };
}

/** Methods the endpoint answers (for `Allow`). */
export const ALLOWED_METHODS = 'GET, POST, DELETE';

function accepts(headers: Headers, type: string): boolean {
  return (headers.get('accept') ?? '').split(',').some((part) => part.split(';')[0]!.trim().toLowerCase() === type);
}

function containsInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((message) => isRecord(message) && message.method === 'initialize' && 'id' in message);
}

function isJsonRpcShaped(body: unknown): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every(isJsonRpcMessage);
  return isJsonRpcMessage(body);
}

function isJsonRpcMessage(value: unknown): boolean {
  return (
    isRecord(value) &&
    value.jsonrpc === '2.0' &&
    (typeof value.method === 'string' || 'result' in value || 'error' in value)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
