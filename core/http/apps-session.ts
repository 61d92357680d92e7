/**
 * The connected-apps page's own small session, separate from any MCP grant:
 * - sign-in `state`: 32 random bytes, stored in KV under its SHA-256 only (with our PKCE
 *   verifier) for 10 minutes, deleted on first use, and bound to the browser by a `__Host-`
 *   cookie carrying the same value (a callback without it is refused);
 * - session: a `__Host-` cookie `base64url(claims).hmac`, HMAC-SHA-256 with a key derived from
 *   COOKIE_SECRET for this purpose only, valid 15 minutes;
 * - CSRF: every form carries HMAC(session) — an attacker's page cannot compute it — and a
 *   cross-origin `Origin` is refused. The session cookie is SameSite=Lax (not Strict) because it
 *   is set at the end of the redirect chain from Microsoft's sign-in page, where Strict cookies
 *   are withheld; Lax still keeps it off cross-site POSTs.
 */
import { base64UrlToBytes, bytesToBase64Url } from '../encoding/base64';

export const STATE_COOKIE = '__Host-m365-apps-state';
export const SESSION_COOKIE = '__Host-m365-apps-session';
export const STATE_TTL_SECONDS = 600;
export const SESSION_TTL_SECONDS = 15 * 60;
const STATE_PREFIX = 'apps-signin:';

export interface AppsSession {
  userKey: string;
  upn: string;
  name: string;
  /** Epoch seconds. */
  exp: number;
}

export interface SignInState {
  verifier: string;
  /** True when the sign-in also grants (and stores) the Graph permissions the tools need. */
  consent: boolean;
}

export function randomToken(bytes = 32): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function saveSignInState(kv: KVNamespace, state: string, record: SignInState): Promise<void> {
  await kv.put(STATE_PREFIX + (await sha256(state)), JSON.stringify(record), { expirationTtl: STATE_TTL_SECONDS });
}

/** Returns the record once: it is deleted before the caller can use it. */
export async function takeSignInState(kv: KVNamespace, state: string): Promise<SignInState | undefined> {
  const key = STATE_PREFIX + (await sha256(state));
  const raw = await kv.get(key);
  if (raw === null) return undefined;
  await kv.delete(key);
  return JSON.parse(raw) as SignInState;
}

export async function signSession(secret: string, session: AppsSession): Promise<string> {
  const payload = bytesToBase64Url(new TextEncoder().encode(JSON.stringify(session)));
  return `${payload}.${await hmac(secret, `session:${payload}`)}`;
}

export async function readSession(secret: string, cookie: string | undefined): Promise<AppsSession | undefined> {
  const [payload, signature] = (cookie ?? '').split('.');
  if (!payload || !signature || !(await verifyHmac(secret, `session:${payload}`, signature))) return undefined;
  try {
    const session = JSON.parse(new TextDecoder().decode(base64UrlToBytes(payload))) as AppsSession;
    return typeof session.userKey === 'string' && session.exp > Date.now() / 1000 ? session : undefined;
  } catch {
    return undefined;
  }
}

/** The CSRF token for forms of this session (changes with every sign-in). */
export function csrfToken(secret: string, sessionCookie: string): Promise<string> {
  return hmac(secret, `csrf:${sessionCookie}`);
}

export async function checkCsrf(secret: string, sessionCookie: string, presented: string): Promise<boolean> {
  return verifyHmac(secret, `csrf:${sessionCookie}`, presented);
}

export function cookie(name: string, value: string, maxAge: number, sameSite: 'Strict' | 'Lax'): string {
  return `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=${sameSite}; Max-Age=${maxAge}`;
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  // A key of its own, derived from COOKIE_SECRET, so these MACs never match the consent cookies'.
  const base = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const derived = await crypto.subtle.sign('HMAC', base, new TextEncoder().encode('m365-gateway connected-apps v1'));
  return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** HMAC-SHA-256 with this page's key; `data` starts with its purpose (`session:`, `csrf:`, …). */
export async function hmac(secret: string, data: string): Promise<string> {
  return bytesToBase64Url(
    new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(data))),
  );
}

export async function verifyHmac(secret: string, data: string, signature: string): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(signature);
  } catch {
    return false;
  }
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, new TextEncoder().encode(data));
}

async function sha256(value: string): Promise<string> {
  return bytesToBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))));
}
