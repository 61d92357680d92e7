import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher, type SealedRecord } from '../../core/auth/token-cipher';
import type { Emulator } from '../../core/testing';
import type { SetupServer } from 'msw/node';
import {
  connect,
  expandHandles,
  GATEWAY,
  mcpClient,
  newestImmutableIds,
  slowTokenEndpoint,
  startEmulator,
  textOf,
} from './harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => {
  server.resetHandlers();
  emulator.reset();
});
afterAll(() => close());

const adele = () => emulator.tenant.users[0]!;
const megan = () => emulator.tenant.users[1]!;
const userKey = (user: { tenantId: string; id: string }) => `${user.tenantId}.${user.id}`;

describe('health and discovery', () => {
  it('reports version, enabled plugins, tool count and config state', async () => {
    const response = await SELF.fetch(`${GATEWAY}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', plugins: ['mail'], config: 'ok' });
    expect(body.tools).toBeGreaterThanOrEqual(1);
    expect(typeof body.version).toBe('string');
  });

  it('answers /mcp without a token with 401 and a resource_metadata challenge', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
    expect(metadataUrl).toBeTruthy();
    const metadata = (await (await SELF.fetch(metadataUrl!)).json()) as {
      resource: string;
      authorization_servers: string[];
    };
    expect(metadata.authorization_servers).toEqual([GATEWAY]);
    const as = (await (await SELF.fetch(`${GATEWAY}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(as.code_challenge_methods_supported).toEqual(['S256']);
    expect(as.registration_endpoint).toBe(`${GATEWAY}/register`);
  });

  it('refuses an unknown or expired bearer with 401 and WWW-Authenticate', async () => {
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-real-token', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});

describe('sign-in and the first tool', () => {
  it('signs in through consent and Microsoft, then lists tools and reads the newest inbox messages', async () => {
    const connection = await connect(adele().userPrincipalName);
    expect(connection.accessToken).toBeTruthy();
    const { client } = await mcpClient(connection.accessToken);
    const { tools } = await client.listTools();
    const getEmails = tools.find((tool) => tool.name === 'getEmails');
    expect(getEmails?.inputSchema.properties).toHaveProperty('count');
    expect(getEmails?.annotations?.readOnlyHint).toBe(true);

    const result = await client.callTool({ name: 'getEmails', arguments: { count: 3 } });
    expect(result.isError).toBeFalsy();
    const newest = newestImmutableIds(emulator, adele().id, 4);
    const text = await expandHandles(adele(), textOf(result));
    for (const id of newest.slice(0, 3)) expect(text).toContain(id);
    expect(text).not.toContain(newest[3]!);
    expect(text).toContain('<untrusted-content');
    await client.close();
  });

  it("shows times in the user's Outlook time zone, read from the mailbox settings at sign-in", async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    const { client } = await mcpClient(accessToken);
    const text = textOf(await client.callTool({ name: 'getEmails', arguments: { count: 1 } }));
    expect(adele().timeZone).toBe('Pacific Standard Time');
    expect(text).toContain('(times in America/Los_Angeles)');
    const inbox = emulator.tenant.resolveFolder(adele().id, 'inbox')!;
    const newest = [...emulator.tenant.messages(adele().id, inbox.id)].sort((a, b) =>
      String(b.receivedDateTime).localeCompare(String(a.receivedDateTime)),
    )[0]!;
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(newest.receivedDateTime!));
    expect(text).toContain(`| ${local} |`);
    await client.close();
  });

  it('never sends the gateway token to Graph, only the Microsoft one', async () => {
    const connection = await connect(adele().userPrincipalName);
    const { client } = await mcpClient(connection.accessToken);
    emulator.stats.reset();
    await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    const graphCalls = emulator.stats.graphRequests;
    expect(graphCalls.length).toBeGreaterThan(0);
    for (const call of graphCalls) {
      expect(call.headers.authorization).toMatch(/^Bearer /);
      expect(call.headers.authorization).not.toContain(connection.accessToken);
    }
    await client.close();
  });
});

describe('bad input', () => {
  it('answers malformed JSON-RPC with a JSON-RPC parse error, not HTTP 500', async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: '{"jsonrpc": "2.0", "method": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });

  it('names an unknown tool in a JSON-RPC error', async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    const { client } = await mcpClient(accessToken);
    await expect(client.callTool({ name: 'getEmial', arguments: {} })).rejects.toThrow(
      /Unknown tool: "getEmial".*getEmails/,
    );
    await client.close();
  });

  it('answers invalid arguments with a tool error naming the field and the rule', async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    const { client } = await mcpClient(accessToken);
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 80, folder: 7 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/count/);
    expect(textOf(result)).toMatch(/50/);
    expect(textOf(result)).toMatch(/folder/);
    await client.close();
  });
});

describe('token vault', () => {
  it('stores no plaintext Microsoft token', async () => {
    const issued: string[] = [];
    emulator.stats.reset();
    await connect(adele().userPrincipalName);
    issued.push(...emulator.issuedTokens(adele().id));
    expect(issued.length).toBeGreaterThanOrEqual(2);
    const stub = env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(userKey(adele())));
    const stored = await runInDurableObject(stub, async (_instance, state) =>
      JSON.stringify([...(await state.storage.list()).entries()]),
    );
    expect(stored.length).toBeGreaterThan(50);
    for (const token of issued) expect(stored).not.toContain(token);
  });

  async function expireStoredToken(key: string): Promise<void> {
    // Let the stored Microsoft token's expiry pass: rewrite the sealed record with the real cipher.
    const stub = env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(key));
    await runInDurableObject(stub, async (_instance, state) => {
      const cipher = await TokenCipher.fromRawKey(
        Uint8Array.from(atob(env.TOKEN_ENCRYPTION_KEY), (c) => c.charCodeAt(0)),
      );
      const record = (await state.storage.get<SealedRecord>('tokens'))!;
      const tokens = (await cipher.open<{ expiresAt: number }>(record, key))!;
      await state.storage.put('tokens', await cipher.seal({ ...tokens, expiresAt: Date.now() - 1_000 }, key));
    });
  }

  it('refreshes exactly once when 20 concurrent calls in 4 sessions find the Microsoft token expired', async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    await expireStoredToken(userKey(adele()));
    slowTokenEndpoint(server, 200);
    const sessions = await Promise.all(Array.from({ length: 4 }, () => mcpClient(accessToken)));
    const before = emulator.stats.tokenRequests.refresh_token;

    const results = await Promise.all(
      sessions.flatMap(({ client }) =>
        Array.from({ length: 5 }, () => client.callTool({ name: 'getEmails', arguments: { count: 1 } })),
      ),
    );
    expect(results.filter((result) => result.isError).map(textOf)).toEqual([]);
    expect(emulator.stats.tokenRequests.refresh_token - before).toBe(1);
    await Promise.all(sessions.map(({ client }) => client.close()));
  });

  it('refreshes exactly once when Graph rejects the token for 20 concurrent calls (one forced refresh)', async () => {
    const { accessToken } = await connect(adele().userPrincipalName);
    const sessions = await Promise.all(Array.from({ length: 2 }, () => mcpClient(accessToken)));
    for (const { client } of sessions) await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    emulator.expireAccessTokens();
    slowTokenEndpoint(server, 200);
    const before = emulator.stats.tokenRequests.refresh_token;

    const results = await Promise.all(
      sessions.flatMap(({ client }) =>
        Array.from({ length: 10 }, () => client.callTool({ name: 'getEmails', arguments: { count: 1 } })),
      ),
    );
    expect(results.filter((result) => result.isError).map(textOf)).toEqual([]);
    expect(emulator.stats.tokenRequests.refresh_token - before).toBe(1);
    await Promise.all(sessions.map(({ client }) => client.close()));
  });
});

describe('sessions', () => {
  it("refuses a second user's token on the first user's Mcp-Session-Id", async () => {
    const first = await connect(adele().userPrincipalName);
    const { client, transport } = await mcpClient(first.accessToken);
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();

    const second = await connect(megan().userPrincipalName);
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${second.accessToken}`,
        'mcp-session-id': sessionId,
        'mcp-protocol-version': '2025-06-18',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'getEmails', arguments: {} },
      }),
    });
    expect(response.status).toBe(404);
    // The owner's session is untouched.
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(result.isError).toBeFalsy();
    await client.close();
  });
});
