/**
 * Fault injection for reliability tests (docs/architecture.md §8): throttling, server errors and slow answers
 * on chosen Graph requests. Runs after the recorder, so faulted requests still count in stats.
 */
import { delay, http, type RequestHandler } from 'msw';
import type { GraphMockEnv } from '../types';

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
}

const CODES: Record<number, [code: string, message: string]> = {
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a timely response.'],
};

export class FaultInjector {
  private faults: Array<GraphFault & { left: number }> = [];

  add(fault: GraphFault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  handler(env: GraphMockEnv): RequestHandler {
    const basePath = new URL(env.graphBaseUrl).pathname.replace(/\/$/, '');
    return http.all(`${env.graphBaseUrl}/*`, async ({ request }) => {
      const path = new URL(request.url).pathname.slice(basePath.length);
      const fault = this.faults.find(
        (f) =>
          f.left > 0 &&
          (!f.path || path.startsWith(f.path)) &&
          (!f.method || f.method.toUpperCase() === request.method),
      );
      if (!fault) return undefined;
      fault.left--;
      this.faults = this.faults.filter((f) => f.left > 0);
      if (fault.delayMs) await delay(fault.delayMs);
      if (fault.status === undefined) return undefined;
      const [code, message] = CODES[fault.status] ?? ['UnknownError', `Injected fault ${fault.status}.`];
      const res = env.graphError(fault.status, code, message);
      if (fault.retryAfterSeconds !== undefined) res.headers.set('Retry-After', String(fault.retryAfterSeconds));
      return res;
    });
  }
}
