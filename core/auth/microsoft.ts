/**
 * The gateway as an OAuth client of the Microsoft identity platform (v2.0 endpoints):
 * the authorize URL (with our own PKCE), the code exchange and the refresh. The authority and the
 * Graph base URL come from config, so the emulator and sovereign clouds work unchanged.
 * Scopes arrive here as plain strings: this module does not know which plugins exist.
 */
import type { GatewayConfig } from '../config/config';
import { base64UrlToBytes, bytesToBase64Url } from '../encoding/base64';

/** Scopes every sign-in asks for besides the tools' Graph permissions. */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

export interface MicrosoftTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Graph permissions Microsoft actually granted (short form). */
  scopes: string[];
}

export interface MicrosoftIdentity {
  tenantId: string;
  objectId: string;
  upn: string;
  name: string;
}

/**
 * A failure answered by Microsoft's token endpoint (or no answer at all). What it means for the
 * user's sign-in is decided in microsoft-errors.ts from `error`, the AADSTS `errorCodes` and
 * `suberror`, the fields Microsoft's error response carries.
 */
export class MicrosoftTokenError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status: number,
    /** Microsoft's AADSTS numbers (`error_codes`), e.g. 50076 for "multi-factor authentication required". */
    readonly errorCodes: readonly number[] = [],
    /** Microsoft's `suberror` (`basic_action`, `message_only`, `consent_required`…), when it sent one. */
    readonly suberror?: string,
  ) {
    super(`Microsoft token endpoint: ${error}`);
  }
}

/**
 * Graph permissions go to Microsoft in short form (`Mail.Read`): the identity platform resolves
 * short names to Microsoft Graph in every cloud, so no per-cloud resource prefix is needed.
 */
function scopeParameter(scopes: readonly string[], oidc: readonly string[] = OIDC_SCOPES): string {
  return [...oidc, ...scopes].join(' ');
}

/** `{authority}/oauth2/v2.0/authorize?...` for the authorization code flow with PKCE S256. */
export function microsoftAuthorizeUrl(
  config: GatewayConfig,
  options: {
    state: string;
    codeChallenge: string;
    scopes: readonly string[];
    loginHint?: string;
    /** Defaults to the MCP sign-in's `/callback`. */
    redirectUri?: string;
    /** Defaults to `openid profile offline_access`; the connected-apps page asks for `openid profile` only. */
    oidcScopes?: readonly string[];
    prompt?: 'select_account' | 'consent';
  },
): string {
  const url = new URL(`${config.authority}/oauth2/v2.0/authorize`);
  url.searchParams.set('client_id', config.msClientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri ?? callbackUrl(config));
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', scopeParameter(options.scopes, options.oidcScopes));
  if (options.prompt) url.searchParams.set('prompt', options.prompt);
  url.searchParams.set('state', options.state);
  url.searchParams.set('code_challenge', options.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (options.loginHint) url.searchParams.set('login_hint', options.loginHint);
  return url.toString();
}

export function callbackUrl(config: GatewayConfig): string {
  return `${config.publicBaseUrl}/callback`;
}

/** Exchanges the authorization code Microsoft sent to /callback. */
export async function exchangeMicrosoftCode(
  config: GatewayConfig,
  code: string,
  codeVerifier: string,
  redirectUri = callbackUrl(config),
): Promise<{ tokens: MicrosoftTokens; identity: MicrosoftIdentity }> {
  const body = await postToken(config, {
    grant_type: 'authorization_code',
    code,
    code_verifier: codeVerifier,
    redirect_uri: redirectUri,
  });
  const identity = identityFromIdToken(body.id_token);
  return { tokens: tokensFrom(body, undefined), identity };
}

/** Exchanges a code from an identity-only sign-in (`openid profile`): who the user is, no tokens kept. */
export async function identifyWithMicrosoftCode(
  config: GatewayConfig,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<MicrosoftIdentity> {
  const body = await postToken(config, {
    grant_type: 'authorization_code',
    code,
    code_verifier: codeVerifier,
    redirect_uri: redirectUri,
  });
  return identityFromIdToken(body.id_token);
}

/** Redeems a refresh token. Microsoft rotates it: persist the new one before using the access token. */
export async function refreshMicrosoftTokens(
  config: GatewayConfig,
  refreshToken: string,
  scopes: readonly string[],
  options: TokenRequestOptions = {},
): Promise<MicrosoftTokens> {
  const body = await postToken(
    config,
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: scopeParameter(scopes),
    },
    options,
  );
  return tokensFrom(body, refreshToken);
}

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number | string;
  scope?: string;
  id_token?: string;
}

