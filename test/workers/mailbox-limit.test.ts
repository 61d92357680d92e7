/**
 * The mailbox limit holds per user, not per session: two Streamable HTTP sessions, MCP 2026-07-28
 * requests and plain JSON-RPC requests of one user, all at once against a slow Graph, never have
 * more than 4 of that user's Graph requests in flight (the emulator counts them as they arrive).
 */
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { connect, GATEWAY, mcpClient, startEmulator, textOf } from './harness';

const MODERN = '2026-07-28';
let emulator: Emulator;
let close: () => void;

beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

const getEmails = { name: 'getEmails', arguments: { count: 1 } };

async function modernCall(token: string, id: number): Promise<string> {
  const response = await SELF.fetch(`${GATEWAY}/mcp`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': 'tools/call',
      'mcp-name': 'getEmails',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        ...getEmails,
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN,
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  return textOf(((await response.json()) as { result: object }).result);
}

async function plainCall(token: string, id: number): Promise<string> {
  const response = await SELF.fetch(`${GATEWAY}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: getEmails }),
  });
  return textOf(((await response.json()) as { result: object }).result);
}

describe('at most 4 Graph requests in flight per user', () => {
  it('across two sessions, 2026-07-28 requests and plain JSON-RPC at once', { timeout: 60_000 }, async () => {
    const user = emulator.tenant.users[0]!;
    const [first, second] = await Promise.all([connect(user.userPrincipalName), connect(user.userPrincipalName)]);
    const sessions = await Promise.all([mcpClient(first!.accessToken), mcpClient(second!.accessToken)]);
    // Slow enough that every call below overlaps with the others.
    emulator.injectFault({ path: '/me/', delayMs: 300, times: Number.POSITIVE_INFINITY });
    emulator.stats.reset();

    const calls: Array<Promise<string>> = [];
    for (let round = 0; round < 4; round++) {
      for (const { client } of sessions) calls.push(client.callTool(getEmails).then((result) => textOf(result)));
      calls.push(modernCall(first!.accessToken, 100 + round));
      calls.push(plainCall(second!.accessToken, 200 + round));
    }
    const answers = await Promise.all(calls);

    expect(answers.every((text) => /newest first/.test(text))).toBe(true);
    // 16 calls wanted Graph at once; the user's gate let exactly 4 through at a time.
    expect(emulator.stats.maxInFlightByUser[user.id]).toBe(4);
    emulator.clearFaults();
    await Promise.all(sessions.map(({ client }) => client.close()));
  });
});
