/**
 * OAuth 2.1 authorization code flow as MCP requires it: PKCE, code binding, exact redirect URIs,
 * dangerous schemes, resource indicators, issuer identification, refresh rotation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair, type Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import {
  authorize,
  authorizeUrl,
  clientId,
  CLIENT_REDIRECT,
  exchangeCode,
  GATEWAY,
  newBrowser,
  registerClient,
  tokenRequest,
  tokensFor,
} from './support';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());
const user = () => emulator.tenant.users[0]!.userPrincipalName;

/** GET /authorize as a browser would; a refused request is rendered (400), never redirected. */
async function openAuthorize(url: string): Promise<Response> {
  return newBrowser().request(url);
}

describe('PKCE (OAuth 2.1 §4.1.1, MCP authorization: PKCE required, S256)', () => {
  it('PKCE is required: an authorization request without code_challenge is refused', async () => {
    const id = await clientId();
    const response = await openAuthorize(
      authorizeUrl(id, { code_challenge: undefined, code_challenge_method: undefined }),
    );
    expect(response.status).not.toBe(200);
    expect(response.headers.get('location') ?? '').toMatch(/error=invalid_request/);
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });

  it('PKCE S256 only: code_challenge_method=plain is refused', async () => {
    const id = await clientId();
    const pkce = await createPkcePair();
    const response = await openAuthorize(
      authorizeUrl(id, { code_challenge: pkce.verifier, code_challenge_method: 'plain' }),
    );
    expect(response.headers.get('location') ?? '').toMatch(/error=invalid_request/);
  });

  it('a code_verifier without a code_challenge (downgrade) is refused at /token', async () => {
    // A public client cannot get a code without a challenge; the verifier-only exchange of a
    // guessed/forged code is refused as invalid_grant, and so is a missing verifier for a real code.
    const authorized = await authorize(user());
    const missing = await exchangeCode(authorized, { code_verifier: undefined });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const wrong = await exchangeCode(authorized, { code_verifier: (await createPkcePair()).verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('authorization codes (OAuth 2.1 §4.1.3)', () => {
  it('code single use: a second exchange is refused and the first tokens are revoked', async () => {
    const authorized = await authorize(user());
    const first = await exchangeCode(authorized);
    expect(first.status).toBe(200);
    const again = await exchangeCode(authorized);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('code bound to client: another client cannot redeem it', async () => {
    const authorized = await authorize(user());
    const other = await clientId();
    const response = await exchangeCode(authorized, { client_id: other });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('code bound to redirect URI: a different redirect_uri at /token is refused', async () => {
    const id = await clientId({ redirect_uris: [CLIENT_REDIRECT, 'http://127.0.0.1:33418/other'] });
    const authorized = await authorize(user(), { clientId: id });
    const response = await exchangeCode(authorized, { redirect_uri: 'http://127.0.0.1:33418/other' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('redirect URI exact matching (OAuth 2.1 §2.3.1, RFC 8252 §7.3 loopback ports)', () => {
  const registered = 'https://client.example/cb';
  const variants = {
    case: 'https://client.example/CB',
    'trailing slash': 'https://client.example/cb/',
    query: 'https://client.example/cb?x=1',
    port: 'https://client.example:8443/cb',
    'host case-insensitive but path strict': 'https://client.example/cb/..',
  };
  for (const [variant, uri] of Object.entries(variants)) {
    it(`redirect URI exact match at /authorize: ${variant} variant refused without redirecting`, async () => {
      const id = await clientId({ redirect_uris: [registered] });
      const pkce = await createPkcePair();
      const response = await openAuthorize(authorizeUrl(id, { redirect_uri: uri, code_challenge: pkce.challenge }));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });
  }

  it('redirect URI exact match at /token: a variant of the authorized URI is refused', async () => {
    const authorized = await authorize(user());
    for (const uri of [
      CLIENT_REDIRECT.toUpperCase(),
      `${CLIENT_REDIRECT}/`,
      `${CLIENT_REDIRECT}?x=1`,
      CLIENT_REDIRECT.replace('33418', '33419'),
    ]) {
      const response = await exchangeCode(authorized, { redirect_uri: uri });
      expect(response.status, uri).toBe(400);
    }
    expect((await exchangeCode(authorized)).status).toBe(200);
  });

  it('loopback redirect: any port is accepted for a registered loopback URI (RFC 8252), and only loopback', async () => {
    const id = await clientId({ redirect_uris: ['http://127.0.0.1/callback'] });
    const pkce = await createPkcePair();
    const ok = await openAuthorize(
      authorizeUrl(id, { redirect_uri: 'http://127.0.0.1:49152/callback', code_challenge: pkce.challenge }),
    );
    expect(ok.status).toBe(200);
    const remote = await registerClient({ redirect_uris: ['http://client.example/callback'] });
    expect(remote.status).toBe(400);
  });
});

describe('dangerous redirect schemes (MCP security best practices, OAuth 2.1 §7.5.1)', () => {
  const spellings = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'https://client.example/cb#frag',
    'https://user:pw@client.example/cb',
  ];
  for (const uri of spellings) {
    it(`dangerous scheme refused at registration: ${JSON.stringify(uri)}`, async () => {
      const response = await registerClient({ redirect_uris: [uri] });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/^invalid_(redirect_uri|client_metadata)$/);
    });
  }

  it('dangerous scheme refused at /authorize: never redirected to, whatever the spelling', async () => {
    const id = await clientId();
    const pkce = await createPkcePair();
    for (const uri of spellings) {
      const response = await openAuthorize(authorizeUrl(id, { redirect_uri: uri, code_challenge: pkce.challenge }));
      expect(response.status, uri).toBe(400);
      expect(response.headers.get('location'), uri).toBeNull();
    }
  });

  it('dangerous scheme refused even beside a compliant redirect URI', async () => {
    const response = await registerClient({ redirect_uris: [CLIENT_REDIRECT, 'javascript:alert(1)'] });
    expect(response.status).toBe(400);
  });
});

describe('resource indicators (RFC 8707) and issuer identification (RFC 9207)', () => {
  it('foreign-resource authorization refused: resource naming another server gets invalid_target', async () => {
    const id = await clientId();
    const pkce = await createPkcePair();
    const response = await openAuthorize(
      authorizeUrl(id, { resource: 'https://other-mcp.example', code_challenge: pkce.challenge }),
    );
    expect(response.headers.get('location') ?? '').toMatch(/error=invalid_target/);
  });

  it('foreign-resource token refused: /token with another resource gets invalid_target and no token', async () => {
    const authorized = await authorize(user());
    const response = await exchangeCode(authorized, { resource: 'https://other-mcp.example' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('iss in authorization responses: the code redirect names this issuer', async () => {
    const authorized = await authorize(user());
    expect(authorized.redirect.searchParams.get('iss')).toBe(GATEWAY);
    expect(authorized.redirect.searchParams.get('state')).toBe('client-state');
  });
});

describe('token lifetimes and refresh rotation (OAuth 2.1 §4.3.1, RFC 9700 §4.14)', () => {
  it('short access-token lifetime: 15 minutes', async () => {
    const tokens = await tokensFor(user());
    expect(tokens.expires_in).toBe(900);
  });

  it('refresh rotation: a refresh returns a new refresh token and the old one stops working once the new one is used', async () => {
    const tokens = await tokensFor(user());
    const refresh = (token: string) =>
      tokenRequest({ grant_type: 'refresh_token', refresh_token: token, client_id: tokens.clientId });
    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { refresh_token: string };
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect((await refresh(rotated.refresh_token)).status).toBe(200);
    const old = await refresh(tokens.refresh_token);
    expect(old.status).toBe(400);
    expect(await old.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refresh bound to client: another client cannot use the refresh token', async () => {
    const tokens = await tokensFor(user());
    const other = await clientId();
    const response = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: other,
    });
    expect(response.status).toBe(400);
  });
});
