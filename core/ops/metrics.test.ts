/**
 * The local fallback of metrics: without an Analytics Engine binding, or on a loopback deployment
 * (`npm start`), a tool's running summary (calls, errors by kind, throttling, latency percentiles)
 * is one JSON line: on its first call, after a failed call, and at most every 10 s otherwise.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FinishedCall } from '../mcp/call-log';
import { errorKindOf, type MetricsEnv, SUMMARY_EVERY_MS, writeCallMetrics } from './metrics';

const call = (tool: string, durationMs: number, extra: Partial<FinishedCall> = {}): FinishedCall => ({
  tool,
  plugin: 'mail',
  client: 'client-1',
  transport: 'streamable',
  era: '2025-11-25',
  outcome: 'ok',
  durationMs,
  graph: [],
  retries: 0,
  audits: [],
  at: 0,
  ...extra,
});

afterEach(() => vi.restoreAllMocks());

function summaries(spy: { mock: { calls: unknown[][] } }) {
  return spy.mock.calls
    .map(([line]) => JSON.parse(String(line)) as Record<string, unknown>)
    .filter((line) => line.message === 'metrics summary');
}

describe('metrics without a binding', () => {
  it('prints a running summary line per tool with error kinds and latency percentiles', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const env = { PUBLIC_BASE_URL: 'https://gateway.example' } as MetricsEnv;
    for (let ms = 1; ms <= 100; ms++) writeCallMetrics(env, call('fallbackTool', ms));
    writeCallMetrics(
      env,
      call('fallbackTool', 500, {
        outcome: 'tool_error',
        graph: [{ method: 'GET', path: '/me/messages', status: 'GraphThrottled', sends: 4 }],
      }),
    );
    const last = summaries(info).at(-1);
    expect(last).toMatchObject({
      tool: 'fallbackTool',
      calls: 101,
      errors: { throttled: 1 },
      throttled: 1,
      p50Ms: 51,
      p95Ms: 96,
      p99Ms: 100,
    });
  });

  it('prints on the first call and a failed one, and otherwise once per period, counting every call', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const env = { PUBLIC_BASE_URL: 'https://gateway.example' } as MetricsEnv;
    const at = (ms: number, extra: Partial<FinishedCall> = {}) =>
      writeCallMetrics(env, call('periodTool', 5, { at: ms, ...extra }));
    for (let ms = 0; ms < SUMMARY_EVERY_MS; ms += 100) at(ms);
    expect(summaries(info)).toMatchObject([{ tool: 'periodTool', calls: 1 }]);
    at(SUMMARY_EVERY_MS - 1, { outcome: 'tool_error' });
    at(SUMMARY_EVERY_MS + 50);
    at(2 * SUMMARY_EVERY_MS - 2);
    expect(summaries(info).map((line) => line.calls)).toEqual([1, 101]);
    // A full period after the last line (the failed call's).
    at(2 * SUMMARY_EVERY_MS - 1);
    expect(summaries(info).map((line) => line.calls)).toEqual([1, 101, 104]);
  });

  it('also prints on a loopback deployment that has the binding (npm start), and writes the point', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const points: unknown[] = [];
    const env = {
      PUBLIC_BASE_URL: 'http://127.0.0.1:8787',
      METRICS: { writeDataPoint: (point: unknown) => points.push(point) },
    } as MetricsEnv;
    writeCallMetrics(env, call('loopbackTool', 7));
    expect(points).toHaveLength(1);
    expect(summaries(info)).toMatchObject([{ tool: 'loopbackTool', calls: 1, p50Ms: 7 }]);
  });

  it('prints nothing on a deployment with the binding', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    const env = {
      PUBLIC_BASE_URL: 'https://gateway.example',
      METRICS: { writeDataPoint: () => undefined },
    } as MetricsEnv;
    writeCallMetrics(env, call('deployedTool', 7));
    expect(summaries(info)).toEqual([]);
  });
});

describe('error kinds', () => {
  const failed = (status: number | string) =>
    errorKindOf({ outcome: 'tool_error', graph: [{ method: 'GET', path: '/me', status, sends: 1 }] });
  it('names why a call failed from its last failing Graph answer', () => {
    expect(errorKindOf({ outcome: 'ok', graph: [] })).toBe('');
    expect(errorKindOf({ outcome: 'internal_error', graph: [] })).toBe('internal');
    expect(errorKindOf({ outcome: 'tool_error', graph: [] })).toBe('refused');
    expect(failed(429)).toBe('throttled');
    expect(failed('GraphThrottled')).toBe('throttled');
    expect(failed(403)).toBe('permission');
    expect(failed('MicrosoftSignInRequired')).toBe('sign_in');
    expect(failed(404)).toBe('not_found');
    expect(failed(400)).toBe('graph_refused');
    expect(failed(503)).toBe('graph_unavailable');
    expect(failed('GraphOutcomeUnknown')).toBe('graph_unavailable');
  });
});
