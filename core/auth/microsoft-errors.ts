/**
 * What a failed refresh at Microsoft's token endpoint means for the user's sign-in. Microsoft
 * reports most refusals as `invalid_grant`; the AADSTS number (`error_codes`) and the `suberror`
 * tell apart a sign-in that has ended from one that only needs the user in a browser once:
 *
 * - `interaction_required`: the sign-in still exists, but Microsoft wants the user to do something
 *   first: multi-factor authentication (AADSTS50076, 50079, 50072, 50074, 50158), a conditional
 *   access requirement (53000–53004), a password change or reset (50173, 50133, 50055, 50144) or
 *   consent (65001). Microsoft reports these as `interaction_required`, or as `invalid_grant` with
 *   one of those codes or a suberror such as `basic_action`. The tokens and the gateway's grants
 *   are kept: signing in again in a browser puts it right, and a reconnect of every app is not needed.
 * - `ended`: the refresh token is expired, revoked or unknown (`invalid_grant` otherwise).
 * - `unavailable`: no answer, a timeout, a 5xx or `temporarily_unavailable`: try again later.
 */
import type { MicrosoftTokenError } from './microsoft';

export type RefreshFailureKind = 'interaction_required' | 'ended' | 'unavailable';

/** AADSTS numbers that ask for the user's interaction rather than ending the sign-in. */
export const INTERACTION_REQUIRED_CODES: ReadonlySet<number> = new Set([
  50055, // password expired
  50072, // user must enrol in multi-factor authentication
  50074, // strong authentication required
  50076, // multi-factor authentication required (configuration change or new location)
  50079, // multi-factor authentication registration required
  50133, // session invalid after a password expiry or recent password change
  50144, // Active Directory password expired
  50158, // external security challenge not satisfied
  50173, // fresh sign-in needed after the grant was revoked by a password change
  53000, // conditional access: device not compliant
  53001, // conditional access: device not domain joined
  53002, // conditional access: application not approved
  53003, // blocked by conditional access
  53004, // proof-up (security info registration) required
  65001, // consent required
]);

/** The `error` values and `suberror`s with which Microsoft asks for the user (as MSAL reads them). */
const INTERACTION_ERRORS = new Set(['interaction_required', 'consent_required', 'login_required']);
const INTERACTION_SUBERRORS = new Set([
  'basic_action',
  'additional_action',
  'message_only',
  'consent_required',
  'user_password_expired',
]);

/**
 * @example
 * refreshFailureKind(new MicrosoftTokenError('invalid_grant', 'AADSTS50076: …', 400, [50076])); // 'interaction_required'
 * refreshFailureKind(new MicrosoftTokenError('invalid_grant', 'AADSTS700082: …', 400, [700082])); // 'ended'
 */
export function refreshFailureKind(error: MicrosoftTokenError): RefreshFailureKind {
  if (
    INTERACTION_ERRORS.has(error.error) ||
    (error.suberror !== undefined && INTERACTION_SUBERRORS.has(error.suberror)) ||
    (error.error === 'invalid_grant' && error.errorCodes.some((code) => INTERACTION_REQUIRED_CODES.has(code)))
  ) {
    return 'interaction_required';
  }
  if (error.error === 'invalid_grant') return 'ended';
  return 'unavailable';
}
