/**
 * /authorize and /callback: the MCP client's authorization request → the gateway's consent page
 * → Microsoft sign-in (our own PKCE, single-use `state` bound to the browser by the library's
 * upstream helpers) → code exchange → tokens sealed into the user's TokenVault → the client's
 * authorization code, whose grant props hold the user's identity only.
 */
import {
  AuthorizationError,
  CimdFetchError,
  authorizationErrorRedirect,
  type AuthRequest,
  type OAuthHelpers,
} from '@cloudflare/workers-oauth-provider';
import { aadstsCode, signInFix } from '../auth/aadsts-fixes';
import { signInScopes } from '../auth/admin-consent';
import { identityFromMicrosoft } from '../auth/identity';
import { mailboxTimeZone, TIME_ZONE_SCOPE } from '../auth/mailbox-time-zone';
import {
  exchangeMicrosoftCode,
  MicrosoftTokenError,
  microsoftAuthorizeUrl,
  pkceChallenge,
  pkceVerifier,
} from '../auth/microsoft';
import { tokenVaultFor } from '../auth/token-vault';
import type { GatewayConfig } from '../config/config';
import type { Registry } from '../plugin';
import { tenantAllowed } from './connected-apps';
import { consentPage, type ConsentPlugin } from './consent-page';
import { HttpError } from './http-error';
import { signInErrorPage } from './sign-in-error-page';

export interface SignInContext {
  env: Env & { OAUTH_PROVIDER: OAuthHelpers };
  config: GatewayConfig;
  registry: Registry;
}

interface UpstreamData {
  verifier: string;
}

/** GET /authorize: validate the client's request, then show consent (or skip it if remembered). */
export async function showConsent(request: Request, context: SignInContext): Promise<Response> {
  return handleAuthorizationErrors(async () => {
    const oauth = context.env.OAUTH_PROVIDER;
    const parsed = await oauth.parseAuthRequest(request);
    // The request carries the permissions it will get, so "none named" (= all) is never a subset of
    // a remembered narrower approval, and the approved request stored for /callback says the same.
    const authRequest = { ...parsed, scope: requestedScopes(parsed.scope, context.registry) };
    const details = await oauth.describeConsent(authRequest);
    if (await oauth.isConsentRemembered(request, authRequest, remember(context.config))) {
      return redirectToMicrosoft(authRequest, new Headers(), context);
    }
    const consent = await oauth.beginConsent(authRequest);
    return consentPage(details, consent.handle, consentPlugins(context.registry, authRequest.scope), consent.headers);
  });
}

/** POST /authorize: the user's decision. Only an approval creates upstream state. */
export async function decideConsent(request: Request, context: SignInContext): Promise<Response> {
  return handleAuthorizationErrors(async () => {
    const oauth = context.env.OAUTH_PROVIDER;
    // Only the consent page's own form is accepted; any other body is the client's mistake (400).
    const form = await request.formData().catch(() => undefined);
    if (!form)
      throw HttpError.page(
        'This sign-in link cannot be used',
        'The consent answer was not a form submission. Start connecting again from your app.',
      );
    const handle = String(form.get('handle') ?? '');
    if (form.get('decision') !== 'approve') {
      const denied = await oauth.denyConsent(request, handle);
      return new Response(null, { status: 302, headers: denied.headers });
    }
    const approved = await oauth.approveConsent(request, handle, { remember: remember(context.config) });
    return redirectToMicrosoft(approved.request, approved.headers, context);
  });
}

