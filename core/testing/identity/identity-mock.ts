/**
 * Microsoft identity platform v2.0 look-alike: authorize (login page listing demo users), token
 * (authorization_code with PKCE S256, refresh_token with rotation) and OpenID discovery.
 */
import { http, type RequestHandler } from 'msw';
import { base64ToBytes } from '../../encoding/base64';
import type { DemoUser, EmulatorStats } from '../types';
import type { FakeTenant } from '../tenant/fake-tenant';
import {
  DEMO_TENANT_DOMAIN,
  DEMO_TENANT_ID,
  DEMO_TENANT_NAME,
  PERSONAL_ACCOUNT_TENANT_ID,
} from '../tenant/directory/users';
import { buildIdToken } from './id-token';
import { s256 } from './pkce';
import { errorPage, loginPage, tokenError, tokenJson } from './responses';
import { InvalidScopeError, parseScopes, scopeResponse, type ParsedScopes } from './scopes';
import type { TokenStore } from './token-store';

/** Tenant path segments the mock answers for. `contoso` is a convenience alias used by local configs. */
const TENANT_ALIASES = new Set([
  DEMO_TENANT_ID,
  'common',
  'organizations',
  'consumers',
  DEMO_TENANT_DOMAIN,
  'contoso.com',
  'contoso',
]);

export interface IdentityDeps {
  authorityOrigin: string;
  tenant: FakeTenant;
  tokens: TokenStore;
  stats: EmulatorStats;
  accessTokenTtlSeconds: number;
}

type AuthorizeCheck = { ok: true; scopes: ParsedScopes; redirectUri: URL } | { ok: false; response: Response };

function checkAuthorize(p: URLSearchParams): AuthorizeCheck {
  const fail = (code: number, message: string) => ({ ok: false as const, response: errorPage(code, message) });
  const clientId = p.get('client_id');
  if (!clientId) return fail(900144, "The request body must contain the following parameter: 'client_id'.");
  let redirectUri: URL;
  try {
    redirectUri = new URL(p.get('redirect_uri') ?? '');
  } catch {
    return fail(90102, "'redirect_uri' value must be a valid absolute URI.");
  }
  if (redirectUri.protocol !== 'https:' && redirectUri.protocol !== 'http:')
    return fail(90102, "'redirect_uri' value must be a valid absolute URI.");
  if (p.get('response_type') !== 'code')
    return fail(
      9000411,
      "The request is not properly formatted. The parameter 'response_type' is invalid: only 'code' is supported.",
    );
  const challenge = p.get('code_challenge');
  if (!challenge)
    return fail(
      9002325,
      'Proof Key for Code Exchange is required: send code_challenge with code_challenge_method S256.',
    );
  if (p.get('code_challenge_method') !== 'S256') return fail(50125, "code_challenge_method must be 'S256'.");
  if (!/^[A-Za-z0-9_-]{43,128}$/.test(challenge)) return fail(501491, 'Invalid size of Code_Challenge parameter.');
  try {
    return { ok: true, scopes: parseScopes(p.get('scope')), redirectUri };
  } catch (e) {
    if (e instanceof InvalidScopeError) return fail(70011, e.message);
    throw e;
  }
}

function redirect(to: URL): Response {
  return new Response(null, { status: 302, headers: { location: to.toString(), 'cache-control': 'no-store' } });
}

