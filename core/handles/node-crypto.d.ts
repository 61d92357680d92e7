/**
 * The part of `node:crypto` (nodejs_compat in workerd) that handle derivation uses: a synchronous
 * HMAC, so `ctx.handles.show` stays synchronous. Web Crypto's HMAC is async only. The Node
 * type-check uses @types/node's full declaration instead.
 */
declare module 'node:crypto' {
  interface Hmac {
    update(data: string): Hmac;
    digest(): Uint8Array;
  }
  export function createHmac(algorithm: 'sha256', key: string | Uint8Array): Hmac;
}