/**
 * How long the gateway waits for Microsoft's token endpoint. A tool call has 60 s in all; a refresh
 * that hangs must fail well inside that, as "unavailable" (try again), never as "sign in again".
 */
export const MICROSOFT_TOKEN_TIMEOUT_MS = 10_000;

export interface TokenRequestOptions {
  /** Defaults to MICROSOFT_TOKEN_TIMEOUT_MS. */
  timeoutMs?: number;
}

async function postToken(
  config: GatewayConfig,
  params: Record<string, string>,
  options: TokenRequestOptions = {},
): Promise<TokenResponse> {
  const timeoutMs = options.timeoutMs ?? MICROSOFT_TOKEN_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${config.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ ...params, client_id: config.msClientId, client_secret: config.msClientSecret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    // A timeout or network failure says nothing about the grant: a retryable error, not invalid_grant.
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new MicrosoftTokenError(
      'temporarily_unavailable',
      timedOut ? `no answer within ${timeoutMs / 1000} s` : 'network error',
      timedOut ? 504 : 503,
    );
  }
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (an outage page): fall through to the error below.
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error : 'server_error';
    const description =
      typeof body.error_description === 'string' ? body.error_description.split('\r\n')[0]! : `HTTP ${response.status}`;
    throw new MicrosoftTokenError(
      error,
      description,
      response.status,
      aadstsCodes(body.error_codes, description),
      typeof body.suberror === 'string' ? body.suberror : undefined,
    );
  }
  return body as unknown as TokenResponse;
}

/** `error_codes` when Microsoft sent them, else the `AADSTS<n>` numbers named in the description. */
function aadstsCodes(codes: unknown, description: string): number[] {
  if (Array.isArray(codes) && codes.every((code) => typeof code === 'number')) return codes;
  return [...description.matchAll(/AADSTS(\d+)/g)].map((match) => Number(match[1]));
}

function tokensFrom(body: TokenResponse, previousRefreshToken: string | undefined): MicrosoftTokens {
  const refreshToken = body.refresh_token ?? previousRefreshToken;
  if (!refreshToken)
    throw new MicrosoftTokenError(
      'invalid_grant',
      'Microsoft returned no refresh token (offline_access missing?)',
      400,
    );
  return {
    accessToken: body.access_token,
    refreshToken,
    expiresAt: Date.now() + Number(body.expires_in) * 1000,
    scopes: normaliseScopes(body.scope ?? ''),
  };
}

/** Short permission names, without OIDC scopes or resource prefixes. */
export function normaliseScopes(scope: string): string[] {
  const oidc = new Set(['openid', 'profile', 'email', 'offline_access']);
  const names = scope
    .split(/\s+/)
    .filter(Boolean)
    .map((item) => item.replace(/^https?:\/\/[^/]+\//, ''))
    .filter((item) => !oidc.has(item));
  return [...new Set(names)].sort();
}

/**
 * Reads the user's identity from the ID token. Its signature is not checked: it came to us
 * directly from Microsoft's token endpoint over TLS in answer to our own code and PKCE verifier,
 * which OpenID Connect Core §3.1.3.7 accepts in place of signature validation.
 */
export function identityFromIdToken(idToken: string | undefined): MicrosoftIdentity {
  const payload = idToken?.split('.')[1];
  if (!payload)
    throw new MicrosoftTokenError('invalid_request', 'Microsoft returned no ID token (openid scope missing?)', 400);
  let claims: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(base64UrlToBytes(payload)));
    if (typeof parsed !== 'object' || parsed === null) throw new TypeError('not an object');
    claims = parsed as Record<string, unknown>;
  } catch {
    // Callers turn MicrosoftTokenError into an error page; a parse error would be a 500.
    throw new MicrosoftTokenError('invalid_request', 'Microsoft returned an ID token that could not be read', 400);
  }
  const tenantId = String(claims.tid ?? '');
  const objectId = String(claims.oid ?? '');
  if (!/^[0-9a-f-]{36}$/i.test(tenantId) || !/^[0-9a-f-]{36}$/i.test(objectId)) {
    throw new MicrosoftTokenError('invalid_request', 'The ID token has no tenant id (tid) or object id (oid)', 400);
  }
  return {
    tenantId: tenantId.toLowerCase(),
    objectId: objectId.toLowerCase(),
    upn: String(claims.preferred_username ?? claims.upn ?? ''),
    name: String(claims.name ?? claims.preferred_username ?? ''),
  };
}

/** PKCE S256 challenge for a verifier (RFC 7636 §4.2). */
export async function pkceChallenge(verifier: string): Promise<string> {
  return bytesToBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** A 43+ character PKCE verifier from 32 random bytes. */
export function pkceVerifier(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}
