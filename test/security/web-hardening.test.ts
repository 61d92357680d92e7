/**
 * Web hardening: security headers on every response, CORS only for configured origins, `Origin`
 * validation on the MCP endpoints (DNS rebinding, MCP transports §security warning), rate limits
 * on registration and token endpoints.
 */
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { createPkcePair } from '../../core/testing';
import { GATEWAY, authorizeUrl, clientId, initialize, mcpPost, registerClient, tokensFor } from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

describe('security headers (OWASP secure headers)', () => {
  it('security headers on every response: HSTS, CSP, nosniff, Referrer-Policy', async () => {
    const requests = [
      new Request(`${GATEWAY}/health`),
      new Request(`${GATEWAY}/`),
      new Request(`${GATEWAY}/nope`),
      new Request(`${GATEWAY}/.well-known/oauth-authorization-server`),
      new Request(`${GATEWAY}/.well-known/oauth-protected-resource`),
      new Request(`${GATEWAY}/mcp`, { method: 'POST', body: '{}' }),
      new Request(`${GATEWAY}/token`, {
        method: 'POST',
        body: 'grant_type=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      new Request(`${GATEWAY}/register`, { method: 'POST', body: 'not json' }),
      new Request(`${GATEWAY}/authorize?client_id=unknown`),
      new Request(`${GATEWAY}/apps`),
    ];
    for (const request of requests) {
      const response = await SELF.fetch(request);
      const where = `${request.method} ${new URL(request.url).pathname}`;
      expect(response.status, where).toBeLessThan(500);
      expect(response.headers.get('strict-transport-security'), where).toMatch(/max-age=\d{8}/);
      expect(response.headers.get('content-security-policy'), where).toMatch(
        /default-src 'none'.*frame-ancestors 'none'/,
      );
      expect(response.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), where).toMatch(/^(no-referrer|same-origin)$/);
    }
  });
});

describe('CORS (only configured origins, never * with credentials)', () => {
  it('CORS for a configured origin: its Origin is echoed, credentials never with *', async () => {
    const response = await SELF.fetch(`${GATEWAY}/.well-known/oauth-authorization-server`, {
      headers: { origin: 'https://inspector.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://inspector.example');
    expect(response.headers.get('vary') ?? '').toMatch(/origin/i);
  });

  it('CORS refused for other origins: no Access-Control headers, on metadata, token and preflight', async () => {
    const origin = 'https://evil.example';
    const responses = [
      await SELF.fetch(`${GATEWAY}/.well-known/oauth-authorization-server`, { headers: { origin } }),
      await SELF.fetch(`${GATEWAY}/token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      }),
      await SELF.fetch(`${GATEWAY}/register`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      }),
    ];
    for (const response of responses) {
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });
});

describe('Origin validation on MCP endpoints (MCP transports: DNS rebinding protection)', () => {
  it('Origin check: a foreign Origin on /mcp and /sse gets 403 before authentication', async () => {
    for (const path of ['/mcp', '/sse', '/sse/message']) {
      const response = await mcpPost(undefined, initialize, { origin: 'http://attacker.example:8787' }, path);
      expect(response.status, path).toBe(403);
      expect(response.headers.get('www-authenticate'), path).toBeNull();
      expect(await response.json()).toMatchObject({ error: 'forbidden_origin' });
    }
  });

  it('Origin check: a foreign Origin with a valid token is still refused; the gateway, configured and absent origins are served', async () => {
    const tokens = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
    expect((await mcpPost(tokens.access_token, initialize, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await mcpPost(tokens.access_token, initialize, { origin: GATEWAY })).status).toBe(200);
    expect((await mcpPost(tokens.access_token, initialize, { origin: 'https://inspector.example' })).status).toBe(200);
    expect((await mcpPost(tokens.access_token, initialize)).status).toBe(200);
  });

  it('Origin check covers WebSocket upgrades: a cross-site WebSocket to /mcp gets 403', async () => {
    const tokens = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      headers: {
        upgrade: 'websocket',
        origin: 'https://evil.example',
        'sec-websocket-protocol': 'mcp',
        authorization: `Bearer ${tokens.access_token}`,
      },
    });
    expect(response.status).toBe(403);
    expect(response.webSocket).toBeNull();
  });
});

describe('rate limits (RFC 7591 §5 / RFC 6749 §10.10: limit registration and token endpoints)', () => {
  it('rate limit on /register: 429 with Retry-After after 10 registrations a minute from one IP, other IPs unaffected', async () => {
    const ip = { 'cf-connecting-ip': '203.0.113.50' };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await SELF.fetch(`${GATEWAY}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...ip },
        body: JSON.stringify({
          client_name: `burst ${i}`,
          redirect_uris: ['http://127.0.0.1/cb'],
          token_endpoint_auth_method: 'none',
        }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
      }
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await registerClient()).status).toBe(201);
  });

  it('rate limit on /token: 429 with Retry-After after 60 requests a minute from one IP', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 70 && !limited; i++) {
      const response = await SELF.fetch(`${GATEWAY}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': '203.0.113.60' },
        body: 'grant_type=refresh_token&refresh_token=x&client_id=y',
      });
      if (response.status === 429) limited = response;
      else expect(i).toBeLessThan(60);
    }
    expect(limited?.headers.get('retry-after')).toBeTruthy();
  });

  it('rate limit on GET /authorize and GET /apps/signin (anonymous KV writes): 429 with Retry-After after 30 a minute from one IP, other IPs unaffected', async () => {
    const id = await clientId();
    const pkce = await createPkcePair();
    for (const url of [authorizeUrl(id, { code_challenge: pkce.challenge }), `${GATEWAY}/apps/signin`]) {
      const where = new URL(url).pathname;
      const headers = { 'cf-connecting-ip': where === '/authorize' ? '203.0.113.70' : '203.0.113.71' };
      const statuses: number[] = [];
      // The limiter counts per fixed minute: a run that crosses a minute boundary starts a fresh count,
      // so the first 429 comes after 30 (same minute) and at most 60 (across one boundary) requests.
      for (let i = 0; i < 64 && statuses.at(-1) !== 429; i++) {
        const response = await SELF.fetch(url, { headers, redirect: 'manual' });
        statuses.push(response.status);
        if (response.status === 429) {
          expect(Number(response.headers.get('retry-after')), where).toBe(60);
          expect(await response.text(), where).toMatch(/Too many sign-in attempts/);
        } else {
          await response.body?.cancel();
        }
      }
      // A consent page (200) or a redirect to Microsoft (302/303) until the limit, then 429.
      const allowed = statuses.slice(0, -1);
      expect(statuses.at(-1), where).toBe(429);
      expect(allowed.length, where).toBeGreaterThanOrEqual(30);
      expect(allowed.length, where).toBeLessThanOrEqual(60);
      expect(
        allowed.every((status) => status === 200 || status === 302 || status === 303),
        where,
      ).toBe(true);
      const other = await SELF.fetch(url, { headers: { 'cf-connecting-ip': '203.0.113.72' }, redirect: 'manual' });
      expect(other.status, where).not.toBe(429);
    }
  });
});
