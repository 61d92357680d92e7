/**
 * AES-256-GCM sealing of Microsoft tokens at rest (TokenVault storage).
 *
 * - A fresh 96-bit IV per seal (GCM's requirement; never reuse an IV with the same key).
 * - The user key is bound as additional authenticated data, so a record copied into another
 *   user's vault fails to open instead of handing out someone else's tokens.
 * - The key id (first 8 bytes of SHA-256 of the key, hex) is stored beside the ciphertext, so a
 *   key rotation can tell which key sealed a record and refuse (rather than mis-decrypt) others.
 * - Rotation: `KeyRing` seals with the current key and opens with the current or the previous
 *   one, telling the caller to re-seal a record the previous key opened.
 */
import { base64ToBytes, bytesToBase64 } from '../encoding/base64';
export interface SealedRecord {
  v: 1;
  kid: string;
  iv: string;
  ct: string;
}

export class TokenCipher {
  private constructor(
    private readonly key: CryptoKey,
    readonly keyId: string,
  ) {}

  /**
   * @example
   * const cipher = await TokenCipher.fromRawKey(config.tokenEncryptionKey);
   * const sealed = await cipher.seal({ refreshToken }, userKey);
   */
  static async fromRawKey(raw: Uint8Array): Promise<TokenCipher> {
    if (raw.length !== 32) throw new TypeError('TokenCipher needs a 32-byte key');
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
    return new TokenCipher(key, toHex(digest.slice(0, 8)));
  }

  async seal(value: unknown, associatedData: string): Promise<SealedRecord> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plaintext = new TextEncoder().encode(JSON.stringify(value));
    const ciphertext = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(associatedData) },
      this.key,
      plaintext,
    );
    return { v: 1, kid: this.keyId, iv: bytesToBase64(iv), ct: bytesToBase64(new Uint8Array(ciphertext)) };
  }

  /** Returns undefined when the record was sealed with another key or for another user. */
  async open<T>(record: SealedRecord, associatedData: string): Promise<T | undefined> {
    if (record.v !== 1 || record.kid !== this.keyId) return undefined;
    try {
      const plaintext = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: base64ToBytes(record.iv), additionalData: new TextEncoder().encode(associatedData) },
        this.key,
        base64ToBytes(record.ct),
      );
      return JSON.parse(new TextDecoder().decode(plaintext)) as T;
    } catch {
      return undefined;
    }
  }
}

function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The result of opening with a key ring. */
export interface Opened<T> {
  value: T;
  /** Sealed with the previous key: seal it again with the current one. */
  stale: boolean;
}

/**
 * The current key (seals and opens) and, during a rotation, the previous one (opens only).
 *
 * @example
 * const ring = await KeyRing.fromRawKeys(config.tokenEncryptionKey, config.previousTokenEncryptionKey);
 * const opened = await ring.open<MicrosoftTokens>(record, userKey);
 * if (opened?.stale) await storage.put('tokens', await ring.seal(opened.value, userKey));
 */
export class KeyRing {
  private constructor(
    readonly current: TokenCipher,
    private readonly previous: TokenCipher | undefined,
  ) {}

  static async fromRawKeys(current: Uint8Array, previous?: Uint8Array): Promise<KeyRing> {
    const cipher = await TokenCipher.fromRawKey(current);
    const old = previous ? await TokenCipher.fromRawKey(previous) : undefined;
    // The same key given twice is no rotation.
    return new KeyRing(cipher, old && old.keyId !== cipher.keyId ? old : undefined);
  }

  seal(value: unknown, associatedData: string): Promise<SealedRecord> {
    return this.current.seal(value, associatedData);
  }

  /** Undefined when neither key sealed it (or it belongs to another user). */
  async open<T>(record: SealedRecord, associatedData: string): Promise<Opened<T> | undefined> {
    if (record.kid === this.current.keyId) {
      const value = await this.current.open<T>(record, associatedData);
      return value === undefined ? undefined : { value, stale: false };
    }
    if (this.previous && record.kid === this.previous.keyId) {
      const value = await this.previous.open<T>(record, associatedData);
      return value === undefined ? undefined : { value, stale: true };
    }
    return undefined;
  }
}
