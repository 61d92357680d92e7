/**
 * The per-client scope rule itself, free of any transport: which permissions a call needs that a
 * grant lacks, and what the model is told. Used by the HTTP step-up (scope-check.ts) and by every
 * MCP server's tool-call and resource-read path (core/mcp/mcp-server.ts, mcp-resources.ts).
 */
import { splitByAdminConsent } from './graph-permissions';

/** The scopes of `needed` that `granted` lacks, sorted. */
export function scopesLacking(needed: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return [...new Set(needed.filter((scope) => !have.has(scope)))].sort();
}

/**
 * What the model is told when its client's grant lacks permissions: which ones, and how to get them.
 *
 * @example
 * insufficientScopeMessage(['Mail.Send'], 'This tool');
 */
export function insufficientScopeMessage(missing: readonly string[], what: string): string {
  const { user, admin } = splitByAdminConsent(missing);
  const list = (names: readonly string[]) => `permission${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
  const them = (names: readonly string[]) => (names.length === 1 ? 'it' : 'them');
  const parts: string[] = [];
  if (user.length > 0) {
    parts.push(
      `${what} needs the Microsoft Graph ${list(user)}, which this app was not granted. ` +
        `Authorize this app again asking for ${them(user)} (scope ${user.join(' ')}), then retry.`,
    );
  }
  if (admin.length > 0) {
    // Asked for on step-up only (core/auth/admin-consent.ts): Microsoft refuses it until an administrator approves.
    parts.push(
      `${user.length > 0 ? 'It also needs' : `${what} needs`} the Microsoft Graph ${list(admin)}, which a tenant ` +
        `administrator must approve for this app first (Microsoft Entra admin center → Enterprise applications → ` +
        `this app → Permissions → Grant admin consent). Once an administrator has approved ${them(admin)}, ` +
        `authorize this app again asking for ${them(admin)} (scope ${admin.join(' ')}).`,
    );
  }
  return parts.join(' ');
}
