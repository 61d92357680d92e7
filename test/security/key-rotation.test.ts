/**
 * Rotating TOKEN_ENCRYPTION_KEY (README "Rotating TOKEN_ENCRYPTION_KEY"): while the old key is
 * set as TOKEN_ENCRYPTION_KEY_PREVIOUS (as in this suite's env), a vault record sealed with it
 * still opens, and is re-sealed with the current key on its next use; a record neither key
 * sealed is never mis-decrypted, the user is just asked to sign in again.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SealedRecord, TokenCipher } from '../../core/auth/token-cipher';
import type { Emulator } from '../../core/testing';
import { connect, mcpClient, startEmulator, textOf } from '../workers/harness';

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const current = () => TokenCipher.fromRawKey(bytes(env.TOKEN_ENCRYPTION_KEY));
const previous = () =>
  TokenCipher.fromRawKey(
    bytes((env as unknown as { TOKEN_ENCRYPTION_KEY_PREVIOUS: string }).TOKEN_ENCRYPTION_KEY_PREVIOUS),
  );
const vaultOf = (userKey: string) => env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(userKey));

/** Re-seals the user's stored record with `cipher`, as a vault of the old key would have written it. */
async function sealStoredWith(userKey: string, cipher: TokenCipher): Promise<unknown> {
  const now = await current();
  return runInDurableObject(vaultOf(userKey), async (_instance, state) => {
    const tokens = await now.open((await state.storage.get<SealedRecord>('tokens'))!, userKey);
    expect(tokens).toBeDefined();
    await state.storage.put('tokens', await cipher.seal(tokens, userKey));
    return tokens;
  });
}

const storedRecord = (userKey: string) =>
  runInDurableObject(vaultOf(userKey), (_instance, state) => state.storage.get<SealedRecord>('tokens'));

describe('TOKEN_ENCRYPTION_KEY rotation', () => {
  it('a record sealed with the previous key still serves calls and is re-sealed with the current key on that use', async () => {
    const adele = emulator.tenant.users[0]!;
    const userKey = `${adele.tenantId}.${adele.id}`;
    const connection = await connect(adele.userPrincipalName);
    const old = await previous();
    const tokens = await sealStoredWith(userKey, old);
    expect((await storedRecord(userKey))!.kid).toBe(old.keyId);

    const { client } = await mcpClient(connection.accessToken);
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(result.isError, textOf(result)).toBeFalsy();

    const now = await current();
    const record = (await storedRecord(userKey))!;
    expect(record.kid).toBe(now.keyId);
    expect(record.kid).not.toBe(old.keyId);
    // The same tokens, under the new key; the old key no longer opens the record.
    expect(await now.open(record, userKey)).toEqual(tokens);
    expect(await old.open(record, userKey)).toBeUndefined();
  });

  it('a record sealed with a key that is neither current nor previous is not opened: the user signs in again', async () => {
    const megan = emulator.tenant.users[1]!;
    const userKey = `${megan.tenantId}.${megan.id}`;
    const connection = await connect(megan.userPrincipalName);
    const stranger = await TokenCipher.fromRawKey(crypto.getRandomValues(new Uint8Array(32)));
    await sealStoredWith(userKey, stranger);
    expect(await vaultOf(userKey).status(userKey)).toMatchObject({ signedIn: false });
    const { client } = await mcpClient(connection.accessToken);
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/sign/i);
    // Left as it was: nothing re-sealed from a record that did not open.
    expect((await storedRecord(userKey))!.kid).toBe(stranger.keyId);
  });
});
