/**
 * Refresh storm: 50 concurrent tool calls of one user whose Microsoft access token has expired,
 * spread over every transport (two Streamable HTTP sessions, two HTTP+SSE streams, two
 * WebSockets, plain JSON-RPC and MCP 2026-07-28 requests). The token is expired deterministically
 * — in the vault's record and at the emulated Microsoft, which then rejects it — and Microsoft's
 * token endpoint holds the refresh until every one of the 50 calls is waiting for a token. Then it
 * answers once: with new tokens, or with `invalid_grant`.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MicrosoftTokens } from '../../core/auth/microsoft';
import { TokenCipher, type SealedRecord } from '../../core/auth/token-cipher';
import { tokenVaultFor } from '../../core/auth/token-vault';
import { SessionTokenCache } from '../../core/mcp/tool-context';
import { holdRefreshes, MICROSOFT_REFRESH_ERRORS, type Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { type CallOutcome, type Channel, type ChannelKind, openChannel, textOfAnswer } from './channels';
import { mcpPost, tokensFor } from './support';

const AUTHORITY = 'https://login.emulator.test';
/** Generous: a busy machine must not fail the suite; a call that hangs still fails it. */
const STORM_TIMEOUT_MS = 30_000;
const getEmails = { name: 'getEmails', arguments: { count: 1 } };
/** Channels and calls per channel: 2×5 per session transport, 10 sessionless requests per era (50). */
const PLAN: Array<[ChannelKind, number]> = [
  ['streamable-http', 5],
  ['streamable-http', 5],
  ['legacy-sse', 5],
  ['legacy-sse', 5],
  ['websocket', 5],
  ['websocket', 5],
  ['plain-json-rpc', 10],
  ['mcp-2026-07-28', 10],
];
let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

const keyOf = (user: { tenantId: string; id: string }) => `${user.tenantId}.${user.id}`;

/** Moves the vault's Microsoft token expiry into the past, re-sealed with the real key. */
async function expireInVault(key: string): Promise<void> {
  const cipher = await TokenCipher.fromRawKey(Uint8Array.from(atob(env.TOKEN_ENCRYPTION_KEY), (c) => c.charCodeAt(0)));
  await runInDurableObject(tokenVaultFor(env, key), async (_instance, state) => {
    const tokens = (await cipher.open<MicrosoftTokens>((await state.storage.get<SealedRecord>('tokens'))!, key))!;
    await state.storage.put('tokens', await cipher.seal({ ...tokens, expiresAt: Date.now() - 1_000 }, key));
  });
}

/**
 * The tool calls now waiting for a Microsoft token (an observer around the real token caches of
 * sessions and of sessionless calls, removed by `stop`): the held refresh is released only once all
 * of them wait, so none can have been served before it.
 */
function watchTokenWaits(): { waiting(): number; stop(): void } {
  const waiting = new Set<object>();
  const prototype = SessionTokenCache.prototype;
  const original = Object.getOwnPropertyDescriptor(prototype, 'source')!;
  prototype.source = function (this: SessionTokenCache, userKey: string) {
    const inner = original.value.call(this, userKey) as ReturnType<SessionTokenCache['source']>;
    const call = {};
    return {
      getToken(staleToken?: string) {
        waiting.add(call);
        return inner.getToken(staleToken).finally(() => waiting.delete(call));
      },
    };
  };
  return { waiting: () => waiting.size, stop: () => Object.defineProperty(prototype, 'source', original) };
}

/** Requests at Microsoft's token endpoint with grant_type=refresh_token, and Graph's 401s. */
function watchMicrosoft(): { refreshes(): number; rejected(): number; stop(): void } {
  let refreshes = 0;
  let rejected = 0;
  const onRequest = async ({ request }: { request: Request }) => {
    if (!request.url.endsWith('/oauth2/v2.0/token')) return;
    if (new URLSearchParams(await request.clone().text()).get('grant_type') === 'refresh_token') refreshes++;
  };
  const onResponse = ({ request, response }: { request: Request; response: Response }) => {
    if (request.url.startsWith('https://graph.emulator.test/') && response.status === 401) rejected++;
  };
  server.events.on('request:start', onRequest);
  server.events.on('response:mocked', onResponse);
  return {
    refreshes: () => refreshes,
    rejected: () => rejected,
    stop: () => {
      server.events.removeListener('request:start', onRequest);
      server.events.removeListener('response:mocked', onResponse);
    },
  };
}

/**
 * Signs `user` in, warms the sessionless token cache, opens every channel, then expires the
 * Microsoft token (vault and emulator) and fires all 50 calls while the refresh is held.
 */
