/**
 * Guards a route in the table (core/http/routes.ts) can carry, run before its handler. A guard
 * returns nothing to let the request through, or throws an `HttpError` to end it:
 * - `sameOriginOnly`: `Origin` on the MCP endpoints — a browser page on another origin
 *   (including a DNS-rebinding page that now resolves to this host) gets 403 before any token is
 *   looked at. This also covers WebSocket upgrades, which browsers send with `Origin`.
 * - `rateLimit`: per client IP (Cloudflare Rate Limiting bindings) so nobody can exhaust
 *   registration or tokens, or fill KV and run up its write bill: 429 with `Retry-After`.
 *   Requests without a client IP (only possible off Cloudflare, in tests) are not limited.
 * And after the handler, on every response:
 * - CORS: the OAuth library answers any `Origin`; only configured origins keep those headers,
 *   and `*` never travels with `Access-Control-Allow-Credentials`.
 */
import type { GatewayConfig } from '../config/config';
import { HttpError } from './http-error';
import type { Guard } from './routes';

/**
 * The env's Rate Limiting bindings (wrangler.toml `[[ratelimits]]`). `-?` because a var set only in
 * `[env.*]` blocks (PUBLIC_BASE_URL) is optional in Env, which must not add `undefined` here.
 */
export type RateLimitBinding = { [K in keyof Env]-?: Env[K] extends RateLimit ? K : never }[keyof Env];

/**
 * A limit as a route declares it. The binding enforces it (wrangler.toml `[[ratelimits]]`,
 * `simple = { limit, period }` must say the same); `periodSeconds` is also the `Retry-After`.
 */
export interface RateLimitRule {
  binding: RateLimitBinding;
  /** Requests per client IP and route within `periodSeconds`. */
  limit: number;
  periodSeconds: number;
  /** Who is refused: a person in a browser gets an HTML page, an API client OAuth JSON. */
  audience: 'page' | 'api';
}

const RULES = new WeakMap<Guard, RateLimitRule>();

/**
 * @example
 * router.post('/token', rateLimit({ binding: 'TOKEN_RATE_LIMITER', limit: 60, periodSeconds: 60, audience: 'api' }), library);
 */
export function rateLimit(rule: RateLimitRule): Guard {
  const guard: Guard = async (request, env) => {
    const limiter: RateLimit | undefined = env[rule.binding];
    const ip = request.headers.get('cf-connecting-ip');
    // Counted per route pattern, not per raw path: the router also matches `/token/` and
    // `/token//` for `/token`, and each spelling must not get a budget of its own.
    const pathname = (request as { route?: string }).route ?? new URL(request.url).pathname;
    if (!limiter || !ip || (await limiter.limit({ key: `${pathname}:${ip}` })).success) return undefined;
    const init = { retryAfterSeconds: rule.periodSeconds };
    throw rule.audience === 'page'
      ? HttpError.page(
          'Too many sign-in attempts',
          `Too many sign-in attempts from your network. Wait ${rule.periodSeconds} seconds and try again.`,
          429,
          init,
        )
      : HttpError.oauth(
          429,
          'temporarily_unavailable',
          `Too many requests to ${pathname}. Retry after ${rule.periodSeconds} seconds.`,
          init,
        );
  };
  RULES.set(guard, rule);
  return guard;
}

/** The rule a guard made by `rateLimit` enforces (for the table's tests and docs), else undefined. */
export function rateLimitRuleOf(guard: unknown): RateLimitRule | undefined {
  return typeof guard === 'function' ? RULES.get(guard as Guard) : undefined;
}

/** Origins a browser may call from: this gateway itself and the configured ones. */
export function originAllowed(origin: string, config: GatewayConfig): boolean {
  return origin === new URL(config.publicBaseUrl).origin || config.allowedOrigins.includes(origin);
}

/**
 * Refuses a request a browser sent from an origin that is neither this gateway nor configured.
 *
 * @example
 * router.all('/mcp/*', sameOriginOnly(config), library);
 */
export function sameOriginOnly(config: GatewayConfig): Guard {
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || originAllowed(origin, config)) return undefined;
    throw HttpError.oauth(
      403,
      'forbidden_origin',
      `Requests from the web origin ${origin.slice(0, 200)} are not allowed. The gateway operator can allow it in ALLOWED_ORIGINS.`,
    );
  };
}

/** Keeps CORS headers only for configured origins. */
export function applyCorsPolicy(response: Response, request: Request, config: GatewayConfig): Response {
  const allowOrigin = response.headers.get('access-control-allow-origin');
  if (allowOrigin === null || response.status === 101 || response.webSocket) return response;
  const origin = request.headers.get('origin');
  const allowed = origin !== null && allowOrigin === origin && config.allowedOrigins.includes(origin);
  const filtered = new Response(response.body, response);
  if (!allowed) {
    for (const name of [...filtered.headers.keys()])
      if (name.startsWith('access-control-')) filtered.headers.delete(name);
  }
  if (filtered.headers.get('access-control-allow-origin') === '*')
    filtered.headers.delete('access-control-allow-credentials');
  if (allowed) filtered.headers.append('Vary', 'Origin');
  return filtered;
}
