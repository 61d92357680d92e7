/**
 * Rate limits on the MCP endpoints, so one client cannot spend a user's (or the tenant's)
 * Microsoft Graph budget: every request to /mcp and /sse, and every WebSocket frame that carries
 * a request, counts once against its client (MCP_CLIENT_RATE_LIMITER, keyed by client id) and
 * once against its user (MCP_USER_RATE_LIMITER, keyed by user key). Beyond either limit: HTTP
 * 429 with `Retry-After` and a JSON-RPC error body, or a JSON-RPC error per request on a socket.
 * The limits themselves are the bindings' (wrangler.toml).
 */
import type { ApiHandler } from '../auth/scope-check';
import { HttpError } from '../http/http-error';

/** Both limiters count per 60 seconds: a refused client is told to wait that long. */
export const MCP_RETRY_AFTER_SECONDS = 60;
/** JSON-RPC error code of a refused request (implementation-defined server error range). */
export const RATE_LIMITED = -32029;

export interface McpRateLimitBindings {
  MCP_CLIENT_RATE_LIMITER?: RateLimit;
  MCP_USER_RATE_LIMITER?: RateLimit;
}

export interface RateLimitedCaller {
  clientId: string;
  userKey: string;
}

/**
 * Counts one request; the message to refuse it with, or undefined when it may go on.
 *
 * @example
 * const refused = await overRateLimit(env, { clientId, userKey });
 */
export async function overRateLimit(env: McpRateLimitBindings, caller: RateLimitedCaller): Promise<string | undefined> {
  // Both are counted even when the first refuses, so a client over its own limit still uses the user's.
  const [client, user] = await Promise.all([
    env.MCP_CLIENT_RATE_LIMITER?.limit({ key: `client:${caller.clientId}` }),
    env.MCP_USER_RATE_LIMITER?.limit({ key: `user:${caller.userKey}` }),
  ]);
  if (client && !client.success)
    return `Too many requests from this app. Wait ${MCP_RETRY_AFTER_SECONDS} seconds before the next call.`;
  if (user && !user.success)
    return `Too many requests for this user from all their apps together. Wait ${MCP_RETRY_AFTER_SECONDS} seconds before the next call.`;
  return undefined;
}

/**
 * Counts a WebSocket frame that carries requests (notifications and responses are free); when
 * over a limit, answers each of its requests with the error through `send` and returns true.
 *
 * @example
 * if (await refuseFrameOverLimit(env, caller, message, (text) => socket.send(text))) return;
 */
export async function refuseFrameOverLimit(
  env: McpRateLimitBindings,
  caller: RateLimitedCaller,
  message: unknown,
  send: (text: string) => void,
): Promise<boolean> {
  const ids = requestIds(message);
  if (ids.length === 0) return false;
  const refused = await overRateLimit(env, caller);
  if (!refused) return false;
  for (const id of ids) send(JSON.stringify({ jsonrpc: '2.0', id, error: { code: RATE_LIMITED, message: refused } }));
  return true;
}

/** The ids of the requests (not notifications or responses) in a message or batch. */
function requestIds(message: unknown): Array<string | number> {
  return (Array.isArray(message) ? message : [message]).flatMap((item) => {
    const { id, method } = (typeof item === 'object' && item !== null ? item : {}) as {
      id?: unknown;
      method?: unknown;
    };
    return typeof method === 'string' && (typeof id === 'string' || typeof id === 'number') ? [id] : [];
  });
}

/** The HTTP answer to a refused request. */
export function rateLimitedResponse(message: string): Response {
  return HttpError.jsonRpc(429, RATE_LIMITED, message, { retryAfterSeconds: MCP_RETRY_AFTER_SECONDS }).toResponse();
}

/**
 * Wraps the protected MCP handler: counts each request before anything else runs.
 *
 * @example
 * apiHandlers: { '/mcp': limitMcpRequests(mcpHandler) }
 */
export function limitMcpRequests<Env extends McpRateLimitBindings>(inner: ApiHandler<Env>): ApiHandler<Env> {
  return {
    async fetch(request, env, ctx) {
      const userKey = (ctx.props as { userKey?: unknown } | undefined)?.userKey;
      const clientId = ctx.auth?.clientId;
      if (typeof userKey === 'string' && clientId) {
        const refused = await overRateLimit(env, { clientId, userKey });
        if (refused) return rateLimitedResponse(refused);
      }
      return inner.fetch(request, env, ctx);
    },
  };
}