async function storm(userIndex: number) {
  const user = emulator.tenant.users[userIndex]!;
  const key = keyOf(user);
  const { access_token: token } = await tokensFor(user.userPrincipalName);
  // The isolate's cache for sessionless calls now holds the token that is about to expire.
  for (const kind of ['plain-json-rpc', 'mcp-2026-07-28'] as const) {
    const warm = await (await openChannel(kind, token)).call(1, 'tools/call', getEmails);
    expect(warm.kind === 'answer' && textOfAnswer(warm.answer)).toMatch(/newest first/);
  }
  const channels: Channel[] = [];
  for (const [kind] of PLAN) channels.push(await openChannel(kind, token));

  await expireInVault(key);
  emulator.expireAccessTokens();
  const held = holdRefreshes(AUTHORITY);
  server.use(held.handler);
  const microsoft = watchMicrosoft();
  const tokenWaits = watchTokenWaits();

  let id = 100;
  const calls: Array<{ kind: ChannelKind; outcome: Promise<CallOutcome> }> = [];
  PLAN.forEach(([kind, count], index) => {
    for (let n = 0; n < count; n++) calls.push({ kind, outcome: channels[index]!.call(id++, 'tools/call', getEmails) });
  });
  expect(calls).toHaveLength(50);
  await held.arrived;
  // Sessions wait on their cache's vault request; sessionless calls on the isolate's, some after
  // Graph refused the expired token the isolate still held.
  await expect.poll(() => tokenWaits.waiting(), { timeout: 10_000 }).toBe(calls.length);
  const release = (failure?: (typeof MICROSOFT_REFRESH_ERRORS)[keyof typeof MICROSOFT_REFRESH_ERRORS]) =>
    held.release(failure);
  const settle = async () => {
    const outcomes = await Promise.all(calls.map(async (call) => ({ kind: call.kind, outcome: await call.outcome })));
    tokenWaits.stop();
    microsoft.stop();
    for (const channel of channels) await channel.close().catch(() => undefined);
    return outcomes;
  };
  return { token, key, microsoft, release, settle };
}

describe('refresh storm', () => {
  it(
    '50 concurrent calls across every transport on an expired Microsoft token: one refresh, all succeed',
    async () => {
      const { token, microsoft, release, settle } = await storm(1);
      release();
      const outcomes = await settle();

      expect(microsoft.refreshes()).toBe(1);
      // The sessionless calls really sent the expired token, and Graph refused it.
      expect(microsoft.rejected()).toBeGreaterThanOrEqual(1);
      for (const { kind, outcome } of outcomes) {
        expect(outcome.kind, kind).toBe('answer');
        if (outcome.kind !== 'answer') continue;
        expect(outcome.answer.result?.isError ?? false, `${kind}: ${textOfAnswer(outcome.answer)}`).toBe(false);
        expect(textOfAnswer(outcome.answer)).toMatch(/newest first/);
      }
      // The refreshed token is kept: the next sessionless call needs no refresh.
      const after = watchMicrosoft();
      const next = (await (
        await mcpPost(token, { jsonrpc: '2.0', id: 9, method: 'tools/call', params: getEmails })
      ).json()) as {
        result: { isError?: boolean };
      };
      after.stop();
      expect(next.result.isError ?? false).toBe(false);
      expect(after.refreshes()).toBe(0);
    },
    STORM_TIMEOUT_MS,
  );

  it(
    'invalid_grant: each of 50 waiting calls, across every transport, is told to re-authorize; none hangs',
    async () => {
      const { token, key, microsoft, release, settle } = await storm(2);
      release(MICROSOFT_REFRESH_ERRORS.expired);
      const outcomes = await settle();

      expect(microsoft.refreshes()).toBe(1);
      for (const { kind, outcome } of outcomes) {
        if (kind === 'websocket' && outcome.kind === 'closed') {
          // Ending the sign-in revokes the grant, which closes its sockets: the close says to authorize again.
          expect(outcome.code).toBe(4401);
          expect(outcome.reason).toMatch(/authorize this app again/);
          continue;
        }
        expect(outcome.kind, kind).toBe('answer');
        if (outcome.kind !== 'answer') continue;
        expect(outcome.answer.result?.isError, kind).toBe(true);
        expect(textOfAnswer(outcome.answer), kind).toMatch(
          /Microsoft 365 sign-in has ended .*Reconnect this app to the gateway \(sign in again\)/,
        );
      }
      expect(await tokenVaultFor(env, key).status(key)).toMatchObject({ signedIn: false });
      // And the client's next request is refused so that it authorizes again.
      const next = await mcpPost(token, { jsonrpc: '2.0', id: 9, method: 'tools/call', params: getEmails });
      expect(next.status).toBe(401);
      expect(next.headers.get('www-authenticate')).toMatch(/invalid_token/);
    },
    STORM_TIMEOUT_MS,
  );
});
