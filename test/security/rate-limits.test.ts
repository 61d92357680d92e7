/**
 * Rate limits on /mcp and /sse, per client (120 a minute) and per user across all their clients
 * (300 a minute), so one client cannot spend the user's or the tenant's Graph budget. WebSocket
 * frames carrying requests count too. The limiters' windows are aligned to the clock: a run that
 * crosses one boundary sees two windows, so each test sends twice the limit plus one request and
 * expects at least one refusal and at least the limit answered.
 */
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { openSocket, startEmulator } from '../workers/harness';
import { GATEWAY, initialize, tokensFor } from './support';

const CLIENT_LIMIT = 120;
const USER_LIMIT = 300;

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

const ping = (id: number) => ({ jsonrpc: '2.0', id, method: 'ping' });

function post(token: string, path: string, id: number): Promise<Response> {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(ping(id)),
  });
}

/** A request that is not MCP (answered 405) still counts: the limits come before anything else. */
function put(token: string, path: string): Promise<Response> {
  return SELF.fetch(`${GATEWAY}${path}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
}

/** Sends `count` requests, ten at a time, rotating over the tokens and both paths; counts the answers. */
async function flood(tokens: string[], count: number, send = post) {
  let answered = 0;
  let refused: Response | undefined;
  for (let start = 0; start < count; start += 10) {
    const ids = Array.from({ length: Math.min(10, count - start) }, (_, offset) => start + offset);
    const responses = await Promise.all(
      ids.map((id) => send(tokens[id % tokens.length]!, id % 2 ? '/sse' : '/mcp', id)),
    );
    for (const response of responses) {
      if (response.status === 429) {
        refused ??= response;
        if (refused !== response) await response.body?.cancel();
        continue;
      }
      expect(response.status).toBe(send === post ? 200 : 405);
      answered += 1;
      await response.body?.cancel();
    }
  }
  return { answered, refused };
}

describe('rate limits on the MCP endpoints', () => {
  it('per client: beyond 120 requests a minute, 429 with Retry-After and a JSON-RPC error', async () => {
    const client = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
    const { answered, refused } = await flood([client.access_token], 2 * CLIENT_LIMIT + 1);
    expect(answered).toBeGreaterThanOrEqual(CLIENT_LIMIT);
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused!.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.error.message).toMatch(/Too many requests from this app/);
    // Another client of the same user is not held back by this one's limit.
    const other = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
    expect((await post(other.access_token, '/mcp', 1)).status).toBe(200);
  }, 60_000);

  it('per user: all their clients together get 300 requests a minute', async () => {
    const upn = emulator.tenant.users[1]!.userPrincipalName;
    // Six clients, each far below its own limit: only the user's limit can refuse.
    const clients = await Promise.all(Array.from({ length: 6 }, () => tokensFor(upn)));
    const { answered, refused } = await flood(
      clients.map((client) => client.access_token),
      2 * USER_LIMIT + 1,
      put,
    );
    expect(answered).toBeGreaterThanOrEqual(USER_LIMIT);
    expect(refused).toBeDefined();
    expect(refused!.headers.get('retry-after')).toBeTruthy();
    expect(((await refused!.json()) as { error: { message: string } }).error.message).toMatch(
      /for this user from all their apps/,
    );
  }, 60_000);

  it('WebSocket frames carrying requests count against the client: beyond the limit each gets a JSON-RPC error', async () => {
    const client = await tokensFor(emulator.tenant.users[2]!.userPrincipalName);
    // The upgrade itself is one request.
    const socket = await openSocket('/mcp', {
      authorization: `Bearer ${client.access_token}`,
      'sec-websocket-protocol': 'mcp',
    });
    await socket.request(initialize);
    let answered = 2; // the upgrade and initialize
    let refusal: { id?: number; error?: { code: number; message: string } } | undefined;
    for (let id = 100; id < 100 + 2 * CLIENT_LIMIT && !refusal; id++) {
      const answer = (await socket.request(ping(id))) as NonNullable<typeof refusal>;
      if (answer.error) refusal = answer;
      else answered += 1;
    }
    socket.close();
    expect(answered).toBeGreaterThanOrEqual(CLIENT_LIMIT);
    expect(refusal?.error?.message).toMatch(/Too many requests from this app/);
  }, 60_000);
});
