import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64UrlToBytes,
  base64UrlToText,
  bytesToBase64,
  bytesToBase64Url,
  textToBase64Url,
} from './base64';

const text = (value: string) => new TextEncoder().encode(value);

describe('base64 (RFC 4648)', () => {
  it('encodes the RFC 4648 §10 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(bytesToBase64(text(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64ToBytes(encoded))).toBe(plain);
    }
  });

  it('base64url uses - and _ and drops padding; the decoder refuses the standard alphabet and padding', () => {
    expect(bytesToBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
    expect(bytesToBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect([...base64UrlToBytes('-_8')]).toEqual([0xfb, 0xff]);
    for (const bad of ['+/8', '-_8=', 'a b', 'é']) expect(() => base64UrlToBytes(bad), bad).toThrow();
  });

  it('round-trips every byte value and inputs larger than one encoding chunk', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const large = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 256);
    for (const bytes of [all, large]) {
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      expect(base64UrlToBytes(bytesToBase64Url(bytes))).toEqual(bytes);
    }
  });

  it('text helpers round-trip UTF-8 and refuse bytes that are not UTF-8', () => {
    expect(base64UrlToText(textToBase64Url('Grüße ✓'))).toBe('Grüße ✓');
    expect(() => base64UrlToText(bytesToBase64Url(Uint8Array.of(0xff, 0xfe)))).toThrow();
  });

  it('the standard decoder ignores surrounding whitespace and refuses non-base64', () => {
    expect(new TextDecoder().decode(base64ToBytes(' Zm9v\n'))).toBe('foo');
    expect(() => base64ToBytes('not base64!')).toThrow();
  });
});
