/**
 * Deterministic identifiers that look like Exchange's (long base64url strings), so code under test
 * meets realistic ids in URLs and $filter literals, while seeds stay reproducible.
 */
import { bytesToBase64, bytesToBase64Url } from '../../encoding/base64';

/** A deterministic byte stream from a seed string (FNV-1a seeded xorshift; not cryptographic). */
export function seededBytes(seed: string, length: number): Uint8Array {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const out = new Uint8Array(length);
  let x = h || 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export { bytesToBase64 as toBase64, bytesToBase64Url as toBase64Url } from '../../encoding/base64';

export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** A GUID derived from a seed (version-4 shaped). */
export function seededGuid(seed: string): string {
  const b = seededBytes(`guid:${seed}`, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const seg = (seed: string, n: number): string => bytesToBase64Url(seededBytes(seed, n));

/** An Exchange-style item id (~160 chars): mailbox part, store part, then the item's own part. */
export function exchangeItemId(mailboxKey: string, itemKey: string): string {
  return `AAMkAG${seg(`mbx:${mailboxKey}`, 30)}AEYAAAAA${seg(`store:${mailboxKey}`, 22)}BwA${seg(
    `item:${mailboxKey}:${itemKey}`,
    22,
  )}AAAAAAEMAAA${seg(`item2:${mailboxKey}:${itemKey}`, 22)}AAA=`;
}

/**
 * An immutable item id (`Prefer: IdType="ImmutableId"`): a different shape from the default id,
 * fixed when the item is created and kept when it moves.
 */
export function exchangeImmutableId(mailboxKey: string, itemKey: string): string {
  return `AAkALg${seg(`imm-mbx:${mailboxKey}`, 30)}BGAAA${seg(`imm:${mailboxKey}:${itemKey}`, 40)}AAA=`;
}

/** An Exchange-style folder id (~120 chars). */
export function exchangeFolderId(mailboxKey: string, folderKey: string): string {
  return `AAMkAG${seg(`mbx:${mailboxKey}`, 30)}AC4AAAAA${seg(`store:${mailboxKey}`, 22)}AQA${seg(
    `folder:${mailboxKey}:${folderKey}`,
    22,
  )}AAA=`;
}

/** An attachment id: its message id plus an attachment part, as Exchange builds them. */
export function exchangeAttachmentId(messageId: string, index: number): string {
  return `${messageId.replace(/=+$/, '')}BEgAQA${seg(`att:${messageId}:${index}`, 16)}=`;
}

export function conversationIdFor(threadKey: string): string {
  return `AAQkAG${seg(`conv-mbx:${threadKey}`, 30)}AQA${seg(`conv:${threadKey}`, 16)}=`;
}

/** Ids the emulator hands out are base64url-ish and long; anything else is "malformed" to Graph. */
export function isWellFormedExchangeId(id: string): boolean {
  return id.length >= 40 && /^AA[A-Za-z0-9_-]+={0,2}$/.test(id);
}

/** Random opaque tokens (codes, access and refresh tokens) from the Web Crypto RNG. */
export function randomToken(byteLength = 32): string {
  const b = new Uint8Array(byteLength);
  crypto.getRandomValues(b);
  return bytesToBase64Url(b);
}

/**
 * A Graph-like item id for an added tenant area, deterministic per area and key (same key, same id
 * after every reset), long and base64url-shaped like Exchange's so code under test meets realistic ids.
 *
 * @example
 * areaItemId('todo', `${user.id}:task:3`); // 'AAMkAG…AAA='
 */
export function areaItemId(area: string, key: string): string {
  return exchangeItemId(`area:${area}`, key);
}
