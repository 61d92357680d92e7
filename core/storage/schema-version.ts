/**
 * Schema versions of Durable Object storage. Each class lists its migrations; the version its
 * storage is at lives under the key `schema` (the object's key-value storage, beside its records
 * or SQLite tables) and the constructor brings it up to date before the object serves anything
 * (`blockConcurrencyWhile`). Storage written before versions existed reads as version 0, so the
 * first migration of a class must accept both nothing and the original shape; every migration
 * must be safe to run again on data already in its shape (a `deleteAll` also drops the marker).
 */

export interface Migration {
  /** The version this migration brings the storage to (1, 2, …, in order). */
  to: number;
  /** What changed, for the operator reading STORAGE.md and the log. */
  change: string;
  run(storage: DurableObjectStorage): void | Promise<void>;
}

export const SCHEMA_KEY = 'schema';

/**
 * Runs the migrations the storage has not had yet, in order, and records the version reached.
 *
 * @example
 * constructor(ctx: DurableObjectState, env: Env) {
 *   super(ctx, env);
 *   void ctx.blockConcurrencyWhile(() => upgradeStorage(ctx.storage, 'HandleStore', HANDLE_STORE_MIGRATIONS));
 * }
 */
export async function upgradeStorage(
  storage: DurableObjectStorage,
  owner: string,
  migrations: readonly Migration[],
): Promise<{ from: number; to: number }> {
  const from = (await storage.get<number>(SCHEMA_KEY)) ?? 0;
  const pending = migrations.filter((migration) => migration.to > from).sort((a, b) => a.to - b.to);
  const latest = migrations.reduce((max, migration) => Math.max(max, migration.to), 0);
  if (from > latest) {
    // Written by a newer deployment (a rollback): refuse to guess at a shape we do not know.
    throw new Error(`${owner} storage is at schema ${from}, newer than this code's ${latest}`);
  }
  for (const migration of pending) {
    await migration.run(storage);
    await storage.put(SCHEMA_KEY, migration.to);
    // A fresh object's versions are its creation, not migrations worth a line.
    if (from > 0)
      console.info(
        JSON.stringify({
          level: 'info',
          message: 'storage migrated',
          owner,
          to: migration.to,
          change: migration.change,
        }),
      );
  }
  return { from, to: Math.max(from, latest) };
}

/** The newest version a list of migrations reaches. */
export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, migration) => Math.max(max, migration.to), 0);
}
