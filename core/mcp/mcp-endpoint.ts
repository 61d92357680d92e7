/**
 * The protected MCP endpoints `/mcp` and `/sse` (behind OAuthProvider, so the bearer is already
 * validated and `ctx.props` is the grant's identity). Detects the protocol (detect.ts), answers
 * stateless JSON-RPC here, and forwards everything with a session to its McpSession Durable
 * Object, named by user and session id.
 */
import type { OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';
import { isLegacyRequest } from '@modelcontextprotocol/server';
import { clientGrant, GRANT_HEADER, type ClientGrant } from '../auth/client-grant';
import { isGatewayIdentity, type GatewayIdentity } from '../auth/identity';
import type { Registry } from '../plugin';
import { ALLOWED_METHODS, detectProtocol, SUPPORTED_VERSIONS } from './detect';
import { HttpError } from '../http/http-error';
import {
  IDENTITY_HEADER,
  SESSION_HEADER,
  sessionObjectName,
  TRANSPORT_HEADER,
  ENDPOINT_HEADER,
  TOKEN_EXPIRY_HEADER,
  type SessionTransport,
} from './mcp-session';
import { sseToJson } from './sse-to-json';
import { answerModern, MODERN_VERSION } from './modern';
import { answerStateless, unsupportedVersion } from './stateless';
import { readRequestBody } from './request-body';
import { offeredSubprotocols } from './websocket-auth';
import { currentRequest, REQUEST_ID_HEADER } from '../ops/request-scope';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * @example
 * apiHandlers: { '/mcp': { fetch: (request, env, ctx) => handleMcpRequest(request, env, ctx.props, registry, ctx.auth) } }
 */
export async function handleMcpRequest(
  request: Request,
  env: Env,
  props: unknown,
  registry: Registry,
  /** What the provider verified about the bearer: its client, grant, scopes and expiry. */
  auth: OAuthResourceAuth | undefined,
): Promise<Response> {
  if (!isGatewayIdentity(props))
    return HttpError.jsonRpc(401, -32001, 'This token carries no gateway identity; sign in again.').toResponse();
  const grant = clientGrant(auth);
  if (!grant) return HttpError.jsonRpc(401, -32001, 'This token names no client grant; sign in again.').toResponse();
  const tokenExpiresAt = auth?.expiresAt;
  const url = new URL(request.url);
  let body: unknown;
  let bodyText: string | undefined;
  if (request.method === 'POST') {
    const read = await readRequestBody(request);
    if (!read.ok) return read.response;
    bodyText = read.text;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return HttpError.jsonRpc(400, -32700, 'Parse error: the request body is not valid JSON.').toResponse();
    }
  }

  // 2026-07-28 (its `_meta` envelope or revision header) is answered here, with no session object.
  // Batches are 2025-era only (detect.ts decides which are allowed).
  if (isMessage(body) && !isLegacyRoute(request, url, body) && !(await isLegacyRequest(request, body)))
    return answerModern({ request, body, env, identity: props, grant, registry });

  const route = detectProtocol({
    method: request.method,
    pathname: url.pathname,
    searchParams: url.searchParams,
    headers: request.headers,
    body,
  });
  const batch = Array.isArray(body);
  switch (route.kind) {
    case 'reject': {
      const headers = route.status === 405 ? { allow: ALLOWED_METHODS } : undefined;
      return HttpError.jsonRpc(route.status, -32600, route.message, { headers }).toResponse();
    }
    case 'unknown-session':
      return HttpError.jsonRpc(404, -32001, route.message).toResponse();
    case 'unsupported-version':
      return unsupportedVersion(route.requested, requestId(body));
    case 'stateless':
      return answerStateless({ body, batch: route.batch, request, env, identity: props, grant, registry });
    case 'streamable-initialize':
      return forwardStreamable(request, env, props, grant, crypto.randomUUID(), bodyText);
    case 'streamable':
      if (!SESSION_ID.test(route.sessionId)) return sessionNotFound();
      return forwardStreamable(request, env, props, grant, route.sessionId, bodyText);
    case 'legacy-open': {
      const sessionId = crypto.randomUUID();
      const endpoint = `${url.pathname.replace(/\/$/, '')}/message?sessionId=${sessionId}`;
      return forward(request, env, props, grant, sessionId, 'legacy-open', undefined, { [ENDPOINT_HEADER]: endpoint });
    }
    case 'legacy-message':
      if (!SESSION_ID.test(route.sessionId)) return sessionNotFound();
      return forward(request, env, props, grant, route.sessionId, 'legacy-message', bodyText, {
        'content-type': 'application/json',
      });
    case 'websocket': {
      const offered = offeredSubprotocols(request);
      if (offered.length > 0 && !offered.includes('mcp')) {
        return HttpError.jsonRpc(
          400,
          -32600,
          'WebSocket clients must offer the subprotocol "mcp" (Sec-WebSocket-Protocol: mcp).',
        ).toResponse();
      }
      return forward(request, env, props, grant, crypto.randomUUID(), 'websocket', undefined, {
        // Set again explicitly: workerd drops `Upgrade` from a request rebuilt by bearerFromSubprotocol.
        upgrade: 'websocket',
        'sec-websocket-protocol': offered.includes('mcp') ? 'mcp' : '',
        // A socket is authorised once, here: the session closes it when this token expires.
        [TOKEN_EXPIRY_HEADER]: tokenExpiresAt ? String(tokenExpiresAt * 1000) : '',
      });
    }
  }

  function forwardStreamable(
    request: Request,
    env: Env,
    identity: GatewayIdentity,
    grant: ClientGrant,
    sessionId: string,
    text: string | undefined,
  ) {
    const accept = request.headers.get('accept') ?? '';
    const wantsOnlyJson = request.method === 'POST' && !accept.includes('text/event-stream');
    // Content type and Accept are normalised: the body parsed as JSON, and a JSON-only client gets
    // the stream collected into JSON below.
    const extra: Record<string, string> =
      request.method === 'POST'
        ? { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
        : {};
    const answer = forward(request, env, identity, grant, sessionId, 'streamable', text, extra);
    if (!wantsOnlyJson) return answer;
    return answer.then((response) =>
      response.headers.get('content-type')?.includes('text/event-stream') ? sseToJson(response, batch) : response,
    );
  }
}

function forward(
  request: Request,
  env: Env,
  identity: GatewayIdentity,
  grant: ClientGrant,
  sessionId: string,
  transport: SessionTransport,
  body: string | undefined,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.delete('authorization'); // the gateway's token never travels further than this Worker
  for (const [name, value] of Object.entries(extraHeaders)) {
    if (value) headers.set(name, value);
    else headers.delete(name);
  }
  headers.set(IDENTITY_HEADER, JSON.stringify(identity));
  headers.set(GRANT_HEADER, JSON.stringify(grant));
  headers.set(SESSION_HEADER, sessionId);
  headers.set(TRANSPORT_HEADER, transport);
  headers.set(REQUEST_ID_HEADER, currentRequest()?.requestId ?? crypto.randomUUID());
  const stub = env.MCP_SESSION.get(env.MCP_SESSION.idFromName(sessionObjectName(identity.userKey, sessionId)));
  return stub.fetch(
    new Request(request.url, { method: request.method, headers, body: body ?? null, signal: request.signal }),
  );
}

/** A single JSON-RPC request or notification; anything else is detect.ts's to refuse. */
function isMessage(body: unknown): body is object {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as { jsonrpc?: unknown; method?: unknown };
  return message.jsonrpc === '2.0' && typeof message.method === 'string';
}

/** A session's own POSTs (Streamable HTTP with its id, legacy SSE messages) never carry 2026-07-28. */
function isLegacyRoute(request: Request, url: URL, body: object): boolean {
  if (request.headers.has('mcp-session-id') || url.pathname.endsWith('/message')) return true;
  // A request claiming a revision in its `_meta` envelope is the v2 SDK's to answer, also with -32022.
  if (hasEnvelopeClaim(body)) return false;
  // A revision neither era speaks, with no envelope: detect.ts answers -32022 with both eras' versions.
  const version = request.headers.get('mcp-protocol-version');
  return version !== null && version !== MODERN_VERSION && !(SUPPORTED_VERSIONS as readonly string[]).includes(version);
}

function hasEnvelopeClaim(body: object): boolean {
  const meta = (body as { params?: { _meta?: unknown } }).params?._meta;
  return typeof meta === 'object' && meta !== null && 'io.modelcontextprotocol/protocolVersion' in meta;
}

function requestId(body: unknown): string | number | null {
  const id =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

function sessionNotFound(): Response {
  return HttpError.jsonRpc(404, -32001, 'Session not found. Start a new session (initialize).').toResponse();
}
