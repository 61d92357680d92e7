/**
 * At most N Graph requests in flight per mailbox (Graph's own limit is 4 concurrent requests per
 * app and mailbox; above it, it answers 429 — better to queue here than to be throttled there).
 *
 * Scope: one limiter per MCP session. Durable Objects cannot await promises created by another
 * object, so a limiter cannot be shared across sessions; a user with two sessions open may have
 * 2 × N requests in flight, which Graph's throttling (handled by the retry middleware) absorbs.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export const GRAPH_CONCURRENCY_PER_MAILBOX = 4;

export interface ConcurrencyLimiter {
  readonly limit: number;
  /** Requests running right now. */
  readonly active: number;
  run<T>(task: () => Promise<T>): Promise<T>;
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
  return {
    limit,
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < limit) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
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
    return this.limiter.run(() => this.next!.execute(context));
  }
}
