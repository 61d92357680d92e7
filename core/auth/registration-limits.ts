/**
 * Size limits for dynamic client registration (POST /register, RFC 7591), checked before the
 * OAuth library stores anything. Without them one registration could store a 200,000-character
 * name or thousands of redirect URIs, and every consent page for that client would carry them.
 * The whole metadata body is bounded like a Client ID Metadata Document, which the library
 * refuses above 5 KiB; within it, the name, the redirect URIs and the other URI fields have their
 * own limits, so the error names the field. A refusal is RFC 7591 §3.2.2 `invalid_client_metadata`.
 */
import { readTextUpTo } from '../http/bounded-body';
import { HttpError } from '../http/http-error';

export const REGISTRATION_LIMITS = {
  /** The library's limit for a Client ID Metadata Document (CIMD_MAX_SIZE_BYTES). */
  bodyBytes: 5 * 1024,
  clientNameChars: 200,
  redirectUris: 10,
  uriChars: 2000,
} as const;

/** URI-valued client metadata (RFC 7591 §2), also in their `#language` forms. */
const URI_FIELDS = ['logo_uri', 'client_uri', 'policy_uri', 'tos_uri', 'jwks_uri'];

/**
 * Refuses (400 `invalid_client_metadata`) registration metadata over a limit; malformed JSON and
 * every other check are left to the library. Reads a clone of the request.
 *
 * @example
 * router.post('/register', boundedRegistration, library);
 */
export async function boundedRegistration(request: Request): Promise<undefined> {
  const limits = REGISTRATION_LIMITS;
  const text = await readTextUpTo(request.clone(), limits.bodyBytes);
  if (text === undefined) throw refusal(`The client metadata is larger than ${limits.bodyBytes} bytes.`);
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const problem = oversizedField(metadata as Record<string, unknown>);
  if (problem) throw refusal(problem);
  return undefined;
}

function oversizedField(metadata: Record<string, unknown>): string | undefined {
  const limits = REGISTRATION_LIMITS;
  for (const [field, value] of Object.entries(metadata)) {
    const base = field.split('#')[0] ?? field;
    if (typeof value !== 'string') continue;
    if (base === 'client_name' && [...value].length > limits.clientNameChars)
      return `${field} is longer than ${limits.clientNameChars} characters.`;
    if (URI_FIELDS.includes(base) && value.length > limits.uriChars)
      return `${field} is longer than ${limits.uriChars} characters.`;
  }
  const redirects = metadata.redirect_uris;
  if (Array.isArray(redirects)) {
    if (redirects.length > limits.redirectUris)
      return `redirect_uris has ${redirects.length} entries; at most ${limits.redirectUris} are allowed.`;
    if (redirects.some((uri) => typeof uri === 'string' && uri.length > limits.uriChars))
      return `A redirect URI is longer than ${limits.uriChars} characters.`;
  }
  return undefined;
}

function refusal(description: string): HttpError {
  return HttpError.oauth(400, 'invalid_client_metadata', description);
}
