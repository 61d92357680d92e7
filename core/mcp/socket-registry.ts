/**
 * SocketRegistry — one Durable Object per user (named by user key) that lists the user's open
 * MCP WebSockets by grant. A WebSocket is authorised once, at its upgrade; without this list a
 * revoked client's socket would keep working until its token expired. Revoking a grant looks up
 * its sockets here and closes them at once (core/mcp/revoke-sockets.ts).
 *
 * Entries are `grantId/sessionId` keys: written when a session accepts a socket, deleted when it
 * closes, taken (read and deleted) by a revocation.
 */
import { DurableObject } from 'cloudflare:workers';
import { type Migration, upgradeStorage } from '../storage/schema-version';

/** SocketRegistry's schema versions (STORAGE.md); storage from before versions existed is at 0. */
export const SOCKET_REGISTRY_MIGRATIONS: readonly Migration[] = [
  // Version 1 is the shape entries always had (`grantId/sessionId` → true); nothing to convert.
  { to: 1, change: '`grantId/sessionId` entries', run: () => undefined },
];

export class SocketRegistry extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(() => upgradeStorage(ctx.storage, 'SocketRegistry', SOCKET_REGISTRY_MIGRATIONS));
  }

  async add(grantId: string, sessionId: string): Promise<void> {
    await this.ctx.storage.put(`${grantId}/${sessionId}`, true);
  }

  async remove(grantId: string, sessionId: string): Promise<void> {
    await this.ctx.storage.delete(`${grantId}/${sessionId}`);
  }

  /** The session ids of a grant's open sockets (every grant's when none is named), forgotten as they are returned. */
  async take(grantId?: string): Promise<Array<{ grantId: string; sessionId: string }>> {
    const entries = await this.ctx.storage.list(grantId === undefined ? {} : { prefix: `${grantId}/` });
    // Socket entries only: the schema version sits beside them.
    const keys = [...entries.keys()].filter((key) => key.includes('/'));
    if (keys.length > 0) await this.ctx.storage.delete(keys);
    return keys.map((key) => {
      const cut = key.indexOf('/');
      return { grantId: key.slice(0, cut), sessionId: key.slice(cut + 1) };
    });
  }
}

/**
 * @example
 * await socketRegistryFor(env, userKey).add(grant.grantId, sessionId);
 */
export function socketRegistryFor(env: Env, userKey: string): DurableObjectStub<SocketRegistry> {
  return env.SOCKET_REGISTRY.get(env.SOCKET_REGISTRY.idFromName(userKey));
}
