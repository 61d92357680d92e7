/**
 * Base64 (RFC 4648 §4) and base64url (§5, unpadded) for bytes and UTF-8 text. Runtime-neutral:
 * only `btoa`/`atob`, which Workers, Node and browsers all have, so the gateway and the emulated
 * tenant (core/testing) share one implementation.
 *
 * Decoders throw on input that is not base64; callers that take untrusted input catch and answer
 * with their own message.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * @example
 * bytesToBase64(new TextEncoder().encode('foobar')); // 'Zm9vYmFy'
 */
export function bytesToBase64(bytes: Uint8Array): string {
  // Chunked: `String.fromCharCode(...bytes)` overflows the call stack on large inputs.
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/**
 * Standard base64, padding optional; surrounding whitespace is ignored.
 *
 * @example
 * new TextDecoder().decode(base64ToBytes('Zm9vYg==')); // 'foob'
 */
export function base64ToBytes(value: string): Uint8Array {
  return Uint8Array.from(atob(value.trim()), (char) => char.charCodeAt(0));
}

/**
 * Unpadded base64url, safe in URLs, cookies and header tokens.
 *
 * @example
 * bytesToBase64Url(Uint8Array.of(0xfb, 0xff)); // '-_8'
 */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict base64url: only the URL alphabet, no padding (a `+`, `/` or `=` is refused, so a value
 * has exactly one spelling).
 *
 * @example
 * base64UrlToBytes('-_8'); // Uint8Array [0xfb, 0xff]
 */
export function base64UrlToBytes(value: string): Uint8Array {
  if (!BASE64URL.test(value)) throw new TypeError('not base64url');
  return base64ToBytes(value.replace(/-/g, '+').replace(/_/g, '/'));
}

/** UTF-8 text as base64url. */
export function textToBase64Url(text: string): string {
  return bytesToBase64Url(new TextEncoder().encode(text));
}

/** base64url back to text; throws unless the bytes are valid UTF-8. */
export function base64UrlToText(value: string): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(base64UrlToBytes(value));
}
