/**
 * Graph permissions that need a tenant administrator's consent are never part of a first sign-in:
 * one of them makes Microsoft refuse the whole sign-in (AADSTS65001/90094) where no administrator
 * has approved it, and the user could not use even the tools that need nothing special. They are
 * asked for on step-up only, when the client re-authorizes for a tool that needs them, and the
 * step-up error says what the administrator must approve.
 */
import { needsAdminConsent, splitByAdminConsent } from './graph-permissions';

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

/**
 * What a client is told when a tool needs permissions its grant lacks (the step-up challenge).
 *
 * @example
 * missingPermissionsMessage(['ChannelMessage.Read.All']);
 * // 'This tool needs the Microsoft Graph permission ChannelMessage.Read.All, which needs a tenant administrator's consent: …'
 */
export function missingPermissionsMessage(missing: readonly string[]): string {
  const { user, admin } = splitByAdminConsent(missing);
  const list = (names: readonly string[]) => `permission${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
  const parts: string[] = [];
  if (user.length > 0) {
    parts.push(
      `This tool needs the Microsoft Graph ${list(user)}, which this sign-in was not granted. Sign in again to grant ${user.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (admin.length > 0) {
    parts.push(
      `${user.length > 0 ? 'It also needs' : 'This tool needs'} the Microsoft Graph ${list(admin)}, which a tenant ` +
        `administrator must approve for this app first (Microsoft Entra admin center → Enterprise applications → ` +
        `this app → Permissions → Grant admin consent). Once an administrator has approved ` +
        `${admin.length === 1 ? 'it' : 'them'}, sign in again to use this tool.`,
    );
  }
  return parts.join(' ');
}
