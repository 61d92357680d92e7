/**
 * Calls outside a session (plain JSON-RPC, MCP 2026-07-28) keep the user's Microsoft access token
 * in the isolate until shortly before it expires: a second call reaches Graph without asking the
 * vault again. Proven by emptying the vault between the two calls — only a held token can serve
 * the second.
 */
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionTokenCache } from '../../core/mcp/tool-context';
import { holdRefreshes, type Emulator } from '../../core/testing';
import { connect, GATEWAY, startEmulator, textOf } from './harness';

const MODERN = '2026-07-28';
let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

const getEmails = { name: 'getEmails', arguments: { count: 1 } };

const eras = {
  'plain JSON-RPC': (id: number) => ({
    headers: {},
    body: { jsonrpc: '2.0', id, method: 'tools/call', params: getEmails },
  }),
  'MCP 2026-07-28': (id: number) => ({
    headers: {
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': 'tools/call',
      'mcp-name': 'getEmails',
    },
    body: {
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: {
        ...getEmails,
        _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} },
      },
    },
  }),
};

async function call(era: keyof typeof eras, token: string, id: number): Promise<string> {
  const { headers, body } = eras[era](id);
  const response = await SELF.fetch(`${GATEWAY}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return textOf(((await response.json()) as { result: object }).result);
}

describe('the Microsoft token is held in the isolate between stateless calls', () => {
  it.each([
    ['plain JSON-RPC', 1],
    ['MCP 2026-07-28', 2],
  ] as const)('%s: a second call needs no vault round trip', async (era, userIndex) => {
    const user = emulator.tenant.users[userIndex]!;
    const { accessToken } = (await connect(user.userPrincipalName))!;
    expect(await call(era, accessToken, 1)).toMatch(/newest first/);

    const vault = env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(`${user.tenantId}.${user.id}`));
    await runInDurableObject(vault, (_instance, state) => state.storage.deleteAll());

    expect(await call(era, accessToken, 2)).toMatch(/newest first/);
  });
});

describe('a token Graph refused', () => {
  it('is not handed to a call that starts while its replacement is fetched', async () => {
    const user = emulator.tenant.users[0]!;
    const key = `${user.tenantId}.${user.id}`;
    await connect(user.userPrincipalName);
    const tokens = new SessionTokenCache(() => env).source(key);
    const refused = await tokens.getToken();
    // Microsoft no longer takes it, though its recorded expiry says it is good for an hour.
    emulator.expireAccessTokens();
    const held = holdRefreshes('https://login.emulator.test');
    server.use(held.handler);

    // A call's Graph request was refused with it: the cache asks the vault for the replacement.
    const replacement = tokens.getToken(refused);
    await held.arrived;
    const next = tokens.getToken();
    held.release();

    expect(await next).not.toBe(refused);
    expect(await next).toBe(await replacement);
  });
});
