/**
 * Small helpers for compact results. A model reads every character a tool returns and the user
 * pays for it, so list results are one short line per item and long bodies are capped with a
 * note saying how much was left out (the model can then ask for the full item).
 */

/**
 * Cuts `text` to at most `maxChars` characters, at a word boundary when one is near, and says how
 * many characters were left out. The note is extra to `maxChars`.
 *
 * @example
 * capText('The quarterly numbers are in and they look good', 20);
 * // 'The quarterly… [34 more characters]'
 */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const limit = Math.max(0, Math.floor(maxChars));
  let cut = limit;
  // Prefer the last whitespace in the second half of the budget; a hard cut beats losing most of it.
  const space = text.slice(0, limit + 1).search(/\s\S*$/);
  if (space >= limit * 0.5) cut = space;
  // Never split a surrogate pair (emoji, rare CJK).
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const kept = text.slice(0, cut).trimEnd();
  return `${kept}… [${text.length - kept.length} more characters]`;
}

/**
 * Collapses all whitespace (newlines included) to single spaces, for one-line list items; with
 * `max`, cuts at a word boundary and ends with `…`.
 *
 * @example
 * oneLine('Re:  Budget\n\n  review', 12); // 'Re: Budget…'
 */
export function oneLine(text: string, max?: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (max === undefined || flat.length <= max) return flat;
  const limit = Math.max(0, Math.floor(max) - 1);
  let cut = limit;
  const space = flat.slice(0, limit + 1).lastIndexOf(' ');
  if (space >= limit * 0.5) cut = space;
  if (cut > 0 && isHighSurrogate(flat.charCodeAt(cut - 1))) cut -= 1;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `2026-11-27 09:14` in `timeZone` (IANA). Without a zone, or with one the runtime does not know,
 * the time is given in UTC and marked `Z` so it is never mistaken for local time. An ISO string
 * without an offset is read as UTC, which is how Graph sends `dateTime` by default. Input that is
 * not a date comes back unchanged.
 *
 * @example
 * compactDate('2026-11-27T08:14:00Z', 'Europe/Berlin'); // '2026-11-27 09:14'
 * compactDate('2026-11-27T08:14:00Z'); // '2026-11-27 08:14Z'
 */
export function compactDate(iso: string, timeZone?: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso.trim())) return iso.trim(); // a date has no time to convert
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso.trim());
  const date = new Date(/T\d/.test(iso) && !hasOffset ? `${iso.trim()}Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zoned = timeZone === undefined ? undefined : formatter(timeZone);
  const parts = (zoned ?? formatter('UTC'))!.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const text = `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
  return zoned === undefined ? `${text}Z` : text;
}

function formatter(timeZone: string): Intl.DateTimeFormat | undefined {
  let cached = formatters.get(timeZone);
  if (cached === undefined) {
    try {
      cached = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return undefined; // RangeError: unknown time zone
    }
    formatters.set(timeZone, cached);
  }
  return cached;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * A byte count for people: `512 B`, `14 KB`, `2.3 MB`.
 *
 * @example
 * formatBytes(2_400_000); // '2.3 MB'
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
