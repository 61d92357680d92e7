/**
 * Handles belong to the user, not the session: shown over Streamable HTTP, they resolve in a plain
 * JSON-RPC call and over a WebSocket of the same user, after the session object restarts, and
 * never for another user.
 */
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { connect, GATEWAY, mcpClient, newestImmutableIds, openSocket, rpc, startEmulator, textOf } from './harness';

let emulator: Emulator;
let close: () => void;
let adeleToken: string;
let meganToken: string;
const adele = () => emulator.tenant.users[0]!;

beforeAll(async () => {
  ({ emulator, close } = startEmulator());
  adeleToken = (await connect(adele().userPrincipalName)).accessToken;
  meganToken = (await connect(emulator.tenant.users[1]!.userPrincipalName)).accessToken;
});
afterAll(() => close());

const getEmail = (id: string, callId: number | string = 1) => ({
  jsonrpc: '2.0',
  id: callId,
  method: 'tools/call',
  params: { name: 'getEmail', arguments: { id } },
});

describe('handles across sessions, transports and users', () => {
  it('a handle shown over Streamable HTTP resolves in plain JSON-RPC and over a WebSocket, and not for another user', async () => {
    const { client, transport } = await mcpClient(adeleToken);
    const listed = textOf(await client.callTool({ name: 'getEmails', arguments: { count: 1 } }));
    const handle = /- (m[0-9][0-9a-z]{4,}) \|/.exec(listed)?.[1];
    expect(handle).toBeTruthy();
    const newest = emulator.tenant.getMessage(adele().id, newestImmutableIds(emulator, adele().id, 1)[0]!)!;

    // Plain JSON-RPC: a one-shot server in the Worker, no session.
    let plain: { result: { isError?: boolean } } | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      plain = (await rpc(adeleToken, '/mcp', getEmail(handle!))) as typeof plain;
      if (!plain!.result.isError) break;
      await new Promise((resolve) => setTimeout(resolve, 10)); // the list's write is off its answer's path
    }
    expect(plain!.result.isError).toBeFalsy();
    expect(textOf(plain!.result)).toContain(`Subject: ${newest.subject}`);

    const socket = await openSocket('/mcp', { authorization: `Bearer ${adeleToken}`, 'sec-websocket-protocol': 'mcp' });
    await socket.request({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ws', version: '1' } },
    });
    const overSocket = (await socket.request(getEmail(handle!, 2))) as { result: { isError?: boolean } };
    expect(overSocket.result.isError).toBeFalsy();
    expect(textOf(overSocket.result)).toContain(`Subject: ${newest.subject}`);
    socket.close();

    const megan = (await rpc(meganToken, '/mcp', getEmail(handle!))) as { result: { isError?: boolean } };
    expect(megan.result.isError).toBe(true);
    expect(textOf(megan.result)).toMatch(new RegExp(`unknown message handle "${handle}"`));
    expect(textOf(megan.result)).not.toContain(newest.subject);

    // The session object loses its memory (as after eviction or a redeploy): the handle still resolves.
    const sessionStub = env.MCP_SESSION.get(
      env.MCP_SESSION.idFromName(`${adele().tenantId}.${adele().id}:${transport.sessionId}`),
    );
    await runInDurableObject(sessionStub, (instance) => {
      (instance as unknown as { live: unknown }).live = undefined;
    });
    const afterRestart = await client.callTool({ name: 'getEmail', arguments: { id: handle } });
    expect(afterRestart.isError).toBeFalsy();
    expect(textOf(afterRestart)).toContain(`Subject: ${newest.subject}`);
    await client.close();
  });

  it('a handle a stateless request showed resolves in the very next request (plain JSON-RPC and 2026-07-28)', async () => {
    // The answer comes once the list's handles are stored, so a client may use them at once; each
    // request keeps its own handle state (several requests of a user run at once in one isolate).
    const modern = (id: number, name: string, args: Record<string, unknown>) =>
      SELF.fetch(`${GATEWAY}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${meganToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': name,
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: {
            name,
            arguments: args,
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        }),
      }).then(async (response) => ((await response.json()) as { result: object }).result);
    const plain = async (id: number, name: string, args: Record<string, unknown>) =>
      (
        (await rpc(meganToken, '/mcp', {
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name, arguments: args },
        })) as {
          result: object;
        }
      ).result;
    const megan = emulator.tenant.users[1]!;
    for (const [era, call] of [
      ['2026-07-28', modern],
      ['plain JSON-RPC', plain],
    ] as const) {
      const roundTrip = async (count: number) => {
        const listed = textOf(await call(1, 'getEmails', { count }));
        const handles = [...listed.matchAll(/^- (m[0-9][0-9a-hjkmnp-tv-z]{4,11}) \|/gm)].map((match) => match[1]!);
        expect(handles, era).toHaveLength(count);
        const read = await call(2, 'getEmail', { id: handles[count - 1] });
        const oldest = emulator.tenant.getMessage(megan.id, newestImmutableIds(emulator, megan.id, count)[count - 1]!)!;
        expect(textOf(read), era).toContain(`Subject: ${oldest.subject}`);
      };
      // One client after another, then several at once, each reading the last message its list showed.
      for (const count of [2, 3, 4]) await roundTrip(count);
      await Promise.all([2, 3, 4, 5, 6, 7].map(roundTrip));
    }
  });

  it('keeps handles in a SQLite store of the user, bounded, and nothing in the session', async () => {
    const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName(`${adele().tenantId}.${adele().id}`));
    const rows = await runInDurableObject(
      store,
      (_instance, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM handles').one().n,
    );
    expect(rows).toBeGreaterThan(0);
    expect(await store.resolve(['m2k2k2k'])).toEqual({ found: {}, ambiguous: [] });
  });

  it('keeps at most 10,000 handles per user in SQLite: the 10,001st shown evicts the least recently shown', async () => {
    const store = env.HANDLE_STORE.get(env.HANDLE_STORE.idFromName('eviction-tenant.eviction-user'));
    const entry = (n: number) => ({ handle: `m${n}x`, kind: 'message', id: `AAMkAG-${n}` });
    for (let start = 0; start < 10_000; start += 1_000) {
      await store.record(Array.from({ length: 1_000 }, (_, n) => entry(start + n)));
    }
    await store.record([entry(0)]); // shown again: now the most recent
    await store.record([entry(10_000)]);
    const { found } = await store.resolve(['m0x', 'm1x', 'm2x', 'm10000x']);
    expect(Object.keys(found).sort()).toEqual(['m0x', 'm10000x', 'm2x']);
    const rows = await runInDurableObject(
      store,
      (_instance, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM handles').one().n,
    );
    expect(rows).toBe(10_000);
  });
});
