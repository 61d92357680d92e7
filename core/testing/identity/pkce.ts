/** PKCE (RFC 7636) S256 with Web Crypto, for the identity mock and for tests acting as a client. */
import { toBase64Url } from '../tenant/ids';

export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return toBase64Url(new Uint8Array(digest));
}

export async function createPkcePair(): Promise<{ verifier: string; challenge: string; method: 'S256' }> {
  const verifier = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { verifier, challenge: await s256(verifier), method: 'S256' };
}
