/**
 * Microsoft Graph's delegated permissions and whether each needs a tenant administrator's consent.
 *
 * The list is Microsoft's own: every permission with a `DelegatedWork` scheme in the data file the
 * permissions reference (https://learn.microsoft.com/en-us/graph/permissions-reference) is generated
 * from, `permissions/new/permissions.json` in microsoftgraph/microsoft-graph-devx-content, taken on
 * the date in graph-permissions.json (`source`, `data`, `taken`), with its `requiresAdminConsent`
 * flag. OIDC scopes (`openid`, `profile`, `email`, `offline_access`) are not Graph permissions and
 * are not listed. To refresh it, regenerate the JSON from a newer copy of that file.
 *
 * Why the gateway needs it: one admin-only permission in a sign-in makes Microsoft refuse the
 * whole sign-in (AADSTS65001/90094) in a tenant whose administrator has not consented, so those
 * permissions are asked for only when a tool that needs them is called (step-up).
 */
import list from './graph-permissions.json';

const delegated: Readonly<Record<string, boolean>> = list.delegated;
const byLowerCase = new Map(Object.keys(delegated).map((name) => [name.toLowerCase(), name]));

/** Where the list came from and when it was taken. */
export const GRAPH_PERMISSIONS_SOURCE = { source: list.source, data: list.data, taken: list.taken } as const;

/**
 * Whether `name` is a Microsoft Graph delegated permission (exact spelling; Microsoft's own casing).
 *
 * @example
 * isDelegatedPermission('Mail.Read'); // true
 * isDelegatedPermission('Mail.Reed'); // false
 */
export function isDelegatedPermission(name: string): boolean {
  return Object.hasOwn(delegated, name);
}

/**
 * Whether a tenant administrator must consent to the delegated permission `name` before any user
 * can grant it. Unknown names answer false: the build (scripts/plugin-checks.ts) rejects them first.
 *
 * @example
 * needsAdminConsent('ChannelMessage.Read.All'); // true
 * needsAdminConsent('Mail.Send'); // false
 */
export function needsAdminConsent(name: string): boolean {
  return Object.hasOwn(delegated, name) && delegated[name] === true;
}

/**
 * Microsoft's spelling of a permission whose name differs only in case (`mail.read` → `Mail.Read`),
 * for an error message that suggests the right name; undefined if there is none.
 *
 * @example
 * canonicalPermissionName('mail.read'); // 'Mail.Read'
 */
export function canonicalPermissionName(name: string): string | undefined {
  return byLowerCase.get(name.toLowerCase());
}

/** The given permissions split into those any user may grant and those an administrator must approve. */
export function splitByAdminConsent(scopes: readonly string[]): { user: string[]; admin: string[] } {
  const user: string[] = [];
  const admin: string[] = [];
  for (const scope of scopes) (needsAdminConsent(scope) ? admin : user).push(scope);
  return { user, admin };
}
