/**
 * Records each Graph request of a call for its log line: method, path (no query string: a
 * `$search` or `$filter` may hold the user's words), the final status or failure, how many times it
 * was sent (retries and the one forced token refresh included), and where its time went: `ms` in
 * all, `wireMs` of it waiting on Graph's answers (the rest is the Microsoft token, the mailbox's
 * slot and retry waits). Never a header or a body.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** One request as the call's log line shows it. */
export interface GraphRequestEntry {
  method: string;
  /** Relative to the Graph version segment, e.g. `/me/messages/AAMk…/move`. */
  path: string;
  /** Graph's final status, or the failure's name when no usable answer came (`GraphOutcomeUnknown`). */
  status: number | string;
  /** Times it went on the wire; more than 1 means retried. */
  sends: number;
  /** From asking for it to its final answer or failure. */
  ms?: number;
  /** Of `ms`, the time its sends spent waiting on Graph. */
  wireMs?: number;
}

export type GraphRequestObserver = (entry: GraphRequestEntry) => void;

/**
 * The two ends of the observation: `outer` goes first in the chain (one entry per request), `inner`
 * just before the wire (counts sends).
 *
 * @example
 * const { outer, inner } = observeRequests((entry) => entries.push(entry));
 * const chain = [outer, auth, throttle, limiter, inner, wire, fetchHandler];
 */
export function observeRequests(observe: GraphRequestObserver): { outer: Middleware; inner: Middleware } {
  const sends = new WeakMap<Context, number>();
  const wire = new WeakMap<Context, number>();
  let outerNext: Middleware | undefined;
  let innerNext: Middleware | undefined;
  const outer: Middleware = {
    setNext: (next) => {
      outerNext = next;
    },
    async execute(context) {
      sends.set(context, 0);
      wire.set(context, 0);
      const method = (context.options?.method ?? 'GET').toUpperCase();
      const started = Date.now();
      const timing = () => ({ ms: Date.now() - started, wireMs: wire.get(context) ?? 0 });
      try {
        await outerNext!.execute(context);
        observe({
          method,
          path: pathOf(context),
          status: context.response?.status ?? 'no answer',
          sends: sends.get(context) ?? 0,
          ...timing(),
        });
      } catch (error) {
        // The Graph library's GraphError is not always an Error instance; its name still says what failed.
        const named = (error as { name?: unknown } | null)?.name;
        const status = typeof named === 'string' && named !== 'Error' ? named : 'failed';
        observe({ method, path: pathOf(context), status, sends: sends.get(context) ?? 0, ...timing() });
        throw error;
      }
    },
  };
  const inner: Middleware = {
    setNext: (next) => {
      innerNext = next;
    },
    async execute(context) {
      sends.set(context, (sends.get(context) ?? 0) + 1);
      const sent = Date.now();
      try {
        await innerNext!.execute(context);
      } finally {
        wire.set(context, (wire.get(context) ?? 0) + Date.now() - sent);
      }
    },
  };
  return { outer, inner };
}

function pathOf(context: Context): string {
  const url = typeof context.request === 'string' ? context.request : context.request.url;
  return new URL(url).pathname.replace(/^\/[^/]+/, '');
}
