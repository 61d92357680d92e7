/**
 * One Workers Analytics Engine data point per tool call (binding `METRICS`), laid out for the
 * queries in docs/operations.md:
 *
 *   index1  tool                 (the sampling key: each tool keeps its own share of points)
 *   blob1   tool       blob2 plugin    blob3 outcome (ok | tool_error | internal_error)
 *   blob4   error kind (empty when ok; see errorKindOf)
 *   blob5   client id  blob6 transport blob7 era (MCP protocol version)
 *   double1 duration (ms)  double2 Graph requests  double3 retries
 *   double4 throttled requests (Graph still answered 429 after the retries, or the retry budget ran out)
 *
 * No user, argument or content goes in. Without the binding, or on a loopback deployment
 * (`npm start`), the tool's running summary is logged instead: on its first call, after any failed
 * call, and otherwise at most once every `SUMMARY_EVERY_MS` of call time. A line per call would
 * double what a local call costs (each console line crosses to the dev server's terminal).
 */
import type { FinishedCall } from '../mcp/call-log';

/** What the gateway needs of the env: the Analytics Engine binding (absent = local) and its own origin. */
export interface MetricsEnv {
  METRICS?: { writeDataPoint(point: { indexes: string[]; blobs: string[]; doubles: number[] }): void };
  PUBLIC_BASE_URL?: string;
}

export const METRIC_BLOBS = ['tool', 'plugin', 'outcome', 'errorKind', 'client', 'transport', 'era'] as const;
export const METRIC_DOUBLES = ['durationMs', 'graphRequests', 'retries', 'throttled'] as const;

/** Why a call failed, from its outcome and the last failing Graph answer. */
export type ErrorKind =
  | ''
  | 'internal'
  | 'throttled'
  | 'permission'
  | 'sign_in'
  | 'not_found'
  | 'graph_unavailable'
  | 'graph_refused'
  | 'refused';

export function errorKindOf(call: Pick<FinishedCall, 'outcome' | 'graph'>): ErrorKind {
  if (call.outcome === 'ok') return '';
  if (call.outcome === 'internal_error') return 'internal';
  const failed = [...call.graph].reverse().find((entry) => !isSuccess(entry.status));
  if (!failed) return 'refused';
  const status = failed.status;
  // The user's Microsoft sign-in ended or needs them (MicrosoftSignInRequired, MicrosoftInteractionRequired).
  if (typeof status === 'string' && /SignIn|Interaction/.test(status)) return 'sign_in';
  if (status === 429 || status === 'GraphThrottled') return 'throttled';
  if (status === 401 || status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (typeof status === 'number' && status >= 400 && status < 500) return 'graph_refused';
  return 'graph_unavailable';
}

/**
 * @example
 * writeCallMetrics(env, finishedCall);
 */
export function writeCallMetrics(env: MetricsEnv, call: FinishedCall, local = isLoopback(env)): void {
  const throttled = call.graph.filter((entry) => entry.status === 429 || entry.status === 'GraphThrottled').length;
  const errorKind = errorKindOf(call);
  const dataset = env.METRICS;
  dataset?.writeDataPoint({
    indexes: [call.tool],
    blobs: [
      call.tool,
      call.plugin ?? '',
      call.outcome,
      errorKind,
      call.client ?? '',
      call.transport ?? '',
      call.era ?? '',
    ],
    doubles: [call.durationMs, call.graph.length, call.retries, throttled],
  });
  if (!dataset || local) logSummary(call, errorKind, throttled);
}

interface ToolTally {
  calls: number;
  errors: Record<string, number>;
  throttled: number;
  /** The latest durations (bounded), for the percentiles. */
  durations: number[];
  /** When (the call's start) the last summary line was logged. */
  loggedAt: number;
}

const tallies = new Map<string, ToolTally>();
const KEPT_DURATIONS = 1000;
/** Successful calls within this long of the tool's last summary line are counted, not logged. */
export const SUMMARY_EVERY_MS = 10_000;

/** The local fallback: this isolate's running totals for the tool, one JSON line. */
function logSummary(call: FinishedCall, errorKind: ErrorKind, throttled: number): void {
  let tally = tallies.get(call.tool);
  if (!tally) {
    tally = { calls: 0, errors: {}, throttled: 0, durations: [], loggedAt: Number.NEGATIVE_INFINITY };
    tallies.set(call.tool, tally);
  }
  tally.calls += 1;
  if (errorKind) tally.errors[errorKind] = (tally.errors[errorKind] ?? 0) + 1;
  tally.throttled += throttled;
  tally.durations.push(call.durationMs);
  if (tally.durations.length > KEPT_DURATIONS) tally.durations.shift();
  if (!errorKind && call.at - tally.loggedAt < SUMMARY_EVERY_MS) return;
  tally.loggedAt = call.at;
  const sorted = [...tally.durations].sort((a, b) => a - b);
  console.info(
    JSON.stringify({
      level: 'info',
      message: 'metrics summary',
      tool: call.tool,
      calls: tally.calls,
      errors: tally.errors,
      throttled: tally.throttled,
      p50Ms: percentile(sorted, 0.5),
      p95Ms: percentile(sorted, 0.95),
      p99Ms: percentile(sorted, 0.99),
    }),
  );
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function isSuccess(status: number | string): boolean {
  return typeof status === 'number' && status >= 200 && status < 400;
}

function isLoopback(env: MetricsEnv): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(env.PUBLIC_BASE_URL ?? '').hostname);
  } catch {
    return false;
  }
}
