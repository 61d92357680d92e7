/**
 * Guards the Worker entry runs around every request, before the OAuth provider sees it:
 * - `Origin` on the MCP endpoints (/mcp, /sse and below): a browser page on another origin —
 *   including a DNS-rebinding page that now resolves to this host — gets 403 before any token is
 *   looked at. This also covers WebSocket upgrades, which browsers send with `Origin`.
 * - rate limits per client IP (Cloudflare Rate Limiting bindings) on /register and /token, and on
 *   the anonymous pages that write KV — GET /authorize (a consent handle) and GET /apps/signin
 *   (sign-in state) — so nobody can fill KV or run up its write bill: 429 with `Retry-After`.
 *   Requests without a client IP (only possible off Cloudflare, in tests) are not limited.
 * - the consent answer (POST /authorize) only from this origin (core/http/consent-origin.ts), and
 *   registration metadata within its size limits (core/auth/registration-limits.ts);
 * - CORS: the OAuth library answers any `Origin`; only configured origins keep those headers,
 *   and `*` never travels with `Access-Control-Allow-Credentials`.
 */
import type { GatewayConfig } from '../config/config';
import { refuseOversizedRegistration } from '../auth/registration-limits';
import { refuseForeignConsent } from './consent-origin';
import { errorPage } from './html';

const MCP_PATH = /^\/(mcp|sse)(\/|$)/;
const RETRY_AFTER_SECONDS = 60;

export interface RateLimitBindings {
  REGISTER_RATE_LIMITER?: RateLimit;
  TOKEN_RATE_LIMITER?: RateLimit;
  /** GET /authorize and GET /apps/signin, counted per route and IP. */
  SIGNIN_RATE_LIMITER?: RateLimit;
}

/** Which limiter counts a route; browser pages get an HTML 429, API routes JSON. */
const LIMITED_ROUTES: Record<string, { binding: keyof RateLimitBindings; page: boolean }> = {
  'POST /register': { binding: 'REGISTER_RATE_LIMITER', page: false },
  'POST /token': { binding: 'TOKEN_RATE_LIMITER', page: false },
  'GET /authorize': { binding: 'SIGNIN_RATE_LIMITER', page: true },
  'GET /apps/signin': { binding: 'SIGNIN_RATE_LIMITER', page: true },
};

/** Origins a browser may call from: this gateway itself and the configured ones. */
export function originAllowed(origin: string, config: GatewayConfig): boolean {
  return origin === new URL(config.publicBaseUrl).origin || config.allowedOrigins.includes(origin);
}

/**
 * The early answer for a request that must not go further, or undefined.
 *
 * @example
 * const refused = await guardRequest(request, env, config);
 * if (refused) return refused;
 */
export async function guardRequest(
  request: Request,
  env: RateLimitBindings,
  config: GatewayConfig,
): Promise<Response | undefined> {
  const { pathname } = new URL(request.url);
  const origin = request.headers.get('origin');
  if (MCP_PATH.test(pathname) && origin !== null && !originAllowed(origin, config)) {
    return Response.json(
      {
        error: 'forbidden_origin',
        error_description: `Requests from the web origin ${origin.slice(0, 200)} are not allowed. The gateway operator can allow it in ALLOWED_ORIGINS.`,
      },
      { status: 403, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const route = LIMITED_ROUTES[`${request.method} ${pathname}`];
  const limiter = route && env[route.binding];
  const ip = request.headers.get('cf-connecting-ip');
  if (route && limiter && ip && !(await limiter.limit({ key: `${pathname}:${ip}` })).success) {
    const headers = { 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' };
    if (route.page) {
      const page = errorPage(
        'Too many sign-in attempts',
        `Too many sign-in attempts from your network. Wait ${RETRY_AFTER_SECONDS} seconds and try again.`,
        429,
      );
      for (const [name, value] of Object.entries(headers)) page.headers.set(name, value);
      return page;
    }
    return Response.json(
      {
        error: 'temporarily_unavailable',
        error_description: `Too many requests to ${pathname}. Retry after ${RETRY_AFTER_SECONDS} seconds.`,
      },
      { status: 429, headers },
    );
  }
  if (request.method === 'POST' && pathname === '/authorize') return refuseForeignConsent(request, config);
  if (request.method === 'POST' && pathname === '/register') return refuseOversizedRegistration(request);
  return undefined;
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