/** GET /callback: Microsoft sent the user back. */
export async function finishSignIn(request: Request, context: SignInContext): Promise<Response> {
  return handleAuthorizationErrors(async () => {
    const oauth = context.env.OAUTH_PROVIDER;
    const { request: original, data, headers } = await oauth.finishUpstream<UpstreamData>(request);
    const params = new URL(request.url).searchParams;
    const code = params.get('code');
    if (params.get('error') || !code) {
      // A recognisable Microsoft error gets its fix in plain words first; the app hears access_denied.
      const aadsts = aadstsCode(params.get('error_description'));
      const fix = aadsts === undefined ? undefined : signInFix(aadsts, context.config.publicBaseUrl);
      const back = authorizationErrorRedirect(original, 'access_denied', fix?.problem);
      if (fix) return signInErrorPage(fix, { back, headers });
      headers.set('Location', back);
      return new Response(null, { status: 302, headers });
    }
    let exchanged: Awaited<ReturnType<typeof exchangeMicrosoftCode>>;
    try {
      exchanged = await exchangeMicrosoftCode(context.config, code, data.verifier);
    } catch (error) {
      if (error instanceof MicrosoftTokenError) {
        const aadsts = error.errorCodes[0] ?? aadstsCode(error.description);
        if (aadsts !== undefined) return signInErrorPage(signInFix(aadsts, context.config.publicBaseUrl), { headers });
        throw HttpError.page(
          'Microsoft sign-in failed',
          `Microsoft did not accept the sign-in: ${error.description}. Start connecting again from your app.`,
        );
      }
      throw error;
    }
    const identity = identityFromMicrosoft(exchanged.identity);
    if (!tenantAllowed(context.config, identity)) {
      // Nothing is stored for an account of another organisation; its Microsoft tokens are dropped here.
      headers.set(
        'Location',
        authorizationErrorRedirect(
          original,
          'access_denied',
          'This gateway admits accounts of specific organisations only, and this account belongs to another.',
        ),
      );
      return new Response(null, { status: 302, headers });
    }
    const timeZone = await mailboxTimeZone(context.config, exchanged.tokens.accessToken);
    if (timeZone) identity.timeZone = timeZone;
    await tokenVaultFor(context.env, identity.userKey).store(identity.userKey, exchanged.tokens);
    // Microsoft was asked for everything the gateway needs (the vault serves all of the user's
    // clients); this client's grant holds only what it asked for and Microsoft granted.
    const asked = new Set(requestedScopes(original.scope, context.registry));
    const { redirectTo } = await oauth.completeAuthorization({
      request: original,
      userId: identity.userKey,
      metadata: { upn: identity.upn },
      scope: exchanged.tokens.scopes.filter((scope) => asked.has(scope)),
      props: identity,
    });
    headers.set('Location', redirectTo);
    return new Response(null, { status: 302, headers });
  });
}

async function redirectToMicrosoft(
  authRequest: AuthRequest,
  headers: Headers,
  context: SignInContext,
): Promise<Response> {
  const verifier = pkceVerifier();
  const upstream = await context.env.OAUTH_PROVIDER.beginUpstream(authRequest, {
    data: { verifier } satisfies UpstreamData,
    headers,
  });
  upstream.headers.set(
    'Location',
    microsoftAuthorizeUrl(context.config, {
      state: upstream.state,
      codeChallenge: await pkceChallenge(verifier),
      // The tools' permissions any user may grant, those needing an admin only when the client
      // asks for them (step-up), plus the gateway's own, to read the user's time zone.
      scopes: [...signInScopes(context.registry.scopes(), authRequest.scope), TIME_ZONE_SCOPE],
    }),
  );
  return new Response(null, { status: 302, headers: upstream.headers });
}

function remember(config: GatewayConfig) {
  // No subject: the gateway learns who the user is only from Microsoft, after consent.
  return { secret: config.cookieSecret };
}

/**
 * The Graph permissions a client asked for at /authorize, among those the gateway's tools use;
 * when it named none of them (a client that does not know the tools' scopes), all that a user may
 * grant: permissions needing a tenant administrator come only when asked for by name (step-up).
 */
export function requestedScopes(requested: readonly string[], registry: Registry): string[] {
  const supported = registry.scopes();
  const asked = supported.filter((scope) => requested.includes(scope));
  return asked.length > 0 ? asked : signInScopes(supported, []);
}

function consentPlugins(registry: Registry, scopes: readonly string[]): ConsentPlugin[] {
  // The registry's tools, not the plugins': a tool the deployment's policy disabled is not shown,
  // nor one needing a permission this client did not ask for (it could not call it).
  const asked = new Set(scopes);
  return registry.plugins.flatMap((plugin) => {
    const tools = registry.tools
      .filter((entry) => entry.plugin === plugin.name)
      .map((entry) => entry.tool)
      .filter((tool) => tool.scopes.every((scope) => asked.has(scope)));
    if (tools.length === 0) return [];
    return [
      {
        name: plugin.name,
        description: plugin.description,
        tools: tools.map((tool) => tool.name),
        scopes: [...new Set(tools.flatMap((tool) => tool.scopes))].sort(),
      },
    ];
  });
}

/** Errors the user or client caused are rendered (or redirected when the client is validated). */
async function handleAuthorizationErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AuthorizationError && error.redirectTo) return Response.redirect(error.redirectTo, 302);
    if (error instanceof AuthorizationError) {
      throw HttpError.page(
        'This sign-in link cannot be used',
        `${error.description} Start connecting again from your app.`,
      );
    }
    if (error instanceof CimdFetchError) {
      throw HttpError.page(
        'This app could not be verified',
        'Its client metadata document could not be fetched. Try again later or contact the app vendor.',
      );
    }
    throw error;
  }
}
