/**
 * `ctx.handles` for the calls of one session (an MCP session, a stateless request, a test kit
 * session). `show` is synchronous: the handle is derived, not looked up. What a call shows is
 * recorded in the user's store in one write, sent when the call's synchronous formatting is done
 * and kept off the answer's path (`defer`). Lookups cost one round trip per call, and none when the
 * arguments hold no handle. The session remembers the user's retired (ambiguous) handles it has
 * learnt of, so it shows those items one character longer from then on.
 */
import type { ResolvedHandle, ToolHandles } from '../plugin/handles';
import type { HandleEntry, HandleStoreApi } from './handle-book';
import { handleRungs } from './derive';

export interface HandleSessionOptions {
  store: () => HandleStoreApi;
  /** The user's handle key (`userHandleKey`). */
  key: Uint8Array;
  /** Keeps a write alive past the answer (`waitUntil`); the session does not wait for it. */
  defer(write: Promise<unknown>): void;
  /** Told when a write fails (the handles it held then do not resolve; the model lists again). */
  onWriteError?(error: unknown): void;
}

const KIND = /^[a-z]{2,20}$/;

export class HandleSession implements ToolHandles {
  private readonly retired = new Set<string>();
  private pending = new Map<string, HandleEntry>();
  private readonly derived = new Map<string, string[]>();
  /** The latest write of this session (settled, never rejected). */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: HandleSessionOptions) {}

  show(kind: string, id: string): string {
    if (!KIND.test(kind)) throw new TypeError(`handles.show: kind must be a lowercase word (received "${kind}").`);
    if (typeof id !== 'string' || id === '') return '?';
    const rungs = this.rungs(kind, id);
    const handle = rungs.find((rung) => !this.retired.has(rung)) ?? rungs[rungs.length - 1]!;
    // After the current task: the call's answer goes out first (measured: a write started in a
    // microtask delayed the answer by ~15% in `npm run bench`).
    if (this.pending.size === 0) {
      // Kept alive from now (`defer`), so a stateless request cannot end before its write starts.
      this.options.defer(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            this.flush();
            void this.writing.then(resolve);
          }, 0),
        ),
      );
    }
    this.pending.set(handle, { handle, kind, id });
    return handle;
  }

  async resolve(handles: readonly string[]): Promise<ReadonlyMap<string, ResolvedHandle | 'ambiguous'>> {
    const result = new Map<string, ResolvedHandle | 'ambiguous'>();
    if (handles.length === 0) return result;
    // Read this session's own writes: what it showed is recorded before it is looked up.
    this.flush();
    await this.writing;
    const answer = await this.options.store().resolve([...handles]);
    for (const [handle, hit] of Object.entries(answer.found)) result.set(handle, hit);
    for (const handle of answer.ambiguous) {
      this.retired.add(handle);
      result.set(handle, 'ambiguous');
    }
    return result;
  }

  /**
   * Sends what this session has shown and waits until the store has it: a stateless request
   * answers only then, since the client's next request may reach the store before a deferred write.
   */
  async settle(): Promise<void> {
    this.flush();
    await this.writing;
  }

  private rungs(kind: string, id: string): string[] {
    const cacheKey = `${kind}\u0000${id}`;
    let rungs = this.derived.get(cacheKey);
    if (!rungs) {
      rungs = handleRungs(this.options.key, kind, id);
      // A session lists the same few hundred items again and again; keep the memo bounded.
      if (this.derived.size >= 5_000) this.derived.clear();
      this.derived.set(cacheKey, rungs);
    }
    return rungs;
  }

  private flush(): void {
    const entries = [...this.pending.values()];
    this.pending = new Map();
    if (entries.length === 0) return;
    const write = Promise.resolve()
      .then(() => this.options.store().record(entries))
      .then((answer) => {
        for (const handle of answer.ambiguous) this.retired.add(handle);
      })
      .catch((error: unknown) => this.options.onWriteError?.(error));
    this.writing = write;
    this.options.defer(write);
  }
}
