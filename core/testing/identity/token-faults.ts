/**
 * Faults of Microsoft's token endpoint for the refresh grant, as MSW handlers placed in front of
 * the identity mock (`server.use(...)`): hold refreshes until the test releases them, or answer
 * them with one of Microsoft's errors. Authorization-code requests pass through untouched, so a
 * test can sign in again while a refresh is held.
 */
import { http, type RequestHandler } from 'msw';
import { tokenError } from './responses';

export interface MicrosoftRefreshError {
  error: string;
  /** The AADSTS number, e.g. 50076 (multi-factor authentication required). */
  code: number;
  message: string;
  status?: number;
  suberror?: string;
}

/** Errors Microsoft answers a refresh with, shaped as it sends them (error, AADSTS code, suberror). */
export const MICROSOFT_REFRESH_ERRORS = {
  mfaRequired: {
    error: 'invalid_grant',
    code: 50076,
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
    suberror: 'basic_action',
  },
  conditionalAccessBlocked: {
    error: 'invalid_grant',
    code: 53003,
    message: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
    suberror: 'message_only',
  },
  passwordChanged: {
    error: 'invalid_grant',
    code: 50173,
    message: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  },
  interactionRequired: {
    error: 'interaction_required',
    code: 50079,
    message:
      'Due to a configuration change made by your administrator, you must enroll in multi-factor authentication.',
  },
  expired: {
    error: 'invalid_grant',
    code: 700082,
    message: 'The refresh token has expired due to inactivity.',
  },
  unavailable: {
    error: 'temporarily_unavailable',
    code: 90006,
    message: 'The server is temporarily unable to handle the request. Please try again later.',
    status: 503,
  },
} satisfies Record<string, MicrosoftRefreshError>;

async function isRefresh(request: { clone(): { text(): Promise<string> } }): Promise<boolean> {
  return new URLSearchParams(await request.clone().text()).get('grant_type') === 'refresh_token';
}

function tokenUrl(authorityOrigin: string): string {
  return `${authorityOrigin}/:tenant/oauth2/v2.0/token`;
}

/** Every refresh is answered with `failure`. */
export function failRefreshes(authorityOrigin: string, failure: MicrosoftRefreshError): RequestHandler {
  return http.post(tokenUrl(authorityOrigin), async ({ request }) => {
    if (!(await isRefresh(request))) return undefined;
    return tokenError(
      authorityOrigin,
      failure.error,
      failure.code,
      failure.message,
      failure.status ?? 400,
      failure.suberror,
    );
  });
}

export interface HeldRefreshes {
  handler: RequestHandler;
  /** Resolves when the first refresh has reached the token endpoint (and is being held). */
  arrived: Promise<void>;
  /** Lets held refreshes go on: to the identity mock, or answered with `failure`. */
  release(failure?: MicrosoftRefreshError): void;
}

/**
 * Holds refresh requests at the token endpoint until `release()`, so a test can act (sign in
 * again, sign out) while a refresh is in flight, deterministically.
 */
export function holdRefreshes(authorityOrigin: string): HeldRefreshes {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  let letGo!: (failure: MicrosoftRefreshError | undefined) => void;
  const released = new Promise<MicrosoftRefreshError | undefined>((resolve) => {
    letGo = resolve;
  });
  const handler = http.post(tokenUrl(authorityOrigin), async ({ request }) => {
    if (!(await isRefresh(request))) return undefined;
    arrive();
    const failure = await released;
    if (!failure) return undefined; // on to the identity mock, which rotates the refresh token
    return tokenError(
      authorityOrigin,
      failure.error,
      failure.code,
      failure.message,
      failure.status ?? 400,
      failure.suberror,
    );
  });
  return { handler, arrived, release: (failure) => letGo(failure) };
}
