/**
 * The push half of revocation: when a grant ends, its open WebSockets are closed (code 4401)
 * before the revoking request is answered, so the revoked client cannot run another call.
 */
import { sessionObjectName } from './mcp-session';
import { socketRegistryFor } from './socket-registry';

/**
 * Closes the open sockets of one grant of a user, or of all the user's grants.
 *
 * @example
 * await oauth.revokeGrant(grant.id, userKey);
 * await closeGrantSockets(env, userKey, grant.id);
 */
export async function closeGrantSockets(env: Env, userKey: string, grantId?: string): Promise<number> {
  const open = await socketRegistryFor(env, userKey).take(grantId);
  await Promise.all(
    open.map(({ grantId: grant, sessionId }) =>
      env.MCP_SESSION.get(env.MCP_SESSION.idFromName(sessionObjectName(userKey, sessionId))).closeRevoked(grant),
    ),
  );
  return open.length;
}
