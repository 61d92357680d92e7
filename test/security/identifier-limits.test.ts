/**
 * Over-long identifiers and unexpected failures: a bearer, code, refresh token or client_id too
 * long to be one this gateway issued is refused with the OAuth error a client expects, before it
 * reaches KV (whose keys end at 512 bytes); and whatever still fails unexpectedly is answered
 * with a generic 500 naming a logged reference, with the security headers and no stack trace.
 */
import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../../core/worker';
import { startEmulator } from '../workers/harness';
import { authorizeUrl, clientId, GATEWAY, initialize, mcpPost, tokenRequest } from './support';

let close: () => void;
beforeAll(() => {
  ({ close } = startEmulator());
});
afterAll(() => close());

/** Shaped like an issued token (`user:grant:secret`), so the library would look it up in KV. */
const longToken = `${'u'.repeat(600)}:${'g'.repeat(16)}:${'s'.repeat(32)}`;

function expectSecured(response: Response, where: string): void {
  expect(response.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(response.headers.get('content-security-policy'), where).toMatch(/default-src 'none'/);
  expect(response.headers.get('strict-transport-security'), where).toMatch(/max-age=/);
}

describe('over-long identifiers (KV keys end at 512 bytes)', () => {
  it('over-long bearer: 401 invalid_token with the resource_metadata challenge on /mcp and /sse, not 500', async () => {
    for (const path of ['/mcp', '/sse']) {
      const response = await mcpPost(longToken, initialize, {}, path);
      expect(response.status, path).toBe(401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      expect(challenge, path).toMatch(/^Bearer /);
      expect(challenge, path).toContain(`resource_metadata="${GATEWAY}/.well-known/oauth-protected-resource"`);
      expect(challenge, path).toContain('error="invalid_token"');
      expect(((await response.json()) as { error: string }).error, path).toBe('invalid_token');
      expectSecured(response, path);
    }
    // A WebSocket's bearer subprotocol is held to the same limit.
    const bytes = new TextEncoder().encode(longToken);
    const subprotocol = `bearer.${btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')}`;
    const upgrade = await SELF.fetch(`${GATEWAY}/mcp`, {
      headers: { upgrade: 'websocket', 'sec-websocket-protocol': `mcp, ${subprotocol}` },
    });
    expect(upgrade.status).toBe(401);
    expect(upgrade.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('over-long code and refresh token at /token: 400 invalid_grant, not 500', async () => {
    const id = await clientId();
    for (const grant of [
      { grant_type: 'authorization_code', code: longToken, code_verifier: 'v'.repeat(43) },
      { grant_type: 'refresh_token', refresh_token: longToken },
    ]) {
      const response = await tokenRequest({ client_id: id, resource: GATEWAY, ...grant });
      expect(response.status, grant.grant_type).toBe(400);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error, grant.grant_type).toBe('invalid_grant');
      expect(body.error_description, grant.grant_type).toMatch(/longer than 400 bytes/);
      expectSecured(response, grant.grant_type);
    }
  });

  it('over-long client_id at /token (form or Basic): 401 invalid_client, not 500', async () => {
    const longId = 'c'.repeat(600);
    const form = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x:y:z', client_id: longId });
    expect(form.status).toBe(401);
    expect(((await form.json()) as { error: string }).error).toBe('invalid_client');
    const basic = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: 'x:y:z' },
      { authorization: `Basic ${btoa(`${longId}:secret`)}` },
    );
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(((await basic.json()) as { error: string }).error).toBe('invalid_client');
    expectSecured(basic, 'basic');
    // Looks like a metadata document URL to a URL parser (which turns a backslash into `/`), not to the
    // library, which would look it up in KV.
    const lookalike = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: 'x:y:z',
      client_id: `https://${'h'.repeat(500)}.example\\client.json`,
    });
    expect(lookalike.status).toBe(401);
  });

  it('over-long token to revoke at /token: 200 as for any invalid token (RFC 7009 §2.2), not 500', async () => {
    const id = await clientId();
    const response = await tokenRequest({ token: longToken, token_type_hint: 'refresh_token', client_id: id });
    expect(response.status).toBe(200);
  });

  it('over-long client_id at /authorize: a 400 page, not 500', async () => {
    const response = await SELF.fetch(authorizeUrl('c'.repeat(600), { code_challenge: 'x'.repeat(43) }), {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toMatch(/client_id is longer than/);
    expectSecured(response, '/authorize');
  });

  it('identifiers of ordinary length still reach the provider: a short unknown client_id gets its usual answer', async () => {
    const response = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: 'x:y:z',
      client_id: 'c'.repeat(300),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error_description: string }).error_description).not.toMatch(/longer than/);
  });
});

describe('unexpected failures (OWASP error handling)', () => {
  it('an unexpected error gets a generic 500 with a logged reference, the security headers and no stack trace', async () => {
    // A rate limiter whose storage is unavailable: the request fails in the gateway's own code.
    const failingLimiter = {
      limit: () => Promise.reject(new Error('rate limit store unavailable: 503')),
    } as unknown as RateLimit;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const ctx = createExecutionContext();
      const response = await worker.fetch(
        new Request(`${GATEWAY}/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
          body: '{}',
        }),
        { ...env, REGISTER_RATE_LIMITER: failingLimiter },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(/unavailable|503|\bat \S+:\d+|\.ts\b|\.js\b/);
      const body = JSON.parse(text) as { error: string; reference: string; error_description: string };
      expect(body.error).toBe('server_error');
      expect(body.reference).toMatch(/^[0-9a-f]{8}$/);
      expect(body.error_description).toContain(body.reference);
      expectSecured(response, 'unexpected');
      // The operator finds the real error under the same reference.
      const entry = logged.mock.calls.find((call) => String(call[0]).includes(body.reference));
      expect(entry).toBeDefined();
      expect(String(entry?.[1])).toMatch(/rate limit store unavailable/);
    } finally {
      logged.mockRestore();
    }
  });
});
