/** A JWT-shaped id_token. The signature segment is random bytes: the emulator's tokens are not verifiable. */
import type { DemoUser } from '../types';
import { seededBytes, toBase64Url } from '../tenant/ids';
import { base64UrlToText } from '../../encoding/base64';

const json64 = (value: unknown): string => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

export function buildIdToken(options: {
  authorityOrigin: string;
  user: DemoUser;
  clientId: string;
  nonce?: string;
  lifetimeSeconds: number;
}): string {
  const { user, clientId } = options;
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: clientId,
    iss: `${options.authorityOrigin}/${user.tenantId}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + options.lifetimeSeconds,
    ...(options.nonce ? { nonce: options.nonce } : {}),
    email: user.mail,
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userPrincipalName,
    // Microsoft's `sub` is pairwise: stable per user and application.
    sub: toBase64Url(seededBytes(`sub:${user.id}:${clientId}`, 32)),
    tid: user.tenantId,
    uti: toBase64Url(crypto.getRandomValues(new Uint8Array(16))),
    ver: '2.0',
  };
  const signature = toBase64Url(crypto.getRandomValues(new Uint8Array(64)));
  return `${json64({ alg: 'RS256', typ: 'JWT', kid: 'emulator' })}.${json64(claims)}.${signature}`;
}

/** Decode a JWT's payload without verifying it (tests read id_token claims with it). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(base64UrlToText(jwt.split('.')[1] ?? '')) as Record<string, unknown>;
}
