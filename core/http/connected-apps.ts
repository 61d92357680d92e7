/**
 * /apps — the connected-apps page. A user signs in with Microsoft (identity only: `openid
 * profile`, PKCE, browser-bound single-use state), sees every MCP client holding a grant for
 * them (name, when approved, scopes) and revokes any; the revoked client's tokens stop working
 * on its next request. `/apps/signin?consent=1` is the same sign-in asking Microsoft for the
 * permissions the enabled tools need (incremental consent) and storing them in the vault.
 * Server-rendered, no script; forms are CSRF-protected and posted only to this origin.
 */
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { identityFromMicrosoft, type GatewayIdentity } from '../auth/identity';
import {
  exchangeMicrosoftCode,
  identifyWithMicrosoftCode,
  microsoftAuthorizeUrl,
  MicrosoftTokenError,
  pkceChallenge,
  pkceVerifier,
} from '../auth/microsoft';
import { tokenVaultFor } from '../auth/token-vault';
import type { GatewayConfig } from '../config/config';
import type { Registry } from '../plugin';
import {
  checkCsrf,
  cookie,
  csrfToken,
  randomToken,
  readCookie,
  readSession,
  saveSignInState,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  signSession,
  STATE_COOKIE,
  STATE_TTL_SECONDS,
  takeSignInState,
} from './apps-session';
import { escapeHtml, htmlResponse } from './html';
import { HttpError } from './http-error';
import { mixedScriptWarningHtml, nameHtml, showName } from './client-name';
import { readRevokedNotice, revokedNoticeQuery } from './revoked-notice';
import { closeGrantSockets } from '../mcp/revoke-sockets';
import { auditListHtml, forgetUser, forgottenHtml } from './apps-data';

export interface AppsContext {
  env: Env & { OAUTH_PROVIDER: OAuthHelpers };
  config: GatewayConfig;
  registry: Registry;
}

const APPS_CSP =
  "default-src 'none'; style-src 'nonce-{nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function appsCallbackUrl(config: GatewayConfig): string {
  return `${config.publicBaseUrl}/apps/callback`;
}

/** GET /apps/signin: off to Microsoft (identity only, or `?consent=1` for the tools' permissions). */
export async function startAppsSignIn(request: Request, { env, config, registry }: AppsContext): Promise<Response> {
  const consent = new URL(request.url).searchParams.get('consent') === '1';
  const state = randomToken();
  const verifier = pkceVerifier();
  await saveSignInState(env.OAUTH_KV, state, { verifier, consent });
  const location = microsoftAuthorizeUrl(config, {
    state,
    codeChallenge: await pkceChallenge(verifier),
    redirectUri: appsCallbackUrl(config),
    ...(consent
      ? { scopes: registry.scopes(), prompt: 'consent' as const }
      : { scopes: [], oidcScopes: ['openid', 'profile'] }),
  });
  // Lax: the cookie must come back on Microsoft's top-level redirect to /apps/callback.
  return redirect(location, [cookie(STATE_COOKIE, state, STATE_TTL_SECONDS, 'Lax')]);
}

/** GET /apps/callback: Microsoft sent the user back; a session cookie, or an error page. */
export async function finishAppsSignIn(request: Request, { env, config }: AppsContext): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const state = params.get('state') ?? '';
  const code = params.get('code');
  const clearState = cookie(STATE_COOKIE, '', 0, 'Lax');
  // Every error page of the callback also ends the sign-in attempt in the browser.
  const refuse = (title: string, message: string, status = 400) =>
    HttpError.page(title, message, status, { headers: [['Set-Cookie', clearState]] });
  if (!state || readCookie(request, STATE_COOKIE) !== state) {
    throw refuse(
      'Sign-in link not valid here',
      'This sign-in was started in another browser or has already been used. Open /apps and sign in again.',
    );
  }
  const saved = await takeSignInState(env.OAUTH_KV, state);
  if (!saved)
    throw refuse('Sign-in expired', 'This sign-in expired or was already used. Open /apps and sign in again.');
  if (params.get('error') || !code)
    throw refuse('Sign-in cancelled', 'Microsoft did not sign you in. Open /apps to try again.');

  let identity: GatewayIdentity;
  try {
    if (saved.consent) {
      const exchanged = await exchangeMicrosoftCode(config, code, saved.verifier, appsCallbackUrl(config));
      identity = identityFromMicrosoft(exchanged.identity);
      if (!tenantAllowed(config, identity)) throw refuse(TENANT_REFUSED.title, TENANT_REFUSED.message, 403);
      await tokenVaultFor(env, identity.userKey).store(identity.userKey, exchanged.tokens);
    } else {
      identity = identityFromMicrosoft(
        await identifyWithMicrosoftCode(config, code, saved.verifier, appsCallbackUrl(config)),
      );
      if (!tenantAllowed(config, identity)) throw refuse(TENANT_REFUSED.title, TENANT_REFUSED.message, 403);
    }
  } catch (error) {
    if (error instanceof MicrosoftTokenError)
      throw refuse('Microsoft sign-in failed', `Microsoft did not accept the sign-in: ${error.description}.`);
    throw error;
  }
  const session = await signSession(config.cookieSecret, {
    userKey: identity.userKey,
    upn: identity.upn,
    name: identity.name,
    exp: Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS,
  });
  // Lax, not Strict: this response and the 303 to /apps belong to the cross-site navigation that
  // started at Microsoft's sign-in page, and a browser sends no Strict cookie anywhere in it — the
  // user would land signed out, forever. Lax cookies travel only on top-level GETs from other
  // sites; the POST forms (revoke, sign-out) stay protected by the CSRF token and Origin check.
  return redirect(saved.consent ? '/apps?granted=1' : '/apps', [
    clearState,
    cookie(SESSION_COOKIE, session, SESSION_TTL_SECONDS, 'Lax'),
  ]);
}

