/**
 * The "Disconnected …" notice after a revocation on /apps. Its name travels in the redirect's
 * query string, so it is signed: the MAC binds the name and a short expiry to the session cookie
 * of the user who revoked (a `revoked:` HMAC, separate from the page's CSRF and session MACs).
 * A link with any other text, an edited or expired one, or one made for another session shows
 * no notice — nobody can make the page say "Disconnected <their text>" to someone else.
 */
import { hmac, verifyHmac } from './apps-session';

/** Long enough to follow the redirect; a later reload shows no notice. */
export const NOTICE_TTL_SECONDS = 300;

/**
 * Query parameters for `/apps` that show the notice for `name` to this session only.
 *
 * @example
 * const query = await revokedNoticeQuery(secret, sessionCookie, 'Trip Planner');
 * return redirect(`/apps?${query}`);
 */
export async function revokedNoticeQuery(secret: string, sessionCookie: string, name: string): Promise<string> {
  const until = String(Math.floor(Date.now() / 1000) + NOTICE_TTL_SECONDS);
  const mac = await hmac(secret, signed(sessionCookie, until, name));
  return new URLSearchParams({ revoked: name, until, mac }).toString();
}

/** The revoked app's name, when the query carries a valid notice for this session; else undefined. */
export async function readRevokedNotice(
  secret: string,
  sessionCookie: string,
  params: URLSearchParams,
): Promise<string | undefined> {
  const name = params.get('revoked');
  const until = params.get('until') ?? '';
  const mac = params.get('mac') ?? '';
  if (name === null || !/^\d{1,12}$/.test(until) || Number(until) < Date.now() / 1000) return undefined;
  return (await verifyHmac(secret, signed(sessionCookie, until, name), mac)) ? name : undefined;
}

function signed(sessionCookie: string, until: string, name: string): string {
  // The cookie and expiry contain neither newline, so the name (last) cannot shift the fields.
  return `revoked:${sessionCookie}\n${until}\n${name}`;
}
