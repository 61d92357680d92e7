/**
 * What one client's grant allows, as it travels with the identity from the bearer check to the
 * session or stateless server: the client, the grant (for revocation) and the Graph permissions
 * this client was granted (`ctx.auth.scope`), which bound every call it makes on any transport.
 */
import type { OAuthResourceAuth } from '@cloudflare/workers-oauth-provider';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

export interface ClientGrant {
  clientId: string;
  /** The workers-oauth-provider grant the bearer belongs to (tokens are `userId:grantId:secret`). */
  grantId: string;
  scopes: string[];
}

/** Internal header carrying the grant from the Worker to a session (a client's own copy is replaced). */
export const GRANT_HEADER = 'x-gateway-grant';

/**
 * The grant behind a validated bearer, or undefined when the provider reported no client.
 *
 * @example
 * const grant = clientGrant(ctx.auth); // { clientId, grantId, scopes: ['Mail.Read'] }
 */
export function clientGrant(auth: OAuthResourceAuth | undefined): ClientGrant | undefined {
  if (!auth?.clientId) return undefined;
  const grantId = auth.token.split(':')[1];
  if (!grantId) return undefined;
  return { clientId: auth.clientId, grantId, scopes: [...auth.scope] };
}

export function isClientGrant(value: unknown): value is ClientGrant {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.clientId === 'string' &&
    typeof record.grantId === 'string' &&
    Array.isArray(record.scopes) &&
    record.scopes.every((scope) => typeof scope === 'string')
  );
}

/**
 * The MCP SDK's per-message auth record for a grant. The SDK hands it to each request handler
 * as `extra.authInfo`; the token itself never leaves the Worker, so it is left empty.
 *
 * @example
 * transport.handleRequest(request, { parsedBody, authInfo: grantAuthInfo(grant) });
 */
export function grantAuthInfo(grant: ClientGrant): AuthInfo {
  return { token: '', clientId: grant.clientId, scopes: [...grant.scopes], extra: { grantId: grant.grantId } };
}
