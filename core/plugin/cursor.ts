/**
 * Paging cursors handed to the model: Graph's `@odata.nextLink`, made relative to the Graph base
 * URL and base64url-encoded. Opaque to the model, short enough, and validated when it comes back:
 * it must decode to the same kind of Graph request the tool makes (its path pattern), carry no
 * other host, and keep `$top` within the tool's bound, so a cursor can never widen a request.
 */
import { ToolError } from './errors';
import { base64UrlToText, textToBase64Url } from '../encoding/base64';

export interface CursorRules {
  /** What the decoded path (without the Graph version) must match, e.g. `/^\/me\/messages\?/`. */
  path: RegExp;
  /** Largest `$top` the cursor may carry (the tool's `count` bound). */
  maxTop?: number;
  /**
   * Query options left out of the cursor because the tool sets them again when it follows it
   * (typically `$select`): every character of a cursor is paid for in the model's context.
   */
  omit?: readonly string[];
}

/**
 * Turns a Graph `@odata.nextLink` into a cursor for the model; undefined when there is no next
 * page (or the link does not match the rules).
 *
 * @example
 * const cursor = encodeCursor(page['@odata.nextLink'], { path: /^\/me\/messages\?/, omit: ['$select'] });
 * // 'L21lL21lc3NhZ2VzPyR0b3A9MTAmJHNraXA9MTA'
 */
export function encodeCursor(nextLink: string | undefined, rules: CursorRules): string | undefined {
  if (!nextLink) return undefined;
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return undefined;
  }
  const query = [...url.searchParams]
    .filter(([name]) => !rules.omit?.includes(name))
    .map(([name, value]) => `${name}=${compactEncode(value)}`)
    .join('&');
  const relative = `${url.pathname.replace(/^\/[^/]+/, '')}?${query}`; // drop `/v1.0`
  if (!isAllowed(relative, rules)) return undefined;
  return textToBase64Url(relative);
}

/**
 * The Graph path (relative to the base URL) a cursor stands for; a `ToolError` telling the model
 * to start over when the cursor was altered, truncated or belongs to another tool.
 *
 * @example
 * const path = decodeCursor(args.cursor, { path: /^\/me\/messages\?/, maxTop: 50 }, 'searchEmails');
 * const page = await ctx.graph.api(path).get();
 */
export function decodeCursor(cursor: string, rules: CursorRules, tool: string): string {
  let decoded = '';
  try {
    decoded = base64UrlToText(cursor);
  } catch {
    decoded = '';
  }
  if (!isAllowed(decoded, rules)) {
    throw new ToolError(
      `The cursor is not valid (pass it back exactly as ${tool} returned it). Call ${tool} without a cursor to start again.`,
      'BAD_CURSOR',
    );
  }
  return decoded;
}

/** URI-encodes a query value but keeps the characters a query may carry as they are (shorter cursors). */
function compactEncode(value: string): string {
  return encodeURIComponent(value).replace(/%(2C|3A|27|2F|40|24|28|29)/gi, (escaped) => decodeURIComponent(escaped));
}

function isAllowed(relative: string, rules: CursorRules): boolean {
  if (!relative.startsWith('/') || relative.startsWith('//') || /[\s\\]|\.\./.test(relative)) return false;
  if (!rules.path.test(relative)) return false;
  if (rules.maxTop !== undefined) {
    const top = new URL(relative, 'https://graph.invalid').searchParams.get('$top');
    if (top !== null && !(Number(top) >= 1 && Number(top) <= rules.maxTop)) return false;
  }
  return true;
}
