/**
 * Assembles a deployment from its config and the installed plugins: the registry (enabled
 * plugins only, Graph errors mapped once for all of them) and the OAuth provider around the API.
 * Built once per distinct configuration and reused across requests.
 */
import { getOAuthApi, OAuthError, OAuthProvider, type OAuthProviderOptions } from '@cloudflare/workers-oauth-provider';
import { authenticateTool } from './auth/authenticate-tool';
import { guardRefreshReuse } from './auth/refresh-reuse';
import { registryScopes, requireGrantedScopes } from './auth/scope-check';
import { tokenVaultFor } from './auth/token-vault';
import { loadConfig, type GatewayConfig } from './config/config';
import { pluginConfigProblems } from './config/plugin-config';
import { toolAllowed, toolPolicyProblems } from './config/tool-policy';
import { listGrants } from './http/connected-apps';
import { refuseOverlongIdentifiers } from './http/identifier-limits';
import { describeGraphError } from './graph/graph-errors';
import { gatewayRouter, notFound, type RouteEnv } from './http/routes';
import { handleMcpRequest } from './mcp/mcp-endpoint';
import { noteCaller } from './ops/request-scope';
import { answerPublicDiscovery } from './mcp/public-discovery';
import { limitMcpRequests } from './mcp/rate-limit';
import { closeGrantSockets } from './mcp/revoke-sockets';
import { bearerFromSubprotocol } from './mcp/websocket-auth';
import { createRegistry, PluginError, type Plugin, type Registry, type RegistryOptions } from './plugin';

/** Gateway access tokens are short-lived; refresh tokens rotate (the library's default). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface Gateway {
  config: GatewayConfig;
  registry: Registry;
  /** Every route the gateway answers (core/http/routes.ts): [method, pattern, handlers, path]. */
  routes: ReadonlyArray<readonly [method: string, match: RegExp, handlers: readonly unknown[], path?: string]>;
  /** Answers a request through the route table; a refusal is thrown as `HttpError`. */
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  /** Ends every grant the user holds (all clients must re-authorize). */
  revokeUserGrants(env: Env, userKey: string): Promise<void>;
}

export type GatewayResult = { ok: true; gateway: Gateway } | { ok: false; problems: string[] };

/**
 * @example
 * const gateways = gatewayFactory(plugins);
 * const result = gateways(env);
 * if (result.ok) return result.gateway.fetch(request, env, ctx);
 */
export function gatewayFactory(plugins: readonly Plugin[]): (env: Env) => GatewayResult {
  const cache = new Map<string, GatewayResult>();
  // An isolate's env is one object for its life (a changed secret or var starts new isolates), so
  // each request need not parse and validate the configuration again.
  const byEnv = new WeakMap<object, GatewayResult>();
  return (env) => {
    let known = byEnv.get(env);
    if (!known) {
      known = resolve(env);
      byEnv.set(env, known);
    }
    return known;
  };
  function resolve(env: Env): GatewayResult {
    const loaded = loadConfig(env);
    if (!loaded.ok) return { ok: false, problems: loaded.problems };
    const config = loaded.config;
    const enabled = plugins.filter((plugin) => config.enabledPlugins.includes(plugin.name));
    const settingsProblems = pluginConfigProblems(env, enabled);
    if (settingsProblems.length > 0) return { ok: false, problems: settingsProblems };
    const {
      msClientSecret: _secret,
      tokenEncryptionKey: _key,
      previousTokenEncryptionKey: _previous,
      cookieSecret: _cookie,
      ...settings
    } = config;
    const key = JSON.stringify(settings);
    let result = cache.get(key);
    if (!result) {
      result = build(plugins, config, env);
      cache.set(key, result);
    }
    return result;
  }
}

