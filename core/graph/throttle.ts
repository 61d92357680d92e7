/**
 * Retry and throttling policy for Graph (docs/architecture.md §6), as a middleware of the Graph client.
 *
 * - 429: always safe to repeat (Graph did not process the request). Wait `Retry-After` (seconds or
 *   an HTTP date), else exponential backoff with "equal jitter" (half the step fixed, half random).
 * - 502/503/504: repeated only for idempotent methods. A POST (sendMail, reply, move, create) is
 *   never sent twice: the first one may have been carried out, so the caller gets
 *   `GraphOutcomeUnknown` and the model is told to check before trying again.
 * - Bounded: at most `maxAttempts` sends and `maxTotalWaitMs` of waiting per request. A wait that
 *   would break the budget is not started; the request fails at once with `GraphThrottled`.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { GraphOutcomeUnknown, GraphThrottled } from './graph-failures';

export interface RetryPolicy {
  /** Sends per request, the first included (default 4). */
  maxAttempts: number;
  /** Longest total wait across retries of one request (default 30 s). */
  maxTotalWaitMs: number;
  /** First backoff step without Retry-After (default 1 s; doubles each time). */
  baseDelayMs: number;
  /** Waits (abortable); tests pass one that records the wait and returns at once. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** 0 ≤ x < 1, for jitter. */
  random(): number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalWaitMs: 30_000,
  baseDelayMs: 1_000,
  sleep: abortableSleep,
  random: Math.random,
};

/**
 * Methods that may be sent twice with the effect of once: the idempotent methods of RFC 9110
 * §9.2.2 (GET, HEAD, OPTIONS, PUT, DELETE; POST and PATCH are not). Shared with `$batch`
 * (core/graph/batch.ts), so a request is retried on the same terms alone or inside a batch.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Answers that say Graph or a service behind it failed while the request may have been carried
 * out: 502 (a bad answer from a backend such as Exchange), 503 and 504. Only an idempotent request
 * is repeated after one; 429 alone means "not processed" and is always repeatable.
 */
const UNAVAILABLE = new Set([502, 503, 504]);

/**
 * Whether an answer with `status` to a `method` request may be retried.
 *
 * @example
 * retryable('GET', 502); // true
 * retryable('POST', 503); // false: the message may have been sent
 */
export function retryable(method: string, status: number): boolean {
  return status === 429 || (UNAVAILABLE.has(status) && IDEMPOTENT_METHODS.has(method.toUpperCase()));
}

/**
 * Marks one request as safe to repeat although its method is not (e.g. a `$batch` POST whose
 * sub-requests are all GETs). Attach with `request.middlewareOptions([new IdempotentRequest()])`.
 */
export class IdempotentRequest {}

export class ThrottleMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly signal?: AbortSignal,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const idempotent =
      IDEMPOTENT_METHODS.has(method) ||
      context.middlewareControl?.getMiddlewareOptions(IdempotentRequest) !== undefined;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      await this.next!.execute(context);
      const response = context.response;
      if (!response) return;
      const status = response.status;
      if (status !== 429 && !UNAVAILABLE.has(status)) return;
      if (UNAVAILABLE.has(status) && !idempotent) {
        throw new GraphOutcomeUnknown(status, method, pathOf(context));
      }
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      const wait = retryAfter ?? backoff(this.policy, attempt);
      if (attempt >= this.policy.maxAttempts || waited + wait > this.policy.maxTotalWaitMs) {
        if (status === 429)
          throw new GraphThrottled(retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000), attempt);
        return; // an idempotent request still unavailable: let the client report Graph's error
      }
      // Free the connection; not awaited (cancelling a mocked or already-closed body may never settle).
      response.body?.cancel().catch(() => undefined);
      await this.policy.sleep(wait, this.signal);
      waited += wait;
    }
  }
}

/**
 * Exponential backoff with equal jitter: random in [step/2, step] (rounded), step = base ·
 * 2^(attempt-1). Not full jitter ([0, step]): every wait stays at least half a step, so a retry
 * never comes back at once while spreading clients apart.
 */
function backoff(policy: RetryPolicy, attempt: number): number {
  const step = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(step / 2 + policy.random() * (step / 2));
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable.
 *
 * @example
 * retryAfterMs('2'); // 2000
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function pathOf(context: Context): string {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  const { pathname } = new URL(url);
  return pathname.replace(/^\/[^/]+/, ''); // drop the version segment
}

/** `setTimeout` that rejects with the signal's reason when aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
