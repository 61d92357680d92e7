/**
 * `HandleStore`: one SQLite-backed Durable Object per user (named by the user key) holding that
 * user's handles, so a handle shown in any session, client or transport resolves in any other of
 * the same user, survives eviction and redeploys, and means nothing to anyone else. The rules are
 * in handle-book.ts; the bound and expiry are documented in STORAGE.md. It also keeps the user's
 * audit trail of writes (core/audit/audit-trail.ts), expired by its alarm.
 */
import { DurableObject } from 'cloudflare:workers';
import {
  AUDIT_INDEX_SQL,
  AUDIT_TABLE_SQL,
  type AuditEntry,
  appendAudit,
  countAudit,
  expireAudit,
  listAudit,
} from '../audit/audit-trail';
import { loadConfig } from '../config/config';
import { type Migration, upgradeStorage } from '../storage/schema-version';
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
    void ctx.blockConcurrencyWhile(() => upgradeStorage(ctx.storage, 'HandleStore', HANDLE_STORE_MIGRATIONS));
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

  /** Adds audited write calls; the alarm that expires them is set if none is. */
  async appendAudit(entries: AuditEntry[]): Promise<number> {
    if (!Array.isArray(entries)) return 0;
    const added = this.ctx.storage.transactionSync(() => appendAudit(this.ctx.storage.sql, entries));
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + AUDIT_SWEEP_MS);
    return added;
  }

  /** The user's audit trail, newest first (expired rows are never shown, even before the alarm). */
  async listAudit(limit = 100): Promise<AuditEntry[]> {
    this.expire();
    return listAudit(this.ctx.storage.sql, Math.max(1, Math.min(500, Math.floor(limit) || 100)));
  }

  /** Deletes expired audit rows; looks again tomorrow while any remain. */
  override async alarm(): Promise<void> {
    if (this.expire() > 0) await this.ctx.storage.setAlarm(Date.now() + AUDIT_SWEEP_MS);
  }

  /** "Forget me": deletes everything of the user here; says how many handles and audit records went. */
  async forget(): Promise<{ handles: number; auditRecords: number }> {
    const sql = this.ctx.storage.sql;
    const handles = sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM handles').one().n;
    const auditRecords = countAudit(sql);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // deleteAll drops the tables too: recreate them so this object keeps working for a new sign-in.
    await upgradeStorage(this.ctx.storage, 'HandleStore', HANDLE_STORE_MIGRATIONS);
    return { handles, auditRecords };
  }

  private expire(): number {
    const loaded = loadConfig(this.env);
    // Only reachable with a valid configuration; 90 days is the documented default otherwise.
    const days = loaded.ok ? loaded.config.auditRetentionDays : 90;
    return expireAudit(this.ctx.storage.sql, Date.now() - days * 24 * 60 * 60_000);
  }
}

/** How often the alarm looks for expired audit rows while any are kept. */
const AUDIT_SWEEP_MS = 24 * 60 * 60_000;

/** HandleStore's schema versions (STORAGE.md); storage from before versions existed is at 0. */
export const HANDLE_STORE_MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    change: 'handles table',
    run: ({ sql }) => {
      sql.exec(
        'CREATE TABLE IF NOT EXISTS handles (handle TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, shown INTEGER NOT NULL)',
      );
      sql.exec('CREATE INDEX IF NOT EXISTS handles_shown ON handles (shown)');
    },
  },
  {
    to: 2,
    change: 'audit table (the audit trail of writes)',
    run: ({ sql }) => {
      sql.exec(AUDIT_TABLE_SQL);
      sql.exec(AUDIT_INDEX_SQL);
    },
  },
];

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
