/**
 * A scripted sign-in against the identity mock (authorization code + PKCE, no browser), for tests
 * that need Graph tokens for a demo user. Uses the given fetch (default: global, i.e. MSW-intercepted).
 */
import { createPkcePair } from './pkce';

export interface SignInOptions {
  authorityOrigin: string;
  /** UPN or mail of a demo user. */
  user: string;
  tenant?: string;
  clientId?: string;
  redirectUri?: string;
  scopes?: readonly string[];
  fetch?: typeof fetch;
}

export interface SignInResult {
  accessToken: string;
  refreshToken?: string;
  idToken: string;
  scope: string;
  expiresIn: number;
}

export async function signIn(o: SignInOptions): Promise<SignInResult> {
  const doFetch = o.fetch ?? fetch;
  const tenant = o.tenant ?? 'organizations';
  const clientId = o.clientId ?? 'emulator-test-client';
  const redirectUri = o.redirectUri ?? 'http://localhost:8787/callback';
  const pkce = await createPkcePair();
  const base = `${o.authorityOrigin.replace(/\/+$/, '')}/${tenant}/oauth2/v2.0`;
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: (o.scopes ?? ['openid', 'profile', 'offline_access', 'User.Read', 'Mail.ReadWrite', 'Mail.Send']).join(' '),
    state: 'emulator-sign-in',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  });
  const auth = await doFetch(`${base}/authorize?${params}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user: o.user }),
    redirect: 'manual',
  });
  const location = auth.headers.get('location');
  const code = location ? new URL(location).searchParams.get('code') : null;
  if (!code) throw new Error(`signIn: no code (HTTP ${auth.status}): ${(await auth.text()).slice(0, 300)}`);
  const res = await doFetch(`${base}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: clientId,
      code_verifier: pkce.verifier,
    }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`signIn: token exchange failed: ${JSON.stringify(json)}`);
  return {
    accessToken: String(json.access_token),
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    idToken: String(json.id_token),
    scope: String(json.scope),
    expiresIn: Number(json.expires_in),
  };
}
