/**
 * The one per-client scope rule: a `tools/call` or `resources/read` whose tool (or resource
 * family) needs a Graph permission the client's grant lacks is refused, on every transport.
 *
 * - POST transports (Streamable HTTP, legacy SSE messages, plain JSON-RPC) are answered before
 *   the message reaches a session, with the step-up challenge of MCP authorization ("Scope
 *   challenge handling"): `403` and `WWW-Authenticate: Bearer error="insufficient_scope",
 *   scope="…", resource_metadata="…"`, so the client can re-authorize for exactly those scopes.
 * - Inside every MCP server (core/mcp/mcp-server.ts, mcp-resources.ts) the same rule runs again
 *   against the grant that came with the message, so a WebSocket frame or a server stream, which
 *   have no HTTP response to carry a challenge, get a tool error or JSON-RPC error instead.
 */
import { insufficientScope, type OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';
import { readRequestBody } from '../mcp/request-body';
import type { Registry } from '../plugin';
import { insufficientScopeMessage, scopesLacking } from './scope-rules';

/** Graph permissions a tool or a resource URI needs; undefined for an unknown one (answered later). */
export interface ScopeLookup {
  tool(name: string): readonly string[] | undefined;
  resource(uri: string): readonly string[] | undefined;
}

/**
 * @example
 * const lookup = registryScopes(registry);
 * lookup.resource('m365://mail/AAMk…/attachments/AAMk…'); // ['Mail.Read']
 */
export function registryScopes(registry: Registry): ScopeLookup {
  return {
    tool: (name) => registry.getTool(name)?.tool.scopes,
    resource(uri) {
      // Only plugins with an enabled tool serve their resources (as the registry's readResource does).
      const serving = new Set(registry.tools.map((entry) => entry.plugin));
      for (const plugin of registry.plugins) {
        if (!serving.has(plugin.name)) continue;
        for (const resource of plugin.resources ?? []) if (resource.match(uri)) return resource.scopes;
      }
      return undefined;
    },
  };
}

/** Graph permissions the calls in a JSON-RPC message (or batch) need and `granted` lacks. */
export function missingScopes(body: unknown, granted: readonly string[], lookup: ScopeLookup): string[] {
  const needed: string[] = [];
  for (const message of Array.isArray(body) ? body : [body]) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params } = message as { method?: unknown; params?: { name?: unknown; uri?: unknown } };
    if (method === 'tools/call' && typeof params?.name === 'string') needed.push(...(lookup.tool(params.name) ?? []));
    if (method === 'resources/read' && typeof params?.uri === 'string')
      needed.push(...(lookup.resource(params.uri) ?? []));
  }
  return scopesLacking(needed, granted);
}

/** A protected API handler as the OAuth provider calls it (`ctx.props`, `ctx.auth`). */
export type ApiHandler<Env> = {
  fetch(
    request: Request,
    env: Env,
    ctx: ExecutionContext & { props?: unknown; auth?: OAuthResourceAuth },
  ): Promise<Response>;
};

/**
 * Wraps a protected API handler with the step-up challenge for POSTed calls.
 *
 * @example
 * apiHandlers: { '/mcp': requireGrantedScopes(mcpHandler, registryScopes(registry)) }
 */
export function requireGrantedScopes<Env>(inner: ApiHandler<Env>, lookup: ScopeLookup): ApiHandler<Env> {
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
      const missing = missingScopes(body, auth.scope, lookup);
      if (missing.length > 0) {
        return insufficientScope(
          auth,
          [...new Set([...auth.scope, ...missing])].sort(),
          insufficientScopeMessage(missing, 'This request'),
        );
      }
      return inner.fetch(request, env, ctx);
    },
  };
}
