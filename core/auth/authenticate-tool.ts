/**
 * The built-in `authenticate` tool: who is signed in, which Microsoft Graph permissions the
 * enabled tools need and which of them THIS app was granted (its grant's scopes, `ctx.grantedScopes`,
 * not everything the user's Microsoft token holds for all their apps), when the Microsoft token
 * expires, and how to get what is missing. It reads the vault's status only: no token, secret or
 * Graph call.
 */
import * as v from 'valibot';
import { accountKindOf, defineTool, type Tool } from '../plugin';
import type { VaultStatus } from './token-vault';

export interface AuthenticateToolOptions {
  /** Graph permissions the deployment's enabled tools need (read when called). */
  neededScopes(): readonly string[];
  /** The user's TokenVault status. */
  vaultStatus(userKey: string): Promise<VaultStatus>;
  /** Where a signed-in user grants missing permissions (the connected-apps consent sign-in). */
  consentUrl: string;
  /** The enabled tools that serve work or school accounts only (read when called). */
  workOnlyTools?(): readonly string[];
}

/**
 * @example
 * createRegistry(plugins, { builtinTools: [authenticateTool({ neededScopes: () => registry.scopes(), vaultStatus, consentUrl })] });
 */
export function authenticateTool(options: AuthenticateToolOptions): Tool {
  return defineTool({
    name: 'authenticate',
    title: 'Microsoft 365 sign-in status',
    description:
      'Shows the signed-in Microsoft 365 user, granted vs. needed permissions, token expiry, and a consent URL if any permission is missing.',
    input: v.object({}),
    scopes: [],
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async run(_args, ctx) {
      const status = await options.vaultStatus(ctx.user.key);
      const needed = [...options.neededScopes()].sort();
      const fromMicrosoft = new Set(status.scopes);
      const granted = [...(ctx.grantedScopes ?? status.scopes)].sort();
      const missing = needed.filter((scope) => !granted.includes(scope));
      const lines = [
        `user: ${ctx.user.name} <${ctx.user.upn}>`,
        `tenant: ${ctx.user.tenantId}`,
        `needed: ${needed.join(', ') || '(none)'}`,
        `granted to this app: ${granted.join(', ') || '(none)'}`,
      ];
      const hidden = accountKindOf(ctx.user) === 'personal' ? [...(options.workOnlyTools?.() ?? [])].sort() : [];
      if (hidden.length > 0) {
        lines.push(
          `hidden (work or school accounts only; you are signed in with a personal Microsoft account): ${hidden.join(', ')}`,
        );
      }
      if (!status.signedIn) {
        lines.push('microsoft sign-in: none stored — reconnect this app to the gateway (sign in again).');
      } else if (status.expiresAt !== undefined) {
        lines.push(`microsoft token expires: ${new Date(status.expiresAt).toISOString()} (refreshed automatically)`);
      }
      if (missing.length > 0) {
        lines.push(`missing: ${missing.join(', ')}`);
        const notFromMicrosoft = missing.filter((scope) => !fromMicrosoft.has(scope));
        // Microsoft holds them for the user's other apps: this app only has to ask for them.
        if (notFromMicrosoft.length < missing.length)
          lines.push(`to get them: authorize this app again asking for scope "${missing.join(' ')}".`);
        if (notFromMicrosoft.length > 0)
          lines.push(`consent URL (open in a browser, then reconnect this app): ${options.consentUrl}`);
      } else if (status.signedIn) {
        lines.push('all needed permissions are granted.');
      }
      return lines.join('\n');
    },
  });
}
