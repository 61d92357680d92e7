/**
 * Time zones for tools that read or write Outlook times. Outlook and Graph name zones the Windows
 * way ("Pacific Standard Time"), people and models the IANA way ("America/Los_Angeles"); Graph's
 * event times are a local wall-clock time plus a zone name (`dateTimeTimeZone`), never an offset.
 * These helpers accept either naming, convert through the platform's `Intl` data (so daylight-saving
 * changes are right), and refuse an unknown zone with a message a model can act on.
 */
import { findIana, findWindows, WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { ToolError } from './errors';

/** Graph's `dateTimeTimeZone`: a local time without offset, and the zone it is in. */
export interface GraphDateTime {
  /** `YYYY-MM-DDTHH:mm:ss`, wall-clock time in `timeZone`. */
  dateTime: string;
  /** A Windows zone name when the zone has one (what Outlook itself writes), else the IANA name. */
  timeZone: string;
}

/** One zone under both of its names. */
export interface ResolvedTimeZone {
  /** Canonical IANA name, for `Intl` and display. */
  iana: string;
  /** The Windows name Outlook uses, or undefined when the zone has none. */
  windows: string | undefined;
}

const LOCAL_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const resolved = new Map<string, ResolvedTimeZone | null>();
const partFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The zone named by an IANA name ("Europe/Berlin") or a Windows name ("W. Europe Standard Time"),
 * case-insensitively; throws a `ToolError` naming the bad zone and showing good ones otherwise.
 *
 * @example
 * resolveTimeZone('Pacific Standard Time'); // { iana: 'America/Los_Angeles', windows: 'Pacific Standard Time' }
 * resolveTimeZone('europe/berlin'); // { iana: 'Europe/Berlin', windows: 'W. Europe Standard Time' }
 * resolveTimeZone('Mars/Olympus'); // throws ToolError('Unknown time zone "Mars/Olympus". …')
 */
export function resolveTimeZone(name: string): ResolvedTimeZone {
  const zone = findTimeZone(name);
  if (zone) return zone;
  throw new ToolError(
    `Unknown time zone "${name}". Use an IANA name such as "Europe/Berlin" or "America/New_York", ` +
      'or a Windows name such as "W. Europe Standard Time"; omit timeZone to use the mailbox zone.',
    'BAD_TIME_ZONE',
  );
}

/**
 * Like `resolveTimeZone`, but undefined for an unknown zone instead of throwing.
 *
 * @example
 * findTimeZone('Tokyo Standard Time')?.iana; // 'Asia/Tokyo'
 * findTimeZone('nowhere'); // undefined
 */
export function findTimeZone(name: string): ResolvedTimeZone | undefined {
  const key = name.trim().toLowerCase();
  if (!resolved.has(key)) resolved.set(key, lookUp(name.trim()) ?? null);
  return resolved.get(key) ?? undefined;
}

function lookUp(name: string): ResolvedTimeZone | undefined {
  if (name === '') return undefined;
  const windowsName = WINDOWS_NAMES.get(name.toLowerCase());
  if (windowsName) {
    // The territory-neutral (001) zone first, as CLDR lists it for each Windows zone.
    const iana = findIana(windowsName, '001').find(isIntlZone) ?? findIana(windowsName).find(isIntlZone);
    return iana ? { iana: canonicalIana(iana), windows: windowsName } : undefined;
  }
  if (!isIntlZone(name)) return undefined;
  const iana = canonicalIana(name);
  const windows = findWindows(iana)[0] ?? findWindows(name)[0];
  return { iana, windows };
}

/** Windows zone names by lower case (Graph compares them case-insensitively). */
const WINDOWS_NAMES: ReadonlyMap<string, string> = new Map(
  WINDOWS_TO_IANA_MAP.map((entry) => [entry.windowsName.toLowerCase(), entry.windowsName]),
);

function isIntlZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `Intl` spells a zone its own way ("europe/berlin" → "Europe/Berlin"); aliases stay as given. */
function canonicalIana(name: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
}

/**
 * Turn a time from a tool argument into Graph's `dateTimeTimeZone` in `zone` (IANA or Windows).
 * A time without an offset is wall-clock time in `zone` (never silently UTC); a time with `Z` or
 * an offset is that instant, shown in `zone`; a bare date is its midnight. Throws a `ToolError`
 * for an unknown zone or a malformed time.
 *
 * @example
 * toGraphDateTime('2026-12-08T09:00', 'America/Los_Angeles');
 * // { dateTime: '2026-12-08T09:00:00', timeZone: 'Pacific Standard Time' }
 * toGraphDateTime('2026-12-08T17:00:00Z', 'Europe/Berlin');
 * // { dateTime: '2026-12-08T18:00:00', timeZone: 'W. Europe Standard Time' }
 */
export function toGraphDateTime(time: string, zone: string): GraphDateTime {
  const tz = resolveTimeZone(zone);
  const parsed = parseLocalTime(time);
  const dateTime = parsed.offsetMinutes === undefined ? parsed.local : localTimeIn(parsed.instant(), tz.iana);
  return { dateTime, timeZone: tz.windows ?? tz.iana };
}

/**
 * The instant a wall-clock time in a zone denotes, correct across daylight-saving changes: a time
 * skipped by a spring-forward change moves forward by the gap, as Outlook does; a repeated time in
 * autumn is its first occurrence. `local` may carry an offset, which then wins over the zone.
 *
 * @example
 * zonedTimeToInstant('2027-03-15T09:00', 'America/Los_Angeles').toISOString(); // '2027-03-15T16:00:00.000Z' (PDT)
 * zonedTimeToInstant('2027-03-05T09:00', 'Pacific Standard Time').toISOString(); // '2027-03-05T17:00:00.000Z' (PST)
 */
export function zonedTimeToInstant(local: string, zone: string): Date {
  const parsed = parseLocalTime(local);
  if (parsed.offsetMinutes !== undefined) return parsed.instant();
  const iana = resolveTimeZone(zone).iana;
  const wall = parsed.instant().getTime(); // the wall-clock fields read as if they were UTC
  let guess = wall - offsetMs(iana, wall);
  const second = wall - offsetMs(iana, guess);
  if (second !== guess) guess = Math.max(guess, second);
  return new Date(guess);
}

/**
 * Wall-clock time of an instant in a zone (IANA or Windows), as `YYYY-MM-DDTHH:mm:ss`.
 *
 * @example
 * localTimeIn(new Date('2026-12-08T17:00:00Z'), 'Europe/Berlin'); // '2026-12-08T18:00:00'
 */
export function localTimeIn(instant: Date | number, zone: string): string {
  const iana = resolveTimeZone(zone).iana;
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const fields = wallFields(iana, t);
  return `${fields
    .slice(0, 3)
    .map(pad)
    .join('-')
    .replace(/^(\d+)/, (y) => y.padStart(4, '0'))}T${fields.slice(3).map(pad).join(':')}`;
}

/**
 * The instant of a Graph `dateTimeTimeZone` (`{ dateTime, timeZone }` as Graph returns it, with
 * up to seven fractional digits).
 *
 * @example
 * graphDateTimeToInstant({ dateTime: '2026-12-08T09:00:00.0000000', timeZone: 'Pacific Standard Time' });
 * // 2026-12-08T17:00:00.000Z
 */
export function graphDateTimeToInstant(value: { dateTime: string; timeZone: string }): Date {
  return zonedTimeToInstant(value.dateTime, value.timeZone || 'UTC');
}

interface ParsedTime {
  /** `YYYY-MM-DDTHH:mm:ss` as written. */
  local: string;
  offsetMinutes: number | undefined;
  /** The instant if the fields were UTC shifted by the offset (or by nothing). */
  instant(): Date;
}

function parseLocalTime(time: string): ParsedTime {
  const m = LOCAL_TIME_RE.exec(time.trim());
  const [y, mo, d, h = 0, mi = 0, s = 0] = (m?.slice(1, 7) ?? []).map((x) => (x === undefined ? undefined : Number(x)));
  const valid =
    m !== null &&
    y !== undefined &&
    mo !== undefined &&
    d !== undefined &&
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59;
  if (!valid) {
    throw new ToolError(
      `"${time}" is not a date-time. Use ISO 8601, e.g. "2026-12-08T09:00" (local to the time zone) ` +
        'or "2026-12-08T17:00:00Z" (UTC).',
      'BAD_DATE_TIME',
    );
  }
  const zoneText = m[7];
  const offsetMinutes = zoneText === undefined ? undefined : parseOffset(zoneText);
  const local = `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  return { local, offsetMinutes, instant: () => new Date(wall - (offsetMinutes ?? 0) * 60_000) };
}

function parseOffset(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(iana: string, t: number): number {
  const [y, mo, d, h, mi, s] = wallFields(iana, t);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(t / 1000) * 1000;
}

function wallFields(iana: string, t: number): [number, number, number, number, number, number] {
  let f = partFormatters.get(iana);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
      era: 'short',
    });
    partFormatters.set(iana, f);
  }
  const parts = f.formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value ?? 'AD';
  const year = era.startsWith('B') ? 1 - get('year') : get('year');
  return [year, get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

const pad = (n: number): string => String(n).padStart(2, '0');