export function tenantAllowed(config: GatewayConfig, identity: { tenantId: string }): boolean {
  return config.allowedTenants.length === 0 || config.allowedTenants.includes(identity.tenantId);
}

const TENANT_REFUSED = {
  title: 'Organisation not admitted',
  message: 'This gateway admits accounts of specific organisations only, and yours is not one of them.',
};

/** GET /apps: the signed-in user's connected apps, or the sign-in invitation. */
export async function appsPage(request: Request, { env, config, registry }: AppsContext): Promise<Response> {
  const raw = readCookie(request, SESSION_COOKIE);
  const session = await readSession(config.cookieSecret, raw);
  if (!session || !raw) {
    return page(
      'Connected apps',
      `<h1>Apps connected to your Microsoft 365</h1>
<p>Sign in with Microsoft to see which apps can use your Microsoft 365 through this gateway, and to disconnect any of them.</p>
<p><a class="button primary" href="/apps/signin">Sign in with Microsoft</a></p>`,
    );
  }
  const oauth = env.OAUTH_PROVIDER;
  const grants = await listGrants(oauth, session.userKey);
  const csrf = escapeHtml(await csrfToken(config.cookieSecret, raw));
  const params = new URL(request.url).searchParams;
  const revoked = await readRevokedNotice(config.cookieSecret, raw, params);
  const notice = revoked
    ? `<div class="box">Disconnected <strong>${nameHtml(showName(revoked))}</strong>. Its next request will be refused.</div>`
    : params.get('granted')
      ? '<div class="box">Microsoft permissions updated. Reconnect your apps (or ask them to sign in again) to use the newly granted tools.</div>'
      : '';
  const rows = await Promise.all(
    grants.map(async (grant) => {
      const client = await oauth.lookupClient(grant.clientId).catch(() => null);
      const shown = showName(client?.clientName || grant.clientId);
      const approved = `${new Date(grant.createdAt * 1000).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
      return `<li class="box"><strong class="client">${nameHtml(shown)}</strong><br>${mixedScriptWarningHtml(shown)}
<span class="muted">Approved ${escapeHtml(approved)}. Microsoft permissions: ${grant.scope.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ') || '(none)'}</span>
<form method="post" action="/apps/revoke"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="grant" value="${escapeHtml(grant.id)}">
<button>Disconnect ${nameHtml(shown)}</button></form></li>`;
    }),
  );
  // Microsoft consent helps only with what Microsoft did not grant: an app lacking a permission
  // Microsoft granted just has to ask for it when it authorizes again.
  const fromMicrosoft = (await tokenVaultFor(env, session.userKey).status(session.userKey)).scopes;
  const missing = registry.scopes().filter((scope) => !fromMicrosoft.includes(scope));
  return page(
    'Connected apps',
    `<h1>Apps connected to your Microsoft 365</h1>
<p>Signed in as <strong>${escapeHtml(session.name)}</strong> (${escapeHtml(session.upn)}).</p>
${notice}
${rows.length ? `<ul class="apps">${rows.join('')}</ul>` : '<p>No app is connected.</p>'}
${missing.length && grants.length ? `<p class="muted">Some tools need permissions no app was granted yet (${missing.map(escapeHtml).join(', ')}): <a href="/apps/signin?consent=1">grant them</a>.</p>` : ''}
<form method="post" action="/apps/signout"><input type="hidden" name="csrf" value="${csrf}"><button>Sign out</button></form>
${await auditListHtml(env, session.userKey, oauth, config.auditRetentionDays)}
<h2>Forget me</h2>
<form method="post" action="/apps/forget" class="box warn"><input type="hidden" name="csrf" value="${csrf}">
<p>Deletes everything this gateway keeps about you: every app connection, your stored Microsoft sign-in, item handles and the record of changes. Your apps must be connected again to be used.</p>
<label><input type="checkbox" name="confirm" value="yes" required> I want all of it deleted</label>
<p><button>Forget me</button></p></form>`,
  );
}

/** POST /apps/forget: deletes everything of the signed-in user, ends the page's session, says what went. */
export async function forgetMe(request: Request, { env, config }: AppsContext): Promise<Response> {
  const { session, form } = await checkedForm(request, config);
  if (form?.get('confirm') !== 'yes')
    throw HttpError.page(
      'Nothing was deleted',
      'Tick "I want all of it deleted" on the connected-apps page, then press Forget me again.',
      400,
    );
  const oauth = env.OAUTH_PROVIDER;
  const grants = await listGrants(oauth, session.userKey);
  const forgotten = await forgetUser(
    env,
    oauth,
    session.userKey,
    grants.map((grant) => grant.id),
  );
  const response = page('Forgotten', forgottenHtml(forgotten));
  response.headers.append('Set-Cookie', cookie(SESSION_COOKIE, '', 0, 'Lax'));
  return response;
}

/**
 * A POST from the connected-apps page itself: a live session, this origin, and the CSRF token
 * derived from that session. Anything else is refused before it changes anything.
 */
export async function checkedForm(
  request: Request,
  config: GatewayConfig,
): Promise<{ session: { userKey: string }; raw: string; form: FormData | undefined }> {
  const raw = readCookie(request, SESSION_COOKIE);
  const session = await readSession(config.cookieSecret, raw);
  if (!session || !raw)
    throw HttpError.page('Signed out', 'Your session on this page ended. Open /apps and sign in again.', 401);
  const origin = request.headers.get('origin');
  const form = await request.formData().catch(() => undefined);
  const presented = String(form?.get('csrf') ?? '');
  if ((origin !== null && origin !== config.publicBaseUrl) || !(await checkCsrf(config.cookieSecret, raw, presented))) {
    throw HttpError.page(
      'Request refused',
      'This form did not come from the connected-apps page. Open /apps and try again.',
      403,
    );
  }
  return { session, raw, form };
}

/** POST /apps/signout: ends the page's session. */
export async function signOutOfApps(request: Request, { config }: AppsContext): Promise<Response> {
  await checkedForm(request, config);
  return redirect('/apps', [cookie(SESSION_COOKIE, '', 0, 'Lax')]);
}

/** POST /apps/revoke: ends one of the signed-in user's grants. */
export async function revokeApp(request: Request, { env, config }: AppsContext): Promise<Response> {
  const { session, raw, form } = await checkedForm(request, config);
  const grantId = String(form?.get('grant') ?? '');
  const oauth = env.OAUTH_PROVIDER;
  const grants = await listGrants(oauth, session.userKey);
  const grant = grants.find((candidate) => candidate.id === grantId);
  // Ownership: only a grant listed for the signed-in user can be revoked, whatever id is posted.
  if (!grant) throw HttpError.page('Not found', 'That app is not connected to your account (any more).', 404);
  await oauth.revokeGrant(grant.id, session.userKey);
  // Its open WebSockets were authorised at their upgrade: close them now, not when their tokens expire.
  await closeGrantSockets(env, session.userKey, grant.id);
  const client = await oauth.lookupClient(grant.clientId).catch(() => null);
  const name = showName(client?.clientName || grant.clientId).text;
  return redirect(`/apps?${await revokedNoticeQuery(config.cookieSecret, raw, name)}`, []);
}

/** All of a user's grants (the library pages them). */
export async function listGrants(oauth: OAuthHelpers, userKey: string) {
  const grants = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await oauth.listUserGrants(userKey, cursor ? { cursor } : {});
    grants.push(...result.items);
    cursor = result.cursor;
    if (!cursor) break;
  }
  return grants.sort((a, b) => b.createdAt - a.createdAt);
}

function page(title: string, body: string): Response {
  // same-origin: the revoke form's POST then carries this origin (no-referrer would make it "null").
  return htmlResponse({ title, body }, { csp: APPS_CSP, headers: new Headers({ 'Referrer-Policy': 'same-origin' }) });
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ Location: location, 'Cache-Control': 'no-store' });
  for (const value of cookies) headers.append('Set-Cookie', value);
  return new Response(null, { status: 303, headers });
}
