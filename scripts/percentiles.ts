/** The bench's latency summaries: the nearest-rank percentile of a set of timings (NaN when empty). */

export function percentile(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
}

export const p50 = (times: readonly number[]) => percentile(times, 0.5);
export const p95 = (times: readonly number[]) => percentile(times, 0.95);

export interface Percentiles {
  p50Ms: number;
  p95Ms: number;
}

/**
 * @example
 * percentiles([12, 10, 11]); // { p50Ms: 11, p95Ms: 12 }
 */
export const percentiles = (times: readonly number[]): Percentiles => ({ p50Ms: p50(times), p95Ms: p95(times) });

/** `p50 11.0 ms, p95 12.0 ms` */
export const shownPercentiles = ({ p50Ms, p95Ms }: Percentiles) =>
  `p50 ${p50Ms.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms`;
