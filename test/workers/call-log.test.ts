/**
 * Every tool call leaves one structured log line: tool, plugin, the user as a hash, the client,
 * its Graph requests with statuses and sends, retries, duration and outcome; never a token, an
 * argument or content.
 */
import { SELF } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../core/testing';
import { connect, GATEWAY, mcpClient, startEmulator } from './harness';

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

/** The JSON lines written through console.info with `message` (the gateway logs one object per line). */
function linesOf(spy: { mock: { calls: unknown[][] } }, message: string): Array<Record<string, unknown>> {
  return spy.mock.calls
    .map((args) => {
      try {
        return JSON.parse(String(args[0])) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })
    .filter((line): line is Record<string, unknown> => line?.message === message);
}

describe('the tool call log line', () => {
  it('names tool, plugin, hashed user, client, Graph requests with statuses, retries, duration and outcome', async () => {
    const adele = emulator.tenant.users[0]!;
    const connection = await connect(adele.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    const info = vi.spyOn(console, 'info');
    // One throttled answer first (after 150 ms): the read is retried once.
    emulator.injectFault({ path: '/me/mailFolders', status: 429, retryAfterSeconds: 0, delayMs: 150 });
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 2, from: 'MeganB@contoso.com' } });
    expect(result.isError).toBeFalsy();

    const [line, ...more] = linesOf(info, 'tool call');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ tool: 'getEmails', plugin: 'mail', client: connection.clientId, outcome: 'ok' });
    expect(line!.user).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof line!.durationMs).toBe('number');
    type Entry = { method: string; path: string; status: number; sends: number; ms: number; wireMs: number };
    const graph = line!.graph as Entry[];
    expect(graph.length).toBeGreaterThanOrEqual(1);
    const read = graph.find((entry) => entry.path.startsWith('/me/mailFolders'));
    expect(read).toMatchObject({ method: 'GET', status: 200, sends: 2 });
    // Where its time went: the slow throttled answer is time on the wire, within the request's own.
    expect(read!.wireMs).toBeGreaterThanOrEqual(150);
    expect(read!.ms).toBeGreaterThanOrEqual(read!.wireMs);
    expect(line!.durationMs).toBeGreaterThanOrEqual(read!.ms);
    expect(line!.retries).toBe(1);
    expect(line!.graphRequests).toBe(graph.length);
    const raw = JSON.stringify(line);
    for (const secret of [adele.id, adele.userPrincipalName, connection.accessToken, 'MeganB', '$filter'])
      expect(raw).not.toContain(secret);
  });

  it('says tool_error for a failure worded for the model', async () => {
    const connection = await connect(emulator.tenant.users[0]!.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    const info = vi.spyOn(console, 'info');
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 80 } });
    expect(result.isError).toBe(true);
    expect(linesOf(info, 'tool call')).toMatchObject([{ tool: 'getEmails', outcome: 'tool_error', graph: [] }]);
  });
});

describe('the request line', () => {
  it('one per HTTP request: request id shared with its tool calls, transport, era, hashed user, client; no query or token', async () => {
    const adele = emulator.tenant.users[0]!;
    const connection = await connect(adele.userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    const info = vi.spyOn(console, 'info');
    await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    const [call] = linesOf(info, 'tool call');
    const requests = linesOf(info, 'request');
    const carrying = requests.filter((line) => line.requestId === call!.requestId);
    expect(carrying).toHaveLength(1);
    expect(carrying[0]).toMatchObject({
      method: 'POST',
      path: '/mcp',
      status: 200,
      transport: 'streamable',
      era: call!.era,
      user: call!.user,
      client: connection.clientId,
    });
    expect(call).toMatchObject({ transport: 'streamable', era: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(typeof carrying[0]!.durationMs).toBe('number');

    // A request without a bearer: a line too, with no caller; the query string is never logged.
    info.mockClear();
    const response = await SELF.fetch(`${GATEWAY}/authorize?client_id=nobody&state=secret-state-value`, {
      headers: { 'cf-ray': '8f1e2d3c4b5a6978-AMS' },
    });
    const [line] = linesOf(info, 'request');
    expect(line).toMatchObject({
      requestId: '8f1e2d3c4b5a6978-AMS',
      method: 'GET',
      path: '/authorize',
      status: response.status,
      transport: 'http',
      era: 'none',
    });
    expect(line).not.toHaveProperty('user');
    const raw = JSON.stringify([...requests, line]);
    for (const secret of ['secret-state-value', connection.accessToken, adele.id, adele.userPrincipalName])
      expect(raw).not.toContain(secret);
  });
});
