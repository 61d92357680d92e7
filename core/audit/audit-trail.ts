/**
 * The user's audit trail of writes, a SQLite table in their HandleStore (one per user): per write
 * tool call, when, which client, which tool, the handles of the items it named and its outcome —
 * never arguments or content. Rows older than the retention (AUDIT_RETENTION_DAYS) are deleted by
 * the store's alarm, and the newest MAX_AUDIT_ROWS are kept at most.
 */

/** One audited write tool call. */
export interface AuditEntry {
  /** When the call started (epoch ms). */
  at: number;
  tool: string;
  /** The MCP client's id (empty when unknown). */
  client: string;
  /** Handles of the items the call named. */
  items: string[];
  /** The call's outcome (ok, tool_error, internal_error). */
  outcome: string;
  /** The writes the tool reported: `action outcome ×count`, e.g. `markRead confirmed ×3`. */
  writes: string[];
}

/** A bound on one user's rows whatever the retention: past it, the oldest go first. */
export const MAX_AUDIT_ROWS = 5_000;
const MAX_ITEMS = 100;
const MAX_TEXT = 200;

export const AUDIT_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS audit (at INTEGER NOT NULL, tool TEXT NOT NULL, client TEXT NOT NULL, items TEXT NOT NULL, outcome TEXT NOT NULL, writes TEXT NOT NULL)';
export const AUDIT_INDEX_SQL = 'CREATE INDEX IF NOT EXISTS audit_at ON audit (at)';

/** Bounded and typed: the entries come over RPC from the session object. */
export function validAuditEntry(entry: AuditEntry): boolean {
  return (
    typeof entry === 'object' &&
    entry !== null &&
    Number.isFinite(entry.at) &&
    [entry.tool, entry.client, entry.outcome].every((text) => typeof text === 'string' && text.length <= MAX_TEXT) &&
    Array.isArray(entry.items) &&
    entry.items.length <= MAX_ITEMS &&
    entry.items.every((item) => typeof item === 'string' && item.length <= 64) &&
    Array.isArray(entry.writes) &&
    entry.writes.length <= MAX_ITEMS &&
    entry.writes.every((write) => typeof write === 'string' && write.length <= MAX_TEXT)
  );
}

export function appendAudit(sql: SqlStorage, entries: readonly AuditEntry[]): number {
  const valid = entries.filter(validAuditEntry);
  for (const entry of valid) {
    sql.exec(
      'INSERT INTO audit (at, tool, client, items, outcome, writes) VALUES (?, ?, ?, ?, ?, ?)',
      entry.at,
      entry.tool,
      entry.client,
      JSON.stringify(entry.items),
      entry.outcome,
      JSON.stringify(entry.writes),
    );
  }
  const count = countAudit(sql);
  if (count > MAX_AUDIT_ROWS)
    sql.exec(
      'DELETE FROM audit WHERE rowid IN (SELECT rowid FROM audit ORDER BY at ASC, rowid ASC LIMIT ?)',
      count - MAX_AUDIT_ROWS,
    );
  return valid.length;
}

/** Newest first. */
export function listAudit(sql: SqlStorage, limit: number): AuditEntry[] {
  return sql
    .exec<{ at: number; tool: string; client: string; items: string; outcome: string; writes: string }>(
      'SELECT at, tool, client, items, outcome, writes FROM audit ORDER BY at DESC, rowid DESC LIMIT ?',
      limit,
    )
    .toArray()
    .map((row) => ({
      at: row.at,
      tool: row.tool,
      client: row.client,
      items: JSON.parse(row.items) as string[],
      outcome: row.outcome,
      writes: JSON.parse(row.writes) as string[],
    }));
}

/** Deletes rows from before `before` (ms); returns how many remain. */
export function expireAudit(sql: SqlStorage, before: number): number {
  sql.exec('DELETE FROM audit WHERE at < ?', before);
  return countAudit(sql);
}

export function countAudit(sql: SqlStorage): number {
  return sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM audit').one().n;
}
