/**
 * At most N Graph requests in flight per mailbox (Graph's own limit is 4 concurrent requests per
 * app and mailbox; above it, it answers 429 — better to queue here than to be throttled there).
 *
 * Scope: the gateway limits per user across every session, transport and stateless request
 * through the user's MailboxGate Durable Object (mailbox-gate.ts `mailboxLimiter`); the in-memory
 * limiter here serves a Graph client built without one (plugin tests, scripts).
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export const GRAPH_CONCURRENCY_PER_MAILBOX = 4;

export interface ConcurrencyLimiter {
  readonly limit: number;
  /** Requests running right now. */
  readonly active: number;
  /** Runs `task` in a slot; a wait for the slot ends (rejecting with its reason) when `signal` aborts. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * @example
 * const limiter = createConcurrencyLimiter(4);
 * await Promise.all(ids.map((id) => limiter.run(() => fetch(url(id)))));
 */
export function createConcurrencyLimiter(limit = GRAPH_CONCURRENCY_PER_MAILBOX): ConcurrencyLimiter {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  // A cancelled waiter leaves the queue, so it is never handed a slot it would not release.
  const waitForSlot = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  return {
    limit,
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted();
      if (active < limit) active++;
      else await waitForSlot(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Holds a slot only while a request is on the wire, not while the retry middleware waits. */
export class ConcurrencyMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly limiter: ConcurrencyLimiter) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  execute(context: Context): Promise<void> {
    // The auth middleware put the call's signal on the request options.
    return this.limiter.run(() => this.next!.execute(context), context.options?.signal ?? undefined);
  }
}
