/**
 * Join URLs as users paste them (from an invitation, a chat, a browser bar, wrapped by Safe Links,
 * decoded or encoded once or twice) turned into the one form Graph stores: the thread id and the
 * context JSON percent-encoded with lower-case escapes. Graph's `JoinWebUrl eq '…'` filter is an
 * exact match, so anything else finds nothing.
 */

/** Teams hosts that serve meetup-join links (commercial and US government clouds). */
const TEAMS_HOST = /^(?:[a-z]+\.)?teams\.microsoft\.(?:com|us)$/i;
const THREAD = /^19:meeting_[A-Za-z0-9+/=_-]+@thread\.(?:v2|skype|tacv2)$/;

/** `%3a`, `%40`, `%7b`: the escapes Graph keeps in the joinWebUrl it stores. */
function graphEncode(text: string): string {
  return encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
}

/** Decodes until nothing is left to decode (pasted links are sometimes encoded twice). */
function fullyDecode(text: string): string | undefined {
  let current = text;
  for (let i = 0; i < 4 && /%[0-9a-f]{2}/i.test(current); i++) {
    try {
      current = decodeURIComponent(current);
    } catch {
      return undefined;
    }
  }
  return current;
}

function unwrapSafeLinks(url: URL): URL | undefined {
  if (!/\.safelinks\.protection\.outlook\.com$/i.test(url.hostname)) return url;
  try {
    return new URL(url.searchParams.get('url') ?? '');
  } catch {
    return undefined;
  }
}

export type JoinUrlResult = { joinWebUrl: string } | { problem: string };

/**
 * The joinWebUrl Graph stores for a pasted Teams link, or why it is not one.
 *
 * @example
 * normaliseJoinUrl('https://teams.microsoft.com/l/meetup-join/19:meeting_NWM2@thread.v2/0?context={"Tid":"t","Oid":"o"}');
 * // { joinWebUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NWM2%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%2c%22Oid%22%3a%22o%22%7d' }
 */
export function normaliseJoinUrl(pasted: string): JoinUrlResult {
  const malformed = {
    problem:
      'This is not a Teams meeting join link. Paste the whole "Join the meeting" link (https://teams.microsoft.com/l/meetup-join/…?context=…) from the invitation, or pass the meeting handle.',
  };
  // Invitations wrap long links across lines and in angle brackets.
  const text = pasted.replace(/\s+/g, '').replace(/^<|>$/g, '');
  let url: URL | undefined;
  try {
    url = unwrapSafeLinks(new URL(text));
  } catch {
    return malformed;
  }
  if (url?.protocol !== 'https:' || !TEAMS_HOST.test(url.hostname)) return malformed;
  if (/^\/meet\/\d+/.test(url.pathname)) {
    return {
      problem:
        'This is a short Teams link (teams.microsoft.com/meet/…), which Microsoft Graph cannot look up. Paste the full "Join the meeting" link (…/l/meetup-join/…) from the invitation, or pass the meeting handle.',
    };
  }
  const path = /^\/l\/meetup-join\/(.+)\/(\d+)\/?$/.exec(url.pathname);
  const thread = path ? fullyDecode(path[1]!) : undefined;
  const context = fullyDecode(url.searchParams.get('context') ?? '');
  if (!path || !thread || !THREAD.test(thread) || !context || !isMeetingContext(context)) return malformed;
  return {
    joinWebUrl: `https://${url.hostname.toLowerCase()}/l/meetup-join/${graphEncode(thread)}/${path[2]}?context=${graphEncode(context)}`,
  };
}

/** The `context` of a join link: JSON with the tenant (`Tid`) and organizer (`Oid`) ids. */
function isMeetingContext(text: string): boolean {
  try {
    const value = JSON.parse(text) as { Tid?: unknown; Oid?: unknown };
    return typeof value.Tid === 'string' && typeof value.Oid === 'string';
  } catch {
    return false;
  }
}
