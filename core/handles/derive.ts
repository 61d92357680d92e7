/**
 * How a handle is made: a keyed hash of (kind, Graph id) under a key that belongs to one user, so
 * the same item always gets the same handle for that user, in any session, and `show` needs no
 * storage round trip. The user's key is HMAC-SHA-256 of the deployment secret over the user key
 * (a PRF step, so handles reveal nothing about the secret or the ids).
 *
 *   handle = kind letter + digit + 4 alphabet characters (`m7k2qx`), taken from the item's hash;
 *   after a collision (two items of one user on one handle) the colliding handle is retired and
 *   both items are shown one character longer (`m7k2qxa`), up to 13 characters.
 */
import { createHmac } from 'node:crypto';
import { HANDLE_ALPHABET } from '../plugin/handles';

/** Shortest handle: kind letter, digit, four characters. */
export const SHORTEST = 6;
/** Longest handle (a run of collisions this deep is astronomically unlikely). */
export const LONGEST = 13;

/**
 * The per-user key handles are derived with.
 *
 * @example
 * const key = userHandleKey(env.TOKEN_ENCRYPTION_KEY, 'tenant.object');
 */
export function userHandleKey(deploymentSecret: string, userKey: string): Uint8Array {
  return new Uint8Array(
    createHmac('sha256', deploymentSecret).update(`m365-gateway handles v1\u0000${userKey}`).digest(),
  );
}

/**
 * The handles `id` may be shown as, shortest first; `show` uses the first that is not retired.
 *
 * @example
 * handleRungs(key, 'message', 'AAMkAG…')[0]; // 'm7k2qx'
 */
export function handleRungs(key: Uint8Array, kind: string, id: string): string[] {
  const digest = createHmac('sha256', key).update(`${kind}\u0000${id}`).digest();
  // The digit comes from one byte (a 0.4% bias toward 0–5 does not matter here), the rest 5 bits at a time.
  let handle = `${kind[0] ?? 'x'}${(digest[0] ?? 0) % 10}`;
  const rungs: string[] = [];
  let bits = 0;
  let buffer = 0;
  let offset = 1;
  while (handle.length < LONGEST) {
    if (bits < 5) {
      buffer = (buffer << 8) | (digest[offset++] ?? 0);
      bits += 8;
    }
    bits -= 5;
    handle += HANDLE_ALPHABET[(buffer >> bits) & 31];
    buffer &= (1 << bits) - 1;
    if (handle.length >= SHORTEST) rungs.push(handle);
  }
  return rungs;
}
