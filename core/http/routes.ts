/**
 * Every route the gateway answers, in one table read top to bottom: method, path, guards, handler.
 * The Worker entry (core/worker.ts) sends every request here; nothing else routes.
 *
 * Two kinds of handler:
 * - `library`: served by @cloudflare/workers-oauth-provider (discovery, registration, token, and
 *   the protected MCP endpoints, whose bearer token it checks before the MCP handler runs). The
 *   table lists them so their guards sit next to them, then hands the request to the library.
 * - the gateway's own pages and endpoints (consent, sign-in, connected apps, health).
 *
 * To add a route: add one line in the right section, `router.<method>(path, ...guards, handler)`.
 * Paths are itty-router patterns (`/apps/:id`, `/mcp/*` for the path and everything below it).
 * A handler gets `(request, env, ctx)` and returns a Response; to refuse, it throws `HttpError`
 * (core/http/http-error.ts), which the edge renders with the security headers.
 *
 * To add a guard: write a function `(request, env) => undefined` that throws `HttpError` to end
 * the request (see core/http/web-guards.ts), and put it before the handler on each route it
 * protects, in the order the checks must run (e.g. Origin before rate limit before CSRF). A rate
 * limit needs its binding in wrangler.toml with the same `limit` and `period` as its rule here.
 */
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { type IRequest, Router, type RouterType } from 'itty-router';
import type { GatewayConfig } from '../config/config';
import type { Registry } from '../plugin';
import {
  type AppsContext,
  appsPage,
  finishAppsSignIn,
  forgetMe,
  revokeApp,
  signOutOfApps,
  startAppsSignIn,
} from './connected-apps';
import { healthResponse } from './health';
import { HttpError } from './http-error';
import { landingPage, prefersHtml } from './landing-page';
import { decideConsent, finishSignIn, showConsent } from './sign-in';
import { boundedRegistration } from '../auth/registration-limits';
import { consentFromOwnPage } from './consent-origin';
import { refuseOverlongIdentifiers } from './identifier-limits';
import { type RateLimitRule, rateLimit, sameOriginOnly } from './web-guards';

export type RouteEnv = Env & { OAUTH_PROVIDER: OAuthHelpers };
/** A route guard: undefined lets the request through; it ends the request by throwing `HttpError`. */
export type Guard = (request: Request, env: RouteEnv, ctx: ExecutionContext) => Promise<undefined> | undefined;
export type GatewayRouter = RouterType<IRequest, [RouteEnv, ExecutionContext], Response>;

/** Per client IP: the limits the Rate Limiting bindings enforce (wrangler.toml says the same). */
export const RATE_LIMITS = {
  /** RFC 7591 §5: registration is open, so it is limited. */
  register: { binding: 'REGISTER_RATE_LIMITER', limit: 10, periodSeconds: 60, audience: 'api' },
  /** RFC 6749 §10.10: guessing codes and refresh tokens. */
  token: { binding: 'TOKEN_RATE_LIMITER', limit: 60, periodSeconds: 60, audience: 'api' },
  /** Anonymous pages that write KV (a consent handle, sign-in state): counted per route. */
  signIn: { binding: 'SIGNIN_RATE_LIMITER', limit: 30, periodSeconds: 60, audience: 'page' },
} as const satisfies Record<string, RateLimitRule>;

export interface RouteDependencies {
  config: GatewayConfig;
  registry: Registry;
  /** The OAuth library: serves its own endpoints and the protected API routes. */
  library: { fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> };
  /** The library's helpers for this env (consent, grants), for the gateway's own pages. */
  helpers(env: Env): OAuthHelpers;
}

/**
 * @example
 * const router = gatewayRouter({ config, registry, library: provider, helpers: (env) => getOAuthApi(options, env) });
 * const response = await router.fetch(request, env, ctx);
 */
export function gatewayRouter({ config, registry, library, helpers }: RouteDependencies): GatewayRouter {
  const byLibrary = (request: Request, env: RouteEnv, ctx: ExecutionContext) => library.fetch(request, env, ctx);
  // The gateway's own handlers take their context: the env with the library's helpers, config, registry.
  const own =
    (handler: (request: Request, context: AppsContext) => Promise<Response>) => (request: Request, env: RouteEnv) => {
      env.OAUTH_PROVIDER ??= helpers(env);
      return handler(request, { env, config, registry });
    };
  const deployment = { plugins: registry.plugins.map((plugin) => plugin.name), tools: registry.tools.length };
  const sameOrigin = sameOriginOnly(config);
  // Identifiers too long to be ours never reach KV (core/http/identifier-limits.ts).
  const resourceMetadataUrl = `${config.publicBaseUrl}/.well-known/oauth-protected-resource`;
  const boundedIdentifiers: Guard = async (request) => {
    await refuseOverlongIdentifiers(request, resourceMetadataUrl);
    return undefined;
  };

  return (
    Router<IRequest, [RouteEnv, ExecutionContext], Response>()
      // OAuth authorization server (handled by the library).
      .all('/.well-known/oauth-authorization-server', byLibrary)
      .all('/.well-known/oauth-protected-resource/*', byLibrary)
      .post('/register', rateLimit(RATE_LIMITS.register), boundedRegistration, byLibrary)
      .all('/register', byLibrary) // other methods: the library's 405
      .post('/token', rateLimit(RATE_LIMITS.token), byLibrary)
      .all('/token', byLibrary) // other methods and CORS preflight: the library's answer
      // MCP, every transport on one URL (handled by the library: bearer token, then core/mcp).
      // After the library's bearer check (core/gateway.ts apiHandlers): the per-client and per-user
      // rate limits (core/mcp/rate-limit.ts), then the scope step-up (core/auth/scope-check.ts).
      .all('/mcp/*', sameOrigin, byLibrary)
      .all('/sse/*', sameOrigin, byLibrary)
      // Authorization UI: consent, then Microsoft sign-in, then back to the client.
      .get('/authorize', rateLimit(RATE_LIMITS.signIn), boundedIdentifiers, own(showConsent))
      .post('/authorize', consentFromOwnPage(config), own(decideConsent))
      .get('/callback', own(finishSignIn))
      // Connected apps: the user's grants and audit trail, "Forget me"; forms check the session's CSRF token and Origin.
      .get('/apps', own(appsPage))
      .get('/apps/signin', rateLimit(RATE_LIMITS.signIn), own(startAppsSignIn))
      .get('/apps/callback', own(finishAppsSignIn))
      .post('/apps/revoke', own(revokeApp))
      .post('/apps/signout', own(signOutOfApps))
      .post('/apps/forget', own(forgetMe))
      // Operations and discovery.
      .get('/health', (request, env) => healthResponse(request, env.HEALTH_TOKEN, deployment))
      // A person's browser gets the landing page; machines keep the JSON.
      .get('/', (request) =>
        prefersHtml(request)
          ? landingPage({ publicBaseUrl: config.publicBaseUrl, ...deployment })
          : Response.json({
              name: 'Microsoft 365 MCP Gateway',
              mcp: `${config.publicBaseUrl}/mcp`,
              health: `${config.publicBaseUrl}/health`,
            }),
      )
      .all('*', notFound)
  );
}

/** Anything the table does not list (also the library's fallback for a path it does not serve). */
export function notFound(): never {
  throw HttpError.page('Not found', 'There is nothing at this address.', 404);
}
