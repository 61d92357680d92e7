/**
 * Scope syntax. A tool declares Microsoft Graph *delegated permission names* (`Mail.Read`,
 * `Calendars.Read.Shared`, `User.ReadBasic.All`). The gateway adds the OIDC scopes itself and
 * asks Microsoft for the union of enabled tools' scopes, so anything else here would either widen
 * consent silently (`.default`, wildcards) or break the authorize request (URLs, blanks).
 */
import { PluginError } from './errors';

/**
 * `Resource.Permission[.Qualifier…]`. Case is left to the build, which checks names against
 * Microsoft's published list and can say "did you mean Mail.Read" for `mail.read`.
 */
const SCOPE_PATTERN = /^[A-Za-z]+(\.[A-Za-z]+)+$/;

/** Scopes the gateway requests on its own; declaring them on a tool is a mistake. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/**
 * Why `scope` is not a well-formed delegated permission name, or `undefined` when it is. The
 * answer completes "…, which is …" in the registration error.
 *
 * @example
 * scopeProblem('Mail.Read'); // undefined
 * scopeProblem('https://graph.microsoft.com/Mail.Read'); // 'a resource-qualified scope'
 */
export function scopeProblem(scope: unknown): string | undefined {
  if (typeof scope !== 'string') return 'not a string';
  if (scope.trim() === '') return 'empty';
  if (scope !== scope.trim() || /\s/.test(scope)) return 'a name with whitespace in it';
  if (OIDC_SCOPES.has(scope.toLowerCase())) return 'an OpenID Connect scope the gateway requests itself';
  if (scope.includes('://') || scope.includes('/')) return 'a resource-qualified scope';
  if (scope.toLowerCase().endsWith('.default')) return 'a .default scope';
  if (scope.includes('*')) return 'a wildcard';
  if (!SCOPE_PATTERN.test(scope)) return 'not in the form Resource.Permission';
  return undefined;
}

/**
 * Throws `GATEWAY_PLUGIN_BAD_SCOPE` unless every scope of the tool is well formed and, for plugin
 * tools, there is at least one (only the gateway's own tools may need none).
 *
 * @example
 * assertToolScopes('mail', 'getEmails', ['Mail.Read'], { requireOne: true });
 */
export function assertToolScopes(
  plugin: string,
  tool: string,
  scopes: readonly unknown[],
  options: { requireOne: boolean },
): void {
  const example = 'a Microsoft Graph delegated permission such as "Mail.Read" or "Calendars.ReadWrite"';
  if (options.requireOne && scopes.length === 0) {
    throw new PluginError(
      'GATEWAY_PLUGIN_BAD_SCOPE',
      plugin,
      `Plugin "${plugin}": tool "${tool}" declares no scopes. Declare the least-privilege ${example}.`,
    );
  }
  for (const scope of scopes) {
    const problem = scopeProblem(scope);
    if (problem !== undefined) {
      throw new PluginError(
        'GATEWAY_PLUGIN_BAD_SCOPE',
        plugin,
        `Plugin "${plugin}": tool "${tool}" declares scope ${JSON.stringify(scope)}, which is ${problem}. ` +
          `Use ${example}.`,
      );
    }
  }
}
