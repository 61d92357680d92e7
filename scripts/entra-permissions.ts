/**
 * How `npm run entra-app` lists the delegated Graph permissions: each one that needs a tenant
 * administrator's consent (per Microsoft's permissions reference) is marked `(admin)`.
 */
import { needsAdminConsent } from '../core/auth/graph-permissions';

/**
 * @example
 * describePermissions(['Mail.Read', 'ChannelMessage.Read.All']).list; // 'Mail.Read, ChannelMessage.Read.All (admin)'
 */
export function describePermissions(scopes: readonly string[]): { list: string; note: string } {
  const list = scopes.map((scope) => (needsAdminConsent(scope) ? `${scope} (admin)` : scope)).join(', ');
  const note = scopes.some(needsAdminConsent)
    ? `Permissions marked (admin) need a tenant administrator's consent. The gateway never asks for them at the first
sign-in, only when a tool that needs them is called; until an administrator consents, those tools answer with
what to approve.`
    : 'None of these permissions needs a tenant administrator: each user consents at sign-in.';
  return { list, note };
}
