/**
 * Plain JSON-RPC over HTTP: a POST without a session that is not `initialize` (the original
 * README's curl and Python examples, minimal scripts) is answered by a one-shot server in the
 * Worker: JSON in, JSON out, a batch gets an array, notifications alone get 202.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { grantAuthInfo, type ClientGrant } from '../auth/client-grant';
import type { GatewayIdentity } from '../auth/identity';
import { requireConfig } from '../config/config';
import { HttpError } from '../http/http-error';
import type { Registry } from '../plugin';
import { SUPPORTED_VERSIONS } from './detect';
import { callLogFor } from '../ops/call-sinks';
import { createMcpServer } from './mcp-server';
import { MODERN_VERSION } from './modern';
import { settleHandles } from '../handles/gateway-handles';
import { createToolContext, userTokenCache } from './tool-context';

/**
 * @example
 * if (route.kind === 'stateless') return answerStateless({ body, batch: route.batch, request, env, identity, grant, registry });
 */
export async function answerStateless(options: {
  body: unknown;
  batch: boolean;
  request: Request;
  env: Env;
  identity: GatewayIdentity;
  /** The calling client's grant: its scopes bound every call in the message. */
  grant: ClientGrant;
  registry: Registry;
}): Promise<Response> {
  const { env, identity, registry, request } = options;
  const config = requireConfig(env);
  const tokens = userTokenCache(env, identity.userKey);
  const handleScope = {};
  const server = createMcpServer({
    registry,
    contextFor: (tool, signal, progress, grantedScopes, callLog) =>
      createToolContext({ env, config, tool, identity, signal, tokens, handleScope, progress, grantedScopes, callLog }),
    // The same call line, metrics and audit of writes as a session's calls.
    startCallLog: callLogFor(env, identity.userKey, (name) => registry.getTool(name)),
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  // The client is gone: stop its calls (and their Graph requests).
  request.signal.addEventListener('abort', () => void server.close());
  try {
    // The SDK transport insists on Streamable HTTP's headers; a plain client need not send them.
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    const version = request.headers.get('mcp-protocol-version');
    if (version && (SUPPORTED_VERSIONS as readonly string[]).includes(version))
      headers.set('mcp-protocol-version', version);
    const response = await transport.handleRequest(new Request(request.url, { method: 'POST', headers }), {
      parsedBody: options.body,
      authInfo: grantAuthInfo(options.grant),
    });
    if (response.status === 202 || !response.headers.get('content-type')?.includes('application/json')) return response;
    const answer: unknown = await response.json();
    await settleHandles(handleScope);
    // JSON-RPC: a batch is answered with an array, even when it held one request.
    const body = options.batch && !Array.isArray(answer) ? [answer] : answer;
    return Response.json(body, { status: response.status });
  } finally {
    await server.close().catch(() => undefined);
  }
}

/**
 * A revision this gateway does not speak (and no 2026-07-28 envelope): JSON-RPC -32022 with the
 * supported list, which a negotiating client reads to pick one it shares.
 */
export function unsupportedVersion(requested: string, id: string | number | null = null): Response {
  return HttpError.jsonRpc(
    400,
    -32022,
    `Unsupported protocol version ${requested}. This server speaks ${MODERN_VERSION} (stateless, _meta on every request) and ${SUPPORTED_VERSIONS.join(', ')} (start a session with initialize).`,
    { id, data: { supported: [MODERN_VERSION, ...SUPPORTED_VERSIONS], requested } },
  ).toResponse();
}