/** `env` is used only for its Durable Object bindings, which are the same for every request. */
function build(plugins: readonly Plugin[], config: GatewayConfig, env: Env): GatewayResult {
  let registry: Registry;
  const options = (toolFilter?: RegistryOptions['toolFilter']): RegistryOptions => ({
    enabled: config.enabledPlugins,
    builtinTools: [
      authenticateTool({
        neededScopes: () => registry.scopes(),
        vaultStatus: (userKey) => tokenVaultFor(env, userKey).status(userKey),
        consentUrl: `${config.publicBaseUrl}/apps/signin?consent=1`,
        workOnlyTools: () =>
          registry.tools.filter((entry) => entry.tool.accounts === 'work').map((entry) => entry.tool.name),
      }),
    ],
    mapError: (error, call) => describeGraphError(error, call, registry.scopesFor(call.tool)),
    ...(toolFilter ? { toolFilter } : {}),
  });
  try {
    // The policy is checked against every tool the enabled plugins provide, then applied.
    const policyProblems = toolPolicyProblems(config, createRegistry(plugins, options()).tools);
    if (policyProblems.length > 0) return { ok: false, problems: policyProblems };
    registry = createRegistry(
      plugins,
      options((entry) => toolAllowed(config, entry)),
    );
  } catch (error) {
    if (error instanceof PluginError)
      return { ok: false, problems: [`ENABLED_PLUGINS: ${error.message} (${error.code})`] };
    throw error;
  }

  // Rate limits first; then a call whose Graph permissions the grant lacks gets the 403 step-up challenge.
  const mcpHandler = limitMcpRequests<Env>(
    requireGrantedScopes<Env>(
      {
        fetch: (request, env, ctx) => {
          if (isUserProps(ctx.props)) noteCaller(ctx.props.userKey, ctx.auth?.clientId);
          return handleMcpRequest(request, env, ctx.props, registry, ctx.auth);
        },
      },
      registryScopes(registry),
    ),
  );
  const providerOptions: OAuthProviderOptions<Env> = {
    // One handler for both URLs: the protocol is detected from each request (core/mcp/detect.ts).
    apiHandlers: {
      '/mcp': mcpHandler,
      '/sse': mcpHandler,
    },
    // The route table (core/http/routes.ts) sends only the library's own paths here.
    defaultHandler: { fetch: async () => notFound() },
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register',
    // Client ID Metadata Documents (MCP 2026-07-28's preferred registration); the outbound guard
    // (core/auth/outbound-guard.ts) keeps those fetches on public HTTPS hosts.
    clientIdMetadataDocumentEnabled: true,
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    // A refresh is refused once Microsoft has ended the user's sign-in (the vault is empty):
    // invalid_grant revokes this grant, so the client re-authorizes instead of retrying.
    tokenExchangeCallback: async ({ grantType, props, env }) => {
      if (grantType !== 'refresh_token' || !isUserProps(props)) return;
      const status = await tokenVaultFor(env, props.userKey).status(props.userKey);
      if (!status.signedIn)
        throw new OAuthError('invalid_grant', {
          description: 'The Microsoft sign-in behind this grant has ended. Authorize again.',
        });
    },
    scopesSupported: registry.scopes(),
    resourceMetadata: {
      // The origin is the resource, so every MCP route (/mcp and /sse) sits under it.
      resource: config.publicBaseUrl,
      authorization_servers: [config.publicBaseUrl],
      bearer_methods_supported: ['header'],
      resource_name: 'Microsoft 365 MCP Gateway',
    },
  };
  const provider = new OAuthProvider<Env>(providerOptions);
  const resourceMetadataUrl = `${config.publicBaseUrl}/.well-known/oauth-protected-resource`;
  const router = gatewayRouter({
    config,
    registry,
    // A browser's WebSocket bearer (subprotocol `bearer.…`) becomes the header the provider checks.
    // With PUBLIC_DISCOVERY, the tool list is answered to a request with no token at all.
    // A refresh with an already-used refresh token revokes its grant (core/auth/refresh-reuse.ts).
    // Identifiers too long to be ours are refused before the library makes KV keys of them.
    library: {
      async fetch(request, env, ctx) {
        const converted = bearerFromSubprotocol(request);
        const early = await refuseOverlongIdentifiers(converted, resourceMetadataUrl);
        if (early) return early;
        const anonymous = await answerPublicDiscovery(converted, config, registry);
        if (anonymous) return anonymous;
        return guardRefreshReuse(converted, (checked) => provider.fetch(checked, env, ctx), {
          kv: env.OAUTH_KV,
          tokenPath: '/token',
          revokeGrant: (grantId, userId) => getOAuthApi(providerOptions, env).revokeGrant(grantId, userId),
        });
      },
    },
    helpers: (env) => getOAuthApi(providerOptions, env),
  });

  return {
    ok: true,
    gateway: {
      config,
      registry,
      routes: router.routes,
      fetch: (request, env, ctx) => router.fetch(request, env as RouteEnv, ctx),
      async revokeUserGrants(env, userKey) {
        const oauth = getOAuthApi(providerOptions, env);
        for (const grant of await listGrants(oauth, userKey)) await oauth.revokeGrant(grant.id, userKey);
        await closeGrantSockets(env, userKey);
      },
    },
  };
}

function isUserProps(props: unknown): props is { userKey: string } {
  return typeof props === 'object' && props !== null && typeof (props as { userKey?: unknown }).userKey === 'string';
}
