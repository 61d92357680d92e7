/**
 * Assembles a deployment from its config and the installed plugins: the registry (enabled
 * plugins only, Graph errors mapped once for all of them) and the OAuth provider around the API.
 * Built once per distinct configuration and reused across requests.
 */
import { OAuthProvider, type OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { loadConfig, type GatewayConfig } from './config/config';
import { describeGraphError } from './graph/graph-errors';
import { healthResponse } from './http/health';
import { errorPage } from './http/html';
import { decideConsent, finishSignIn, showConsent } from './http/sign-in';
import { handleMcpRequest } from './mcp/mcp-endpoint';
import { createRegistry, PluginError, type Plugin, type Registry } from './plugin';

/** Gateway access tokens are short-lived; refresh tokens rotate (the library's default). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export interface Gateway {
  config: GatewayConfig;
  registry: Registry;
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
}

export type GatewayResult = { ok: true; gateway: Gateway } | { ok: false; problems: string[] };

type HelperEnv = Env & { OAUTH_PROVIDER: OAuthHelpers };

/**
 * @example
 * const gateways = gatewayFactory(plugins);
 * const result = gateways(env);
 * if (result.ok) return result.gateway.fetch(request, env, ctx);
 */
export function gatewayFactory(plugins: readonly Plugin[]): (env: Env) => GatewayResult {
  const cache = new Map<string, GatewayResult>();
  return (env) => {
    const loaded = loadConfig(env);
    if (!loaded.ok) return { ok: false, problems: loaded.problems };
    const config = loaded.config;
    const key = `${config.publicBaseUrl}|${config.enabledPlugins.join(',')}`;
    let result = cache.get(key);
    if (!result) {
      result = build(plugins, config);
      cache.set(key, result);
    }
    return result;
  };
}

function build(plugins: readonly Plugin[], config: GatewayConfig): GatewayResult {
  let registry: Registry;
  try {
    registry = createRegistry(plugins, {
      enabled: config.enabledPlugins,
      mapError: (error, call) => describeGraphError(error, call, registry.scopesFor(call.tool)),
    });
  } catch (error) {
    if (error instanceof PluginError) return { ok: false, problems: [`ENABLED_PLUGINS: ${error.message} (${error.code})`] };
    throw error;
  }

  const routes = async (request: Request, env: HelperEnv): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const context = { env, config, registry };
    if (pathname === '/health' && request.method === 'GET') {
      return healthResponse({ plugins: registry.plugins.map((plugin) => plugin.name), tools: registry.tools.length });
    }
    if (pathname === '/authorize' && request.method === 'GET') return showConsent(request, context);
    if (pathname === '/authorize' && request.method === 'POST') return decideConsent(request, context);
    if (pathname === '/callback' && request.method === 'GET') return finishSignIn(request, context);
    if (pathname === '/' && request.method === 'GET') {
      return Response.json({ name: 'Microsoft 365 MCP Gateway', mcp: `${config.publicBaseUrl}/mcp`, health: `${config.publicBaseUrl}/health` });
    }
    return errorPage('Not found', 'There is nothing at this address.', 404);
  };

  const provider = new OAuthProvider<Env>({
    apiHandlers: {
      '/mcp': {
        fetch: (request, env, ctx) => handleMcpRequest(request, env as Env, (ctx as ExecutionContext & { props?: unknown }).props),
      },
    },
    defaultHandler: { fetch: (request, env) => routes(request as unknown as Request, env as HelperEnv) },
    authorizeEndpoint: '/authorize',
    tokenEndpoint: '/token',
    clientRegistrationEndpoint: '/register',
    accessTokenTTL: ACCESS_TOKEN_TTL_SECONDS,
    scopesSupported: registry.scopes(),
    resourceMetadata: {
      // The origin is the resource, so every MCP route (/mcp today, /sse later) sits under it.
      resource: config.publicBaseUrl,
      authorization_servers: [config.publicBaseUrl],
      bearer_methods_supported: ['header'],
      resource_name: 'Microsoft 365 MCP Gateway',
    },
  });

  return {
    ok: true,
    gateway: {
      config,
      registry,
      fetch: (request, env, ctx) => provider.fetch(request, env, ctx),
    },
  };
}
