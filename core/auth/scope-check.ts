/**
 * Scope step-up for HTTP transports (MCP authorization, "Scope challenge handling"): a
 * `tools/call` for a tool whose Graph permissions the token's grant does not hold is answered
 * before it reaches a session, with `403` and `WWW-Authenticate: Bearer error="insufficient_scope",
 * scope="…", resource_metadata="…"`, so the client can re-authorize for exactly those scopes.
 *
 * Transports without an HTTP response per call (WebSocket, a server stream) still get a tool
 * error naming the permission from Graph's 403 mapping.
 */
import { insufficientScope, type OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';
import { readRequestBody } from '../mcp/request-body';
import { missingPermissionsMessage } from './admin-consent';

export type ScopesFor = (toolName: string) => readonly string[] | undefined;

/** Graph permissions the calls in a JSON-RPC message (or batch) need and `granted` lacks. */
export function missingScopes(body: unknown, granted: readonly string[], scopesFor: ScopesFor): string[] {
  const have = new Set(granted);
  const missing = new Set<string>();
  for (const message of Array.isArray(body) ? body : [body]) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
    if (method !== 'tools/call' || typeof params?.name !== 'string') continue;
    for (const scope of scopesFor(params.name) ?? []) if (!have.has(scope)) missing.add(scope);
  }
  return [...missing].sort();
}

type ApiHandler<Env> = {
  fetch(
    request: Request,
    env: Env,
    ctx: ExecutionContext & { props?: unknown; auth?: OAuthResourceAuth },
  ): Promise<Response>;
};

/**
 * Wraps a protected API handler with the scope check.
 *
 * @example
 * apiHandlers: { '/mcp': requireToolScopes(mcpHandler, (name) => registry.getTool(name)?.tool.scopes) }
 */
export function requireToolScopes<Env>(inner: ApiHandler<Env>, scopesFor: ScopesFor): ApiHandler<Env> {
  return {
    async fetch(request, env, ctx) {
      const auth = ctx.auth;
      // Any POST body is read as JSON-RPC (clients send it under various content types).
      if (request.method !== 'POST' || !auth) return inner.fetch(request, env, ctx);
      // Bounded read, shared with the endpoint (which answers an oversized body with 413).
      const read = await readRequestBody(request);
      if (!read.ok) return read.response;
      let body: unknown;
      try {
        body = JSON.parse(read.text);
      } catch {
        body = undefined; // the endpoint answers the parse error itself
      }
      const missing = missingScopes(body, auth.scope, scopesFor);
      if (missing.length > 0) {
        return insufficientScope(
          auth,
          [...new Set([...auth.scope, ...missing])].sort(),
          missingPermissionsMessage(missing),
        );
      }
      return inner.fetch(request, env, ctx);
    },
  };
}
