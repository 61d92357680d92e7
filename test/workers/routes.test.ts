/**
 * The route table (core/http/routes.ts) is the single source of what the gateway answers: every
 * route it lists answers through the Worker, anything it does not list is 404, and each rate
 * limit it declares is the limit a client actually meets.
 */
import { env, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayFactory } from '../../core/gateway';
import { plugins } from '../../core/generated/plugins';
import { rateLimitRuleOf } from '../../core/http/web-guards';
import { GATEWAY, startEmulator } from './harness';

let close: () => void;
beforeAll(() => {
  ({ close } = startEmulator());
});
afterAll(() => close());

function table() {
  const result = gatewayFactory(plugins)(env);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.gateway.routes.map(([method, , handlers, path = '']) => ({ method, path, handlers }));
}

/** A request for a table entry: `ALL` as GET, a trailing `/*` as the path itself. */
function requestFor(route: { method: string; path: string }, ip: string): Request {
  const method = route.method === 'ALL' ? 'GET' : route.method;
  const url = `${GATEWAY}${route.path.replace(/\/\*$/, '')}`;
  const headers = { 'cf-connecting-ip': ip, 'content-type': 'application/x-www-form-urlencoded' };
  return new Request(url, { method, headers, redirect: 'manual', ...(method === 'POST' ? { body: 'x=1' } : {}) });
}

describe('route table', () => {
  it('lists the gateway’s and the OAuth library’s routes, ending in a catch-all', () => {
    const routes = table().map((route) => `${route.method} ${route.path}`);
    expect(routes.at(-1)).toBe('ALL *');
    for (const expected of [
      'ALL /.well-known/oauth-authorization-server',
      'POST /register',
      'POST /token',
      'ALL /mcp/*',
      'ALL /sse/*',
      'GET /authorize',
      'GET /apps',
      'GET /health',
    ])
      expect(routes).toContain(expected);
  });

  it('every route it lists answers (not 404); a path or method it does not list is 404', async () => {
    const routes = table().filter((route) => route.path !== '*');
    for (const [index, route] of routes.entries()) {
      const response = await SELF.fetch(requestFor(route, `192.0.2.${index + 1}`));
      await response.body?.cancel();
      expect(response.status, `${route.method} ${route.path}`).not.toBe(404);
    }
    for (const [method, path] of [
      ['GET', '/nothing-here'],
      ['GET', '/apps/unknown'],
      ['DELETE', '/health'],
      ['PUT', '/authorize'],
    ] as const) {
      const response = await SELF.fetch(`${GATEWAY}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.text()).toContain('There is nothing at this address.');
    }
  });

  it('each rate-limited route refuses exactly the request after the limit its table entry declares', async () => {
    const limited = table().flatMap((route) =>
      route.handlers.flatMap((handler) => {
        const rule = rateLimitRuleOf(handler);
        return rule ? [{ ...route, rule }] : [];
      }),
    );
    expect(limited.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'GET /apps/signin',
      'GET /authorize',
      'POST /register',
      'POST /token',
    ]);
    for (const [index, route] of limited.entries()) {
      const ip = `198.51.100.${index + 1}`;
      const where = `${route.method} ${route.path}`;
      for (let i = 0; i < route.rule.limit; i++) {
        const response = await SELF.fetch(requestFor(route, ip));
        await response.body?.cancel();
        expect(response.status, `${where} #${i + 1}`).not.toBe(429);
      }
      const refused = await SELF.fetch(requestFor(route, ip));
      expect(refused.status, where).toBe(429);
      expect(refused.headers.get('retry-after'), where).toBe(String(route.rule.periodSeconds));
      await refused.body?.cancel();
      // Another spelling of the same path shares the route's budget instead of opening a new one.
      const respelled = requestFor({ ...route, path: `${route.path}//` }, ip);
      const alsoRefused = await SELF.fetch(respelled);
      expect(alsoRefused.status, `${where}//`).toBe(429);
      await alsoRefused.body?.cancel();
    }
  });
});
