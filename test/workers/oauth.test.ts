import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair, type Emulator } from '../../core/testing';
import { completeAuthorizationInBrowser } from '../../core/testing/oauth-browser';
import { CLIENT_REDIRECT, GATEWAY, newBrowser, startEmulator } from './harness';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

async function register(redirectUris = [CLIENT_REDIRECT]): Promise<string> {
  const response = await SELF.fetch(`${GATEWAY}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'OAuth test',
      redirect_uris: redirectUris,
      token_endpoint_auth_method: 'none',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

function authorizeUrl(clientId: string, challenge: string, redirectUri = CLIENT_REDIRECT): string {
  const url = new URL(`${GATEWAY}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's1',
    resource: GATEWAY,
  }).toString();
  return url.toString();
}

async function authorizationCode(
  clientId: string,
  challenge: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<URL> {
  return completeAuthorizationInBrowser({
    browser: newBrowser(),
    authorizationUrl: authorizeUrl(clientId, challenge),
    user: emulator.tenant.users[0]!.userPrincipalName,
    decision,
  });
}

function exchange(clientId: string, code: string, verifier: string, redirectUri = CLIENT_REDIRECT): Promise<Response> {
  return SELF.fetch(`${GATEWAY}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
}

describe('authorization code flow errors', () => {
  it('shows the consent page naming the client and its redirect host before any Microsoft redirect', async () => {
    const clientId = await register();
    const pkce = await createPkcePair();
    const response = await newBrowser().request(authorizeUrl(clientId, pkce.challenge));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('OAuth test');
    expect(html).toContain('127.0.0.1');
    expect(html).toContain('Mail.Read');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });

  it('returns access_denied to the client when the user denies', async () => {
    const clientId = await register();
    const pkce = await createPkcePair();
    const back = await authorizationCode(clientId, pkce.challenge, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('s1');
  });

  it('refuses a wrong PKCE verifier with invalid_grant', async () => {
    const clientId = await register();
    const pkce = await createPkcePair();
    const other = await createPkcePair();
    const code = (await authorizationCode(clientId, pkce.challenge)).searchParams.get('code')!;
    const response = await exchange(clientId, code, other.verifier);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a code used twice', async () => {
    const clientId = await register();
    const pkce = await createPkcePair();
    const code = (await authorizationCode(clientId, pkce.challenge)).searchParams.get('code')!;
    expect((await exchange(clientId, code, pkce.verifier)).status).toBe(200);
    const again = await exchange(clientId, code, pkce.verifier);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an unregistered redirect URI without redirecting to it', async () => {
    const clientId = await register();
    const pkce = await createPkcePair();
    const response = await newBrowser().request(authorizeUrl(clientId, pkce.challenge, 'https://attacker.example/cb'));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toMatch(/redirect/i);
  });
});
