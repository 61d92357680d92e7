/**
 * Who a grant belongs to. This is all the gateway stores in a workers-oauth-provider grant's
 * props: identity only, never a Microsoft token (those live in the user's TokenVault).
 */
import type { MicrosoftIdentity } from './microsoft';

export interface GatewayIdentity {
  /** `tenantId.objectId`: stable across sign-ins, names the user's TokenVault and sessions. */
  userKey: string;
  tenantId: string;
  objectId: string;
  upn: string;
  name: string;
  /** IANA time zone from the mailbox settings, when known. */
  timeZone?: string;
}

/**
 * The user key joins tenant id and object id with a dot: workers-oauth-provider refuses `:` in
 * user ids (it uses `:` in its own KV keys), and both ids are GUIDs, so the dot is unambiguous.
 */
export function identityFromMicrosoft(identity: MicrosoftIdentity): GatewayIdentity {
  return {
    userKey: `${identity.tenantId}.${identity.objectId}`,
    tenantId: identity.tenantId,
    objectId: identity.objectId,
    upn: identity.upn,
    name: identity.name,
  };
}

export function isGatewayIdentity(value: unknown): value is GatewayIdentity {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['userKey', 'tenantId', 'objectId', 'upn', 'name'].every((key) => typeof record[key] === 'string');
}
