/**
 * The TokenVault against Microsoft's races and error kinds, deterministically: refreshes are held
 * at the emulated token endpoint (core/testing/identity/token-faults.ts) while the test signs in
 * again, or answered with Microsoft's own errors (MFA, conditional access, outage).
 */
import { env, runInDurableObject } from 'cloudflare:test';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher, type SealedRecord } from '../../core/auth/token-cipher';
import type { MicrosoftTokens } from '../../core/auth/microsoft';
import { tokenVaultFor } from '../../core/auth/token-vault';
import { failRefreshes, holdRefreshes, MICROSOFT_REFRESH_ERRORS, type Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { callTool, initialize, mcpPost, tokensFor } from './support';

const AUTHORITY = 'https://login.emulator.test';

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
const keyOf = (user: { tenantId: string; id: string }) => `${user.tenantId}.${user.id}`;

async function cipher(): Promise<TokenCipher> {
  return TokenCipher.fromRawKey(Uint8Array.from(atob(env.TOKEN_ENCRYPTION_KEY), (c) => c.charCodeAt(0)));
}

/** The vault's stored record, opened with the real key. */
async function storedTokens(key: string): Promise<MicrosoftTokens | undefined> {
  return runInDurableObject(tokenVaultFor(env, key), async (_instance, state) => {
    const record = await state.storage.get<SealedRecord>('tokens');
    return record ? (await cipher()).open<MicrosoftTokens>(record, key) : undefined;
  });
}

/** Moves the stored Microsoft token's expiry (as if time had passed), re-sealed with the real key. */
async function setStoredExpiry(key: string, expiresAt: number): Promise<void> {
  await runInDurableObject(tokenVaultFor(env, key), async (_instance, state) => {
    const sealer = await cipher();
    const tokens = (await sealer.open<MicrosoftTokens>((await state.storage.get<SealedRecord>('tokens'))!, key))!;
    await state.storage.put('tokens', await sealer.seal({ ...tokens, expiresAt }, key));
  });
}

/** Tokens the emulated Microsoft issued to the user while `run` ran. */
async function issuedDuring(userId: string, run: () => Promise<unknown>): Promise<string[]> {
  const before = new Set(emulator.issuedTokens(userId));
  await run();
  return emulator.issuedTokens(userId).filter((token) => !before.has(token));
}

async function works(accessToken: string): Promise<boolean> {
  return (await mcpPost(accessToken, initialize)).status === 200;
}

describe('TokenVault races', () => {
  it('a sign-in that lands during a refresh is not overwritten by the older refresh', async () => {
    const key = keyOf(adele());
    await tokensFor(adele().userPrincipalName);
    await setStoredExpiry(key, Date.now() - 1_000);
    const held = holdRefreshes(AUTHORITY);
    server.use(held.handler);

    const refreshing = tokenVaultFor(env, key).getAccessToken(key);
    await held.arrived;
    const fromSignIn = await issuedDuring(adele().id, () => tokensFor(adele().userPrincipalName));
    held.release();
    const access = await refreshing;

    const stored = (await storedTokens(key))!;
    expect(fromSignIn).toContain(stored.accessToken);
    expect(fromSignIn).toContain(stored.refreshToken);
    expect(access).toMatchObject({ ok: true, accessToken: stored.accessToken });
  });

  it("invalid_grant for a refresh token a newer sign-in superseded keeps the new tokens and the new app's grant", async () => {
    const key = keyOf(adele());
    await tokensFor(adele().userPrincipalName);
    await setStoredExpiry(key, Date.now() - 1_000);
    const held = holdRefreshes(AUTHORITY);
    server.use(held.handler);

    const refreshing = tokenVaultFor(env, key).getAccessToken(key);
    await held.arrived;
    const second = await tokensFor(adele().userPrincipalName);
    held.release(MICROSOFT_REFRESH_ERRORS.expired);
    await refreshing;

    expect(await tokenVaultFor(env, key).status(key)).toMatchObject({ signedIn: true });
    expect(await works(second.access_token)).toBe(true);
  });
});

describe("Microsoft's refresh errors", () => {
  it('a brief outage while the current Microsoft token is still valid serves that token', async () => {
    const key = keyOf(adele());
    const { access_token } = await tokensFor(adele().userPrincipalName);
    // Inside the refresh margin (a refresh is due) but still valid for two minutes.
    await setStoredExpiry(key, Date.now() + 2 * 60_000);
    server.use(failRefreshes(AUTHORITY, MICROSOFT_REFRESH_ERRORS.unavailable));
    let tokenRequests = 0;
    const count = ({ request }: { request: Request }) => {
      if (request.url.endsWith('/oauth2/v2.0/token')) tokenRequests++;
    };
    server.events.on('request:start', count);

    const response = await mcpPost(access_token, callTool('getEmails', { count: 1 }));
    const body = (await response.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
    server.events.removeListener('request:start', count);
    expect(body.result.isError ?? false).toBe(false);
    expect(tokenRequests).toBeGreaterThan(0);
    const stored = (await storedTokens(key))!;
    expect(await tokenVaultFor(env, key).getAccessToken(key)).toMatchObject({
      ok: true,
      accessToken: stored.accessToken,
    });
  });

  it('an outage with an expired Microsoft token is "try again", not "sign in again"', async () => {
    const key = keyOf(adele());
    const { access_token } = await tokensFor(adele().userPrincipalName);
    await setStoredExpiry(key, Date.now() - 1_000);
    server.use(failRefreshes(AUTHORITY, MICROSOFT_REFRESH_ERRORS.unavailable));

    const body = (await (await mcpPost(access_token, callTool('getEmails', { count: 1 }))).json()) as {
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(body.result.isError).toBe(true);
    expect(body.result.content[0]!.text).toMatch(/unavailable right now.*Try again/s);
    expect(await tokenVaultFor(env, key).status(key)).toMatchObject({ signedIn: true });
  });

  for (const [name, failure] of Object.entries({
    'MFA required (invalid_grant, AADSTS50076, basic_action)': MICROSOFT_REFRESH_ERRORS.mfaRequired,
    'conditional access (invalid_grant, AADSTS53003)': MICROSOFT_REFRESH_ERRORS.conditionalAccessBlocked,
    'a password change (invalid_grant, AADSTS50173)': MICROSOFT_REFRESH_ERRORS.passwordChanged,
    'interaction_required (AADSTS50079)': MICROSOFT_REFRESH_ERRORS.interactionRequired,
  })) {
    it(`${name}: keeps the tokens and the grants, and tells the user where to sign in again`, async () => {
      const key = keyOf(adele());
      const connection = await tokensFor(adele().userPrincipalName);
      const before = await storedTokens(key);
      await setStoredExpiry(key, Date.now() - 1_000);
      server.use(failRefreshes(AUTHORITY, failure));

      const body = (await (await mcpPost(connection.access_token, callTool('getEmails', { count: 1 }))).json()) as {
        result: { isError: boolean; content: Array<{ text: string }> };
      };
      expect(body.result.isError).toBe(true);
      const text = body.result.content[0]!.text;
      expect(text).toContain('sign in again');
      expect(text).toContain('https://gateway.test/apps/signin?consent=1');
      expect(text).toContain(`AADSTS${failure.code}`);
      // Nothing dropped or revoked: the same Microsoft refresh token, the app's token still valid.
      expect((await storedTokens(key))?.refreshToken).toBe(before?.refreshToken);
      expect(await works(connection.access_token)).toBe(true);
    });
  }

  it('invalid_grant that is not about the user (refresh token expired) still ends the sign-in and its grants', async () => {
    const key = keyOf(adele());
    const connection = await tokensFor(adele().userPrincipalName);
    await setStoredExpiry(key, Date.now() - 1_000);
    server.use(failRefreshes(AUTHORITY, MICROSOFT_REFRESH_ERRORS.expired));

    const body = (await (await mcpPost(connection.access_token, callTool('getEmails', { count: 1 }))).json()) as {
      result: { isError: boolean; content: Array<{ text: string }> };
    };
    expect(body.result.content[0]!.text).toMatch(/sign-in has ended/);
    expect(await storedTokens(key)).toBeUndefined();
    expect(await works(connection.access_token)).toBe(false);
  });
});
