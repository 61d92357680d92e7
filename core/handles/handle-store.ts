/**
 * `HandleStore`: one SQLite-backed Durable Object per user (named by the user key) holding that
 * user's handles, so a handle shown in any session, client or transport resolves in any other of
 * the same user, survives eviction and redeploys, and means nothing to anyone else. The rules are
 * in handle-book.ts; the bound and expiry are documented in STORAGE.md.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  type HandleEntry,
  type HandleRow,
  type HandleStoreApi,
  type HandleTable,
  type RecordAnswer,
  type ResolveAnswer,
  recordIn,
  resolveIn,
} from './handle-book';

export class HandleStore extends DurableObject<Env> implements HandleStoreApi {
  private readonly table: HandleTable;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(
      'CREATE TABLE IF NOT EXISTS handles (handle TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, shown INTEGER NOT NULL)',
    );
    sql.exec('CREATE INDEX IF NOT EXISTS handles_shown ON handles (shown)');
    this.table = {
      get: (handle) =>
        sql
          .exec<HandleRow & Record<string, SqlStorageValue>>(
            'SELECT handle, kind, id, shown FROM handles WHERE handle = ?',
            handle,
          )
          .toArray()[0],
      // REPLACE gives the row a new rowid, so rowid order is recency order among equal `shown` times.
      put: (row) => {
        sql.exec(
          'INSERT OR REPLACE INTO handles (handle, kind, id, shown) VALUES (?, ?, ?, ?)',
          row.handle,
          row.kind,
          row.id,
          row.shown,
        );
      },
      prune: (before, max) => {
        sql.exec('DELETE FROM handles WHERE shown < ?', before);
        const count = sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM handles').one().n;
        if (count > max) {
          sql.exec(
            'DELETE FROM handles WHERE handle IN (SELECT handle FROM handles ORDER BY shown ASC, rowid ASC LIMIT ?)',
            count - max,
          );
        }
      },
    };
  }

  async resolve(handles: string[]): Promise<ResolveAnswer> {
    return resolveIn(this.table, handles.filter(isShortString), Date.now());
  }

  async record(entries: HandleEntry[]): Promise<RecordAnswer> {
    const valid = entries.filter(
      (e) => isShortString(e.handle) && typeof e.kind === 'string' && typeof e.id === 'string' && e.id.length <= 4096,
    );
    // One transaction: the batch lands whole (and costs one storage write).
    return this.ctx.storage.transactionSync(() => recordIn(this.table, valid, Date.now()));
  }
}

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 32;
}

/**
 * The user's store.
 *
 * @example
 * const { found } = await handleStoreFor(env, identity.userKey).resolve(['m7k2qx']);
 */
export function handleStoreFor(env: Env, userKey: string): DurableObjectStub<HandleStore> {
  return env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName(userKey));
}
