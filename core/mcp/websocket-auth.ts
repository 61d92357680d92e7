/**
 * Browsers cannot set an Authorization header on a WebSocket. They may instead offer the bearer
 * as a second subprotocol, `bearer.<base64url(token)>`, next to `mcp`:
 *
 *   new WebSocket('wss://gateway.example.com/mcp', ['mcp', 'bearer.' + base64url(accessToken)])
 *
 * Never the query string (it lands in logs and history). OAuthProvider validates only the
 * Authorization header, so this runs before it: the token moves into the header and the bearer
 * subprotocol is removed; the upgrade is answered with `mcp` only.
 */
import { base64UrlToText, textToBase64Url } from '../encoding/base64';

const BEARER_PREFIX = 'bearer.';

/** The subprotocols a WebSocket upgrade offers, in order. */
export function offeredSubprotocols(request: Request): string[] {
  return (request.headers.get('sec-websocket-protocol') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * @example
 * fetch: (request, env, ctx) => provider.fetch(bearerFromSubprotocol(request), env, ctx)
 */
export function bearerFromSubprotocol(request: Request): Request {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return request;
  const offered = offeredSubprotocols(request);
  const bearer = offered.find((protocol) => protocol.startsWith(BEARER_PREFIX));
  if (!bearer) return request;
  const headers = new Headers(request.headers);
  const rest = offered.filter((protocol) => protocol !== bearer);
  if (rest.length > 0) headers.set('sec-websocket-protocol', rest.join(', '));
  else headers.delete('sec-websocket-protocol');
  if (!headers.has('authorization')) {
    const token = decodeBase64Url(bearer.slice(BEARER_PREFIX.length));
    // An undecodable value is left out: the provider then answers 401 as for a missing token.
    if (token) headers.set('authorization', `Bearer ${token}`);
  }
  return new Request(request, { headers });
}

/** `bearer.<base64url>` for a token: what a browser client offers as its second subprotocol. */
export function bearerSubprotocol(token: string): string {
  return BEARER_PREFIX + textToBase64Url(token);
}

function decodeBase64Url(value: string): string | undefined {
  try {
    return base64UrlToText(value) || undefined;
  } catch {
    return undefined;
  }
}
