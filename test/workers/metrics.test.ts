/**
 * Metrics: every tool call writes one Workers Analytics Engine data point through the `METRICS`
 * binding (the local binding of workerd, observed at its writeDataPoint), laid out as
 * core/ops/metrics.ts and the queries of docs/operations.md expect; no user or content in it.
 */
import { env } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC_BLOBS, METRIC_DOUBLES } from '../../core/ops/metrics';
import type { Emulator } from '../../core/testing';
import { connect, mcpClient, startEmulator } from './harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => {
  vi.restoreAllMocks();
  server.resetHandlers();
  emulator.reset();
});
afterAll(() => close());

/** The data points written while `run` ran, as named fields. */
async function pointsDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const dataset = Object.getPrototypeOf(env.METRICS) as AnalyticsEngineDataset;
  const spy = vi.spyOn(dataset, 'writeDataPoint');
  await run();
  return spy.mock.calls.map(([point]) => {
    const named: Record<string, unknown> = { index: point?.indexes?.[0] };
    METRIC_BLOBS.forEach((name, i) => {
      named[name] = point?.blobs?.[i];
    });
    METRIC_DOUBLES.forEach((name, i) => {
      named[name] = point?.doubles?.[i];
    });
    return named;
  });
}

describe('metrics data points', () => {
  it('one per call: tool as index, outcome, no error kind, latency, Graph requests and retries after a throttled answer', async () => {
    const adele = emulator.tenant.users[0]!;
    const connection = await connect(adele.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    emulator.injectFault({ path: '/me/mailFolders', status: 429, retryAfterSeconds: 0 });
    const points = await pointsDuring(() => client.callTool({ name: 'getEmails', arguments: { count: 2 } }));
    expect(points).toHaveLength(1);
    const [point] = points;
    expect(point).toMatchObject({
      index: 'getEmails',
      tool: 'getEmails',
      plugin: 'mail',
      outcome: 'ok',
      errorKind: '',
      client: connection.clientId,
      transport: 'streamable',
      retries: 1,
      throttled: 0,
    });
    expect(point!.era).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(point!.durationMs).toEqual(expect.any(Number));
    expect(point!.graphRequests).toBeGreaterThanOrEqual(1);
    const raw = JSON.stringify(point);
    for (const secret of [adele.id, adele.userPrincipalName, connection.accessToken]) expect(raw).not.toContain(secret);
  });

  it('a call Graph keeps throttling counts as a throttled error', async () => {
    const connection = await connect(emulator.tenant.users[1]!.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    emulator.injectFault({
      path: '/me/mailFolders',
      status: 429,
      retryAfterSeconds: 0,
      times: Number.POSITIVE_INFINITY,
    });
    const points = await pointsDuring(() => client.callTool({ name: 'getEmails', arguments: { count: 2 } }));
    expect(points).toMatchObject([{ tool: 'getEmails', outcome: 'tool_error', errorKind: 'throttled', throttled: 1 }]);
  });

  it('a call refused before Graph is an error of kind "refused"', async () => {
    const connection = await connect(emulator.tenant.users[0]!.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    const points = await pointsDuring(() => client.callTool({ name: 'getEmails', arguments: { count: 80 } }));
    expect(points).toMatchObject([
      { tool: 'getEmails', outcome: 'tool_error', errorKind: 'refused', graphRequests: 0 },
    ]);
  });
});
