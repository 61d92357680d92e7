/**
 * MCP 2026-07-28 (stateless: no initialize, no session, every request carries its revision and
 * capabilities in `_meta`) answered in the Worker by `@modelcontextprotocol/server` 2.x, with no
 * McpSession Durable Object on the path. Tools, resources, scopes, policy, the call log and Graph
 * are the same code the 2025 sessions use (mcp-server.ts `listToolsFor`, `callTool`,
 * mcp-resources.ts `readResourceFor`).
 *
 * Advertised: `tools` and `resources` without `listChanged` or `subscribe` (no change is pushed
 * across isolates); list results carry cache hints; progress goes out on the call's own stream;
 * closing the request aborts the call (the runtime's request signal, `enable_request_signal`, or
 * its cancelling the streamed answer), and the call's log line is still written.
 */
import { waitUntil } from 'cloudflare:workers';
import { createMcpHandler, Server } from '@modelcontextprotocol/server';
import { type ClientGrant, grantAuthInfo } from '../auth/client-grant';
import type { GatewayIdentity } from '../auth/identity';
import { requireConfig } from '../config/config';
import { accountKindOf, type Registry } from '../plugin';
import { GATEWAY_NAME, GATEWAY_VERSION } from '../version';
import { callLogFor } from '../ops/call-sinks';
import { type CallExtra, callTool, listToolsFor, type McpServerOptions, SERVER_INSTRUCTIONS } from './mcp-server';
import { readResourceFor } from './mcp-resources';
import { settleHandles } from '../handles/gateway-handles';
import { createToolContext, userTokenCache } from './tool-context';

/** The stateless revision served natively. */
export const MODERN_VERSION = '2026-07-28';

/** The tool list changes only with a deployment; per user (account kind), so private to the client. */
const LIST_TTL_MS = 5 * 60_000;

/**
 * @example
 * if (!(await isLegacyRequest(request, body))) return answerModern({ request, body, env, identity, grant, registry });
 */
export async function answerModern(options: {
  request: Request;
  body: unknown;
  env: Env;
  identity: GatewayIdentity;
  grant: ClientGrant;
  registry: Registry;
}): Promise<Response> {
  const { env, identity, registry } = options;
  const config = requireConfig(env);
  const tokens = userTokenCache(env, identity.userKey);
  const handleScope = {};
  const serverOptions: McpServerOptions = {
    registry,
    contextFor: (tool, signal, progress, grantedScopes, callLog) =>
      createToolContext({ env, config, tool, identity, signal, tokens, handleScope, progress, grantedScopes, callLog }),
    account: accountKindOf(identity),
    // The same call line, metrics and audit of writes as a session's calls.
    startCallLog: callLogFor(env, identity.userKey, (name) => registry.getTool(name), waitUntil),
  };
  // One server per request: the arguments as sent (the SDK's parse drops a `__proto__` key, which
  // the registry must see to refuse it, as raw-call-tool.ts keeps them for the 2025 sessions).
  const rawArguments = rawCallArguments(options.body);
  const handler = createMcpHandler(() => createModernServer(serverOptions, rawArguments), { legacy: 'reject' });
  const response = await handler.fetch(options.request, {
    parsedBody: options.body,
    authInfo: grantAuthInfo(options.grant),
  });
  // A JSON answer is complete here: what it shows is stored before the client can ask for it. (A
  // progress stream is still running; its handles are stored as the call ends, off its path.)
  await settleHandles(handleScope);
  return response;
}

/**
 * The v2 SDK's low-level server over the shared call path.
 *
 * @example
 * createMcpHandler(() => createModernServer({ registry, contextFor }), { legacy: 'reject' });
 */
export function createModernServer(options: McpServerOptions, rawArguments?: unknown): Server {
  const server = new Server(
    { name: GATEWAY_NAME, version: GATEWAY_VERSION, title: 'Microsoft 365 MCP Gateway' },
    {
      capabilities: { tools: {}, resources: {} },
      instructions: SERVER_INSTRUCTIONS,
      cacheHints: {
        'server/discover': { ttlMs: LIST_TTL_MS, cacheScope: 'private' },
        'tools/list': { ttlMs: LIST_TTL_MS, cacheScope: 'private' },
        'resources/templates/list': { ttlMs: LIST_TTL_MS, cacheScope: 'private' },
        'resources/list': { ttlMs: LIST_TTL_MS, cacheScope: 'private' },
      },
    },
  );
  server.setRequestHandler('tools/list', async () => ({ tools: listToolsFor(options) as never }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const extra: CallExtra = {
      signal: ctx.mcpReq.signal,
      authInfo: ctx.http?.authInfo,
      sendNotification: (notification) => ctx.mcpReq.notify(notification as never),
    };
    const params = rawArguments === undefined ? request.params : { ...request.params, arguments: rawArguments };
    const call = callTool(options, params as Parameters<typeof callTool>[1], extra);
    // A client that leaves ends the request and every promise of it the runtime was not told to
    // wait for: the SDK aborts the call, and its end (log line, metrics, a write's audit) must run.
    waitUntil(call.catch(() => undefined));
    return (await call) as never;
  });
  server.setRequestHandler('resources/templates/list', async () => ({
    resourceTemplates: options.registry.listResourceTemplates() as never,
  }));
  server.setRequestHandler('resources/list', async () => ({ resources: [] }));
  server.setRequestHandler('resources/read', async (request, ctx) => {
    const extra = { signal: ctx.mcpReq.signal, authInfo: ctx.http?.authInfo };
    return (await readResourceFor(options, request.params.uri, extra)) as never;
  });
  return server;
}

function rawCallArguments(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const { method, params } = body as { method?: unknown; params?: { arguments?: unknown } };
  return method === 'tools/call' && typeof params === 'object' && params !== null ? params.arguments : undefined;
}
