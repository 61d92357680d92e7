/**
 * Graph permissions that need a tenant administrator's consent are never part of a first sign-in:
 * one of them makes Microsoft refuse the whole sign-in (AADSTS65001/90094) where no administrator
 * has approved it, and the user could not use even the tools that need nothing special. They are
 * asked for on step-up only, when the client re-authorizes for a tool that needs them, and the
 * step-up error says what the administrator must approve.
 */
import { needsAdminConsent } from './graph-permissions';

/**
 * The Graph permissions to ask Microsoft for in a sign-in: every permission of `enabled` a user may
 * grant, plus those needing an administrator that the client asked for (`requested`, its step-up scope).
 *
 * @example
 * signInScopes(['ChannelMessage.Read.All', 'Mail.Read'], []); // ['Mail.Read']
 * signInScopes(['ChannelMessage.Read.All', 'Mail.Read'], ['ChannelMessage.Read.All']); // both
 */
export function signInScopes(enabled: readonly string[], requested: readonly string[]): string[] {
  const asked = new Set(requested);
  return enabled.filter((scope) => !needsAdminConsent(scope) || asked.has(scope));
}