export function identityHandlers(deps: IdentityDeps): RequestHandler[] {
  const { authorityOrigin, tenant, tokens, stats } = deps;
  const base = `${authorityOrigin}/:tenant`;
  const knownTenant = (t: unknown) => typeof t === 'string' && TENANT_ALIASES.has(t.toLowerCase());
  const tenantNotFound = (t: unknown) =>
    `Tenant '${String(t)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`;

  /** Issue a code and send the browser back to the client (the end of a sign-in). */
  const complete = (p: URLSearchParams, check: Extract<AuthorizeCheck, { ok: true }>, userId: string): Response => {
    const nonce = p.get('nonce');
    const code = tokens.issueCode({
      clientId: p.get('client_id') ?? '',
      redirectUri: p.get('redirect_uri') ?? '',
      codeChallenge: p.get('code_challenge') ?? '',
      graphScopes: check.scopes.graph,
      offlineAccess: check.scopes.offlineAccess,
      userId,
      ...(nonce ? { nonce } : {}),
    });
    const to = new URL(check.redirectUri);
    to.searchParams.set('code', code);
    const state = p.get('state');
    if (state !== null) to.searchParams.set('state', state);
    to.searchParams.set('session_state', crypto.randomUUID());
    return redirect(to);
  };

  const redirectError = (
    check: Extract<AuthorizeCheck, { ok: true }>,
    p: URLSearchParams,
    error: string,
    description: string,
  ) => {
    const to = new URL(check.redirectUri);
    to.searchParams.set('error', error);
    to.searchParams.set('error_description', description);
    const state = p.get('state');
    if (state !== null) to.searchParams.set('state', state);
    return redirect(to);
  };

  const authorizeGet = http.get(`${base}/oauth2/v2.0/authorize`, ({ request, params }) => {
    if (!knownTenant(params.tenant)) return errorPage(90002, tenantNotFound(params.tenant));
    const p = new URL(request.url).searchParams;
    const check = checkAuthorize(p);
    if (!check.ok) return check.response;
    // prompt=none: behave as if a session for login_hint exists (lets headless tests skip the page).
    if (p.get('prompt') === 'none') {
      const user = tenant.findUser(p.get('login_hint') ?? '');
      if (!user)
        return redirectError(
          check,
          p,
          'login_required',
          'AADSTS50058: A silent sign-in request was sent but no user is signed in.',
        );
      const refused = audienceRefusal(params.tenant, user);
      if (refused) return redirectError(check, p, 'invalid_request', refused);
      return complete(p, check, user.id);
    }
    const users = tenant.users.map((u) => ({
      upn: u.userPrincipalName,
      displayName: u.displayName,
      jobTitle: u.jobTitle,
    }));
    return loginPage(p, users, [...check.scopes.graph, ...check.scopes.oidc]);
  });

  const authorizePost = http.post(`${base}/oauth2/v2.0/authorize`, async ({ request, params }) => {
    if (!knownTenant(params.tenant)) return errorPage(90002, tenantNotFound(params.tenant));
    const p = new URL(request.url).searchParams;
    for (const [k, v] of new URLSearchParams(await request.text())) p.set(k, v);
    const check = checkAuthorize(p);
    if (!check.ok) return check.response;
    if (p.get('action') === 'cancel')
      return redirectError(check, p, 'access_denied', 'AADSTS65004: User declined to consent to access the app.');
    const login = p.get('user') ?? '';
    const user = tenant.findUser(login);
    if (!user)
      return errorPage(
        50034,
        `The user account ${login || '(none)'} does not exist in the '${DEMO_TENANT_DOMAIN}' directory.`,
      );
    const refused = audienceRefusal(params.tenant, user);
    if (refused) return errorPage(50020, refused);
    return complete(p, check, user.id);
  });

  const token = http.post(`${base}/oauth2/v2.0/token`, async ({ request, params }) => {
    const fail = (error: string, code: number, message: string, status = 400) =>
      tokenError(authorityOrigin, error, code, message, status);
    if (!knownTenant(params.tenant)) return fail('invalid_request', 90002, tenantNotFound(params.tenant));
    if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      return fail('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    }
    const form = new URLSearchParams(await request.text());
    let clientId = form.get('client_id');
    const basic = /^Basic\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
    if (basic?.[1])
      clientId ??= decodeURIComponent(new TextDecoder().decode(base64ToBytes(basic[1])).split(':')[0] ?? '');
    const grantType = form.get('grant_type');
    if (!grantType)
      return fail('invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.");
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return fail('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`);
    }
    stats.tokenRequests[grantType]++;
    if (!clientId)
      return fail('invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");

    let userId: string;
    let graphScopes: string[];
    let offline: boolean;
    let nonce: string | undefined;
    if (grantType === 'authorization_code') {
      const code = form.get('code');
      if (!code)
        return fail('invalid_request', 900144, "The request body must contain the following parameter: 'code'.");
      const taken = tokens.takeCode(code);
      if ('error' in taken) {
        if (taken.error === 'redeemed')
          return fail(
            'invalid_grant',
            54005,
            'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
          );
        if (taken.error === 'expired')
          return fail(
            'invalid_grant',
            70008,
            'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
          );
        return fail(
          'invalid_grant',
          9002313,
          'Invalid request. Request is malformed or invalid: the authorization code is not valid.',
        );
      }
      const c = taken.code;
      if (c.clientId !== clientId)
        return fail(
          'invalid_grant',
          70000,
          'The request was denied because one or more grants are invalid: the code was issued to another client.',
        );
      if (form.get('redirect_uri') !== c.redirectUri)
        return fail(
          'invalid_grant',
          70000,
          "The request was denied because one or more grants are invalid: 'redirect_uri' does not match the one of the authorization request.",
        );
      const verifier = form.get('code_verifier');
      if (!verifier || (await s256(verifier)) !== c.codeChallenge) {
        return fail(
          'invalid_grant',
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        );
      }
      userId = c.userId;
      graphScopes = c.graphScopes;
      offline = c.offlineAccess;
      nonce = c.nonce;
    } else {
      const presented = form.get('refresh_token');
      if (!presented)
        return fail(
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'refresh_token'.",
        );
      const record = tokens.getRefreshToken(presented);
      if (!record)
        return fail(
          'invalid_grant',
          9002313,
          'Invalid request. Request is malformed or invalid: the refresh token is not valid.',
        );
      if (record.rotatedAt !== undefined) {
        return fail(
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity (it was already exchanged and has been rotated). Send a new interactive authorization request for this user and resource.',
        );
      }
      if (record.clientId !== clientId)
        return fail(
          'invalid_grant',
          70000,
          'The request was denied because one or more grants are invalid: the refresh token was issued to another client.',
        );
      graphScopes = record.scopes;
      if (form.get('scope')) {
        let asked: ParsedScopes;
        try {
          asked = parseScopes(form.get('scope'));
        } catch (e) {
          if (e instanceof InvalidScopeError) return fail('invalid_scope', 70011, e.message);
          throw e;
        }
        const missing = asked.graph.filter((s) => !record.scopes.includes(s));
        if (!asked.defaulted && missing.length)
          return fail(
            'invalid_grant',
            65001,
            `The user or administrator has not consented to use the application for scope(s) '${missing.join(' ')}'. Send an interactive authorization request for this user and resource.`,
          );
        if (!asked.defaulted) graphScopes = asked.graph;
      }
      record.rotatedAt = Date.now();
      userId = record.userId;
      offline = true;
    }
    const user = tenant.users.find((u) => u.id === userId);
    if (!user) return fail('invalid_grant', 50034, 'The user account does not exist in the directory.');
    const access = tokens.issueAccessToken(userId, clientId, graphScopes);
    return tokenJson({
      token_type: 'Bearer',
      scope: scopeResponse(graphScopes),
      expires_in: access.expiresIn,
      ext_expires_in: access.expiresIn,
      access_token: access.token,
      ...(offline ? { refresh_token: tokens.issueRefreshToken(userId, clientId, graphScopes) } : {}),
      id_token: buildIdToken({ authorityOrigin, user, clientId, lifetimeSeconds: 3600, ...(nonce ? { nonce } : {}) }),
    });
  });

  const discovery = http.get(`${base}/v2.0/.well-known/openid-configuration`, ({ params }) => {
    if (!knownTenant(params.tenant))
      return tokenError(authorityOrigin, 'invalid_tenant', 90002, tenantNotFound(params.tenant));
    const t = String(params.tenant);
    return tokenJson({
      issuer: `${authorityOrigin}/${DEMO_TENANT_ID}/v2.0`,
      authorization_endpoint: `${authorityOrigin}/${t}/oauth2/v2.0/authorize`,
      token_endpoint: `${authorityOrigin}/${t}/oauth2/v2.0/token`,
      jwks_uri: `${authorityOrigin}/${t}/discovery/v2.0/keys`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'emulator.test',
    });
  });

  // The emulator's id_tokens are not verifiable: publish an empty key set rather than a fake key.
  const keys = http.get(`${base}/discovery/v2.0/keys`, () => tokenJson({ keys: [] }));

  return [authorizeGet, authorizePost, token, discovery, keys];
}

/**
 * Microsoft's audiences: a personal account signs in only under `common` or `consumers`; a work
 * account never under `consumers`. The refusal, as Microsoft words it, or undefined.
 */
function audienceRefusal(segment: unknown, user: DemoUser): string | undefined {
  const t = String(segment).toLowerCase();
  const personal = user.tenantId === PERSONAL_ACCOUNT_TENANT_ID;
  if (personal && t !== 'common' && t !== 'consumers')
    return `AADSTS50020: User account '${user.userPrincipalName}' from identity provider 'live.com' does not exist in tenant '${DEMO_TENANT_NAME}' and cannot access the application in that tenant.`;
  if (!personal && t === 'consumers')
    return `AADSTS50020: User account '${user.userPrincipalName}' is a work or school account; this sign-in accepts personal Microsoft accounts only.`;
  return undefined;
}
