/**
 * Over-long identifiers are refused before they reach KV. The OAuth library builds KV keys from
 * what a client sends (`token:<user>:<grant>:<hash>`, `grant:<user>:<grant>`, `client:<id>`), and
 * KV refuses keys over 512 bytes by throwing, which would turn a client's garbage into a 500.
 * Everything this gateway issues is far shorter (an access token is about 125 bytes), so a value
 * over `MAX_IDENTIFIER_BYTES` cannot be one of ours and is answered as the unknown value it is:
 * - a bearer on /mcp or /sse: 401 `invalid_token` with the RFC 9728 `resource_metadata` challenge;
 * - at POST /token: `code` and `refresh_token` 400 `invalid_grant`, `client_id` (form or Basic)
 *   401 `invalid_client` (what the library answers for any unknown client), a `token` to revoke
 *   200 (RFC 7009 §2.2: an invalid token is not an error);
 * - at GET /authorize: `client_id`, a 400 page (the client is unknown, so nothing is redirected).
 * A `client_id` that is an https URL with a path is a Client ID Metadata Document, fetched rather
 * than looked up in KV; it is bounded by `MAX_CLIENT_ID_URL_CHARS` instead.
 */
import { readTextUpTo } from './bounded-body';
import { base64ToBytes } from '../encoding/base64';
import { HttpError } from './http-error';

/** Leaves room for the library's key prefixes and 64-character hashes within KV's 512 bytes. */
export const MAX_IDENTIFIER_BYTES = 400;
/** The longest Client ID Metadata Document URL accepted as a `client_id`. */
export const MAX_CLIENT_ID_URL_CHARS = 2000;
/** Token requests are a few form fields; a larger body is refused (413) rather than read. */
const MAX_TOKEN_BODY_BYTES = 64 * 1024;

const MCP_PATH = /^\/(mcp|sse)(\/|$)/;

/**
 * Throws the refusal (`HttpError`) for a request carrying an over-long identifier; answers the
 * revocation of an over-long token (200); else undefined. Runs after a WebSocket's bearer
 * subprotocol has become the Authorization header.
 *
 * @example
 * const refused = await refuseOverlongIdentifiers(request, `${origin}/.well-known/oauth-protected-resource`);
 * if (refused) return refused;
 */
export async function refuseOverlongIdentifiers(
  request: Request,
  resourceMetadataUrl: string,
): Promise<Response | undefined> {
  const url = new URL(request.url);
  if (MCP_PATH.test(url.pathname)) return refuseBearer(request, resourceMetadataUrl);
  if (url.pathname === '/token' && request.method === 'POST') return refuseTokenParameters(request);
  if (url.pathname === '/authorize' && request.method === 'GET') {
    const id = url.searchParams.get('client_id');
    if (id !== null && clientIdTooLong(id))
      throw HttpError.page(
        'This sign-in link cannot be used',
        `Its client_id is longer than any registered app's (${limitOf(id)}), so no app has it. Start connecting again from your app.`,
      );
  }
  return undefined;
}

function refuseBearer(request: Request, resourceMetadataUrl: string): undefined {
  const token = /^Bearer[\t ]+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (token === undefined || byteLength(token) <= MAX_IDENTIFIER_BYTES) return undefined;
  const description = `The access token is longer than ${MAX_IDENTIFIER_BYTES} bytes, so this gateway did not issue it`;
  throw HttpError.oauth(401, 'invalid_token', `${description}. Authorize again to get a token.`, {
    headers: {
      'WWW-Authenticate': `Bearer realm="OAuth", resource_metadata="${resourceMetadataUrl}", error="invalid_token", error_description="${description}"`,
    },
  });
}

async function refuseTokenParameters(request: Request): Promise<Response | undefined> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const text = await readTextUpTo(request.clone(), MAX_TOKEN_BODY_BYTES);
  if (text === undefined)
    throw oauthError(413, 'invalid_request', `The token request is larger than ${MAX_TOKEN_BODY_BYTES} bytes.`);
  const form = new URLSearchParams(text);
  for (const name of ['code', 'refresh_token'] as const) {
    const value = form.get(name);
    if (value !== null && byteLength(value) > MAX_IDENTIFIER_BYTES)
      throw oauthError(
        400,
        'invalid_grant',
        `The ${name} is longer than ${MAX_IDENTIFIER_BYTES} bytes, so this gateway did not issue it. Authorize again.`,
      );
  }
  const basic = basicClientId(request);
  const id = basic ?? form.get('client_id');
  if (id !== null && clientIdTooLong(id)) {
    const headers: Record<string, string> = basic !== null ? { 'WWW-Authenticate': 'Basic realm="OAuth"' } : {};
    throw oauthError(
      401,
      'invalid_client',
      `The client_id is longer than any registered app's (${limitOf(id)}). Register the client again.`,
      headers,
    );
  }
  const token = form.get('token');
  if (token !== null && byteLength(token) > MAX_IDENTIFIER_BYTES)
    return new Response('', { status: 200, headers: { 'Cache-Control': 'no-store' } });
  return undefined;
}

function clientIdTooLong(id: string): boolean {
  return isMetadataDocumentUrl(id) ? id.length > MAX_CLIENT_ID_URL_CHARS : byteLength(id) > MAX_IDENTIFIER_BYTES;
}

function limitOf(id: string): string {
  return isMetadataDocumentUrl(id) ? `${MAX_CLIENT_ID_URL_CHARS} characters` : `${MAX_IDENTIFIER_BYTES} bytes`;
}

/**
 * An https URL with a path, read from the raw string as the library reads it (the URL parser
 * would turn a backslash into `/`): the library fetches it as a metadata document instead of reading KV.
 */
function isMetadataDocumentUrl(id: string): boolean {
  return /^https:\/\/[^/?#]+\//i.test(id) && URL.canParse(id);
}

function basicClientId(request: Request): string | null {
  const credentials = /^Basic[\t ]+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!credentials) return null;
  try {
    const decoded = new TextDecoder().decode(base64ToBytes(credentials));
    const colon = decoded.indexOf(':');
    return decodeURIComponent(colon === -1 ? decoded : decoded.slice(0, colon));
  } catch {
    return null;
  }
}

function oauthError(status: number, error: string, description: string, headers: Record<string, string> = {}) {
  return HttpError.oauth(status, error, description, { headers });
}

function byteLength(value: string): number {
  return new TextEncoder().encode(value).byteLength;
}
