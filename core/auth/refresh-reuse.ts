/**
 * Refresh-token reuse detection (RFC 9700 §4.14.2), in front of the OAuth library's POST /token.
 *
 * The library rotates refresh tokens and keeps the hash of the one just used as the grant's
 * `previousRefreshTokenId`, so a client that lost a refresh response can retry with it. On its
 * own, though, that previous token stays usable for as long as nobody uses the newest one, every
 * use of it rotates the grant away from the real client, and a superseded token is just refused.
 * The policy here:
 *
 * - the previous refresh token is honoured once (the retry of a lost response);
 * - any further use of a superseded refresh token revokes the whole grant: the attacker and the
 *   real client both hold a dead grant, and the real client's user authorizes again.
 *
 * How: before the library sees a refresh, the presented token's SHA-256 (the library's own token
 * id) is compared with the grant's `refreshTokenId` / `previousRefreshTokenId`; after the library
 * answers 200, the tokens that request superseded are recorded as spent, one KV key each:
 * `refresh-spent:{userId}:{grantId}:{sha256 hex}` → `1`, expiring with the grant (or after
 * SPENT_TTL_SECONDS when the grant has no expiry). A normal rotation spends the token before the
 * one presented; a retry with the previous token spends it and the newest token it replaced.
 * Presenting a spent token revokes the grant (every token of it) and answers `invalid_grant`.
 * A token matching nothing recorded is left to the library (refused, grant untouched): only a
 * token the grant really issued proves reuse, so a forged one cannot end someone's grant.
 *
 * KV is eventually consistent across locations: two uses of one token in the same instant in two
 * places can both pass before either is recorded; the next use after that is caught.
 */

/** How long a spent-token record lives when the grant itself never expires (Microsoft's 90 days). */
export const SPENT_TTL_SECONDS = 90 * 24 * 60 * 60;
/** Cloudflare KV's shortest expiry. */
const KV_MIN_TTL_SECONDS = 60;

interface GrantRecord {
  refreshTokenId?: string;
  previousRefreshTokenId?: string;
  /** Epoch seconds, when the grant expires. */
  expiresAt?: number;
}

export interface RefreshReuseOptions {
  kv: KVNamespace;
  /** The token endpoint's path (the library's `tokenEndpoint`). */
  tokenPath: string;
  /** Ends the grant and every token of it (the library's `revokeGrant`). */
  revokeGrant(grantId: string, userId: string): Promise<void>;
}

/**
 * Wraps the OAuth provider's fetch with the reuse check; any other request passes unchanged.
 *
 * @example
 * fetch: (request, env, ctx) =>
 *   guardRefreshReuse(request, (checked) => provider.fetch(checked, env, ctx), {
 *     kv: env.OAUTH_KV, tokenPath: '/token', revokeGrant: (grantId, userId) => oauth.revokeGrant(grantId, userId),
 *   })
 */
export async function guardRefreshReuse(
  request: Request,
  next: (request: Request) => Promise<Response>,
  options: RefreshReuseOptions,
): Promise<Response> {
  const presented = await presentedRefreshToken(request, options.tokenPath);
  if (!presented) return next(request);
  const { token, userId, grantId } = presented;
  const grantKey = `grant:${userId}:${grantId}`;
  const grant = await options.kv.get<GrantRecord>(grantKey, 'json');
  if (!grant) return next(request); // the library answers "grant not found"
  const hash = await tokenId(token);
  const spentKey = (id: string) => `refresh-spent:${userId}:${grantId}:${id}`;

  if ((await options.kv.get(spentKey(hash))) !== null) {
    await options.revokeGrant(grantId, userId);
    console.warn(JSON.stringify({ level: 'warn', message: 'refresh token reused: grant revoked', userId, grantId }));
    return invalidGrant(
      'This refresh token was already used, so it may have been stolen: the authorization is revoked. Authorize again.',
    );
  }
  const current = hash === grant.refreshTokenId;
  const previous = hash === grant.previousRefreshTokenId;
  if (!current && !previous) return next(request);

  const response = await next(request);
  if (response.status !== 200) return response;
  // What this refresh superseded can never be presented again without ending the grant.
  const spent = current ? [grant.previousRefreshTokenId] : [hash, grant.refreshTokenId];
  const ttl = grant.expiresAt ? grant.expiresAt - Math.floor(Date.now() / 1000) : SPENT_TTL_SECONDS;
  await Promise.all(
    spent
      .filter((id): id is string => typeof id === 'string')
      .map((id) => options.kv.put(spentKey(id), '1', { expirationTtl: Math.max(ttl, KV_MIN_TTL_SECONDS) })),
  );
  return response;
}

/** The refresh token of a form-encoded `grant_type=refresh_token` POST to the token endpoint. */
async function presentedRefreshToken(
  request: Request,
  tokenPath: string,
): Promise<{ token: string; userId: string; grantId: string } | undefined> {
  if (request.method !== 'POST' || new URL(request.url).pathname !== tokenPath) return undefined;
  if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) return undefined;
  // A clone: the library reads the body itself (and answers an unreadable one).
  const text = await request
    .clone()
    .text()
    .catch(() => '');
  const form = new URLSearchParams(text);
  const token = form.get('refresh_token');
  if (form.get('grant_type') !== 'refresh_token' || !token) return undefined;
  const [userId, grantId, secret, ...rest] = token.split(':');
  if (!userId || !grantId || !secret || rest.length > 0) return undefined;
  return { token, userId, grantId };
}

/** The library's token id: SHA-256 of the whole token, lowercase hex. */
async function tokenId(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function invalidGrant(description: string): Response {
  return Response.json(
    { error: 'invalid_grant', error_description: description },
    { status: 400, headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' } },
  );
}
