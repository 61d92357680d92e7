/**
 * A user's handles and what they stand for, with the rules both stores follow (the `HandleStore`
 * Durable Object on SQLite, and the in-memory one of the test kit), so plugin tests see the
 * gateway's semantics:
 *
 * - bounded: at most `MAX_HANDLES` rows; past it the least recently shown go first (the bound
 *   wins over age);
 * - within the bound a handle resolves for `HANDLE_TTL_MS` (30 days) after it was last shown;
 * - a handle that two different items hash to is retired ("ambiguous": it resolves to neither,
 *   so a model can never act on the wrong item) and both are shown one character longer.
 */
import type { ResolvedHandle } from '../plugin/handles';

export const MAX_HANDLES = 10_000;
export const HANDLE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Most handles one call may look up or record (a list of 100 ids and their attachments fits). */
export const MAX_PER_CALL = 1_000;

export interface HandleRow {
  handle: string;
  kind: string;
  /** Empty when the handle is ambiguous. */
  id: string;
  shown: number;
}

export interface HandleEntry {
  handle: string;
  kind: string;
  id: string;
}

/** What a lookup answers: the handles that resolve, and those (asked for) that are ambiguous. */
export interface ResolveAnswer {
  found: Record<string, ResolvedHandle>;
  ambiguous: string[];
}

/** What a record answers: the recorded handles that turned out ambiguous (show those longer). */
export interface RecordAnswer {
  ambiguous: string[];
}

/** The storage a book runs on. */
export interface HandleTable {
  get(handle: string): HandleRow | undefined;
  put(row: HandleRow): void;
  /** Deletes rows shown before `before`, then the least recently shown beyond `max` rows. */
  prune(before: number, max: number): void;
}

/** The calls a store answers (the Durable Object's RPC methods). */
export interface HandleStoreApi {
  resolve(handles: string[]): Promise<ResolveAnswer>;
  record(entries: HandleEntry[]): Promise<RecordAnswer>;
}

export function resolveIn(table: HandleTable, handles: readonly string[], now: number): ResolveAnswer {
  const answer: ResolveAnswer = { found: {}, ambiguous: [] };
  for (const handle of handles.slice(0, MAX_PER_CALL)) {
    const row = table.get(handle);
    if (!row || row.shown < now - HANDLE_TTL_MS) continue;
    if (row.id === '') answer.ambiguous.push(handle);
    else answer.found[handle] = { kind: row.kind, id: row.id };
  }
  return answer;
}

export function recordIn(table: HandleTable, entries: readonly HandleEntry[], now: number): RecordAnswer {
  const ambiguous: string[] = [];
  for (const entry of entries.slice(0, MAX_PER_CALL)) {
    const row = table.get(entry.handle);
    const live = row && row.shown >= now - HANDLE_TTL_MS;
    if (live && (row.id === '' || row.id !== entry.id || row.kind !== entry.kind)) {
      table.put({ handle: entry.handle, kind: '', id: '', shown: now });
      ambiguous.push(entry.handle);
    } else {
      table.put({ ...entry, shown: now });
    }
  }
  table.prune(now - HANDLE_TTL_MS, MAX_HANDLES);
  return { ambiguous };
}

/**
 * The test kit's store: a Map in recency order (a put moves the row to the end), same rules.
 *
 * @example
 * const store = new MemoryHandleStore();
 * await store.record([{ handle: 'm7k2qx', kind: 'message', id: 'AAMk…' }]);
 */
export class MemoryHandleStore implements HandleStoreApi {
  readonly counts = { reads: 0, writes: 0 };
  private readonly rows = new Map<string, HandleRow>();
  private readonly table: HandleTable = {
    get: (handle) => this.rows.get(handle),
    put: (row) => {
      this.rows.delete(row.handle);
      this.rows.set(row.handle, row);
    },
    prune: (before, max) => {
      for (const [handle, row] of this.rows) if (row.shown < before) this.rows.delete(handle);
      for (const handle of this.rows.keys()) {
        if (this.rows.size <= max) break;
        this.rows.delete(handle);
      }
    },
  };

  constructor(private readonly now: () => number = Date.now) {}

  get size(): number {
    return this.rows.size;
  }

  /** Forgets every handle (as after the user's store was reset). */
  clear(): void {
    this.rows.clear();
  }

  async resolve(handles: string[]): Promise<ResolveAnswer> {
    this.counts.reads++;
    return resolveIn(this.table, handles, this.now());
  }

  async record(entries: HandleEntry[]): Promise<RecordAnswer> {
    this.counts.writes++;
    return recordIn(this.table, entries, this.now());
  }
}
