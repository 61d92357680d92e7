/**
 * Fault injection for reliability tests (docs/architecture.md §8): throttling, server errors, slow answers,
 * and a connection that drops or hangs — optionally after the emulated Graph has already carried
 * the request out, as a real one can. Runs after the recorder, so faulted requests still count in
 * stats.
 */
import { delay, http, type RequestHandler } from 'msw';
import type { GraphMockEnv, JournalEntry, RequestLike } from '../types';
import { answerAndJournal, markJournaled } from './journal';

export interface GraphFault {
  /** Path prefix under the Graph base URL (e.g. `/me/messages`); every Graph request when omitted. */
  path?: string;
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Answer with this status (429, 500, 503, 504…) instead of the real response. Omit for a delay only. */
  status?: number;
  /** Sets `Retry-After` (seconds) on the fault response. */
  retryAfterSeconds?: number;
  /** Wait this long first (a slow Graph); with no status, the real answer follows. */
  delayMs?: number;
  /** How many matching requests it hits before it is used up (default 1; Infinity for all). */
  times?: number;
  /** Let this many matching requests pass first (1: the fault hits the second one). */
  skip?: number;
  /**
   * No (whole) answer: `drop` ends the connection (the caller's fetch fails with a network error),
   * `hang` never answers until the caller gives up (aborts), `stall` carries the request out and
   * sends the real status and headers but never the body (an answer without a body, such as a
   * 204, then never arrives at all). Top-level requests only, not the parts of a `$batch`.
   */
  network?: 'drop' | 'hang' | 'stall';
  /**
   * Carry the request out first — a sent mail is delivered, a move is made — and only then fail
   * with `status` or `network`: Graph did it, but the caller never hears so.
   */
  afterApplying?: boolean;
}

/** One Graph request as a fault picker sees it. */
export interface PickedRequest {
  method: string;
  /** Path under the Graph base URL, without the query. */
  path: string;
  /** A part of a `$batch` (network faults do not apply to one). */
  inBatch: boolean;
}

/** Chooses a fault for one request, or none; `times` and `skip` are ignored (it hits this request). */
export type FaultPicker = (request: PickedRequest) => GraphFault | undefined;

/** The sub-requests a `$batch` is answered with (made by core-mock's batch handler). */
const batchParts = new WeakSet<Request>();

/** Marks `request` as a part of a `$batch`, for pickers. */
export function markBatchPart(request: Request): Request {
  batchParts.add(request);
  return request;
}

const CODES: Record<number, [code: string, message: string]> = {
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a timely response.'],
};

export class FaultInjector {
  private faults: Array<GraphFault & { left: number; skipLeft: number }> = [];
  private picker: FaultPicker | undefined;

  add(fault: GraphFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1, skipLeft: fault.skip ?? 0 });
  }

  pick(picker: FaultPicker): void {
    this.picker = picker;
  }

  clear(): void {
    this.faults = [];
    this.picker = undefined;
  }

  /** `rest`: the handlers behind this one, which carry a request out for `afterApplying`. */
  handler(
    env: GraphMockEnv & { userFor(request: RequestLike): { id: string } | undefined },
    rest: () => RequestHandler[],
    journal: JournalEntry[],
  ): RequestHandler {
    const basePath = new URL(env.graphBaseUrl).pathname.replace(/\/$/, '');
    return http.all(`${env.graphBaseUrl}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(basePath.length);
      const matching = this.faults.filter(
        (f) =>
          f.left > 0 &&
          (!f.path || path.startsWith(f.path)) &&
          (!f.method || f.method.toUpperCase() === request.method),
      );
      const queued = matching.find((f) => f.skipLeft === 0);
      for (const waiting of matching) if (waiting.skipLeft > 0) waiting.skipLeft--;
      if (queued) {
        queued.left--;
        this.faults = this.faults.filter((f) => f.left > 0);
      }
      const fault =
        queued ?? this.picker?.({ method: request.method, path, inBatch: batchParts.has(request as Request) });
      if (!fault) return undefined;
      if (fault.delayMs) await delay(fault.delayMs);
      const carryOut = () => answerAndJournal(env, journal, rest(), request.clone() as unknown as Request);
      if (fault.network === 'stall') {
        const answer = await carryOut();
        if (!answer || !NULL_BODY.has(answer.status)) return markJournaled(stalled(answer, request.signal));
        // A 204 has no body to cut off: its answer is complete or missing, so it goes missing.
        await untilAborted(request.signal);
        return Response.error();
      }
      if (fault.afterApplying) await carryOut();
      if (fault.network === 'hang') await untilAborted(request.signal);
      if (fault.network) return Response.error();
      if (fault.status === undefined) return undefined;
      const [code, message] = CODES[fault.status] ?? ['UnknownError', `Injected fault ${fault.status}.`];
      const res = env.graphError(fault.status, code, message);
      if (fault.retryAfterSeconds !== undefined) res.headers.set('Retry-After', String(fault.retryAfterSeconds));
      return res;
    });
  }
}

/** Statuses whose answer has no body (a Response with one cannot be made). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** The answer's status and headers, with a body that never arrives; it fails when the caller gives up. */
function stalled(answer: Response | undefined, signal: AbortSignal): Response {
  const body = new ReadableStream({
    start(controller) {
      void untilAborted(signal).then(() => controller.error(signal.reason));
    },
  });
  return new Response(body, { status: answer?.status ?? 200, headers: answer?.headers ?? {} });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
