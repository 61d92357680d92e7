/**
 * Time arguments of the calendar tools: the zone a call works in, windows for listing, and
 * Graph's `dateTimeTimeZone` for writing. A time without an offset is in the given or mailbox zone.
 */
import {
  localTimeIn,
  resolveTimeZone,
  type GraphDateTime,
  type ToolContext,
  ToolError,
  toGraphDateTime,
  zonedTimeToInstant,
} from 'm365-mcp-gateway/plugin';

const DAY = 86_400_000;

/** The mailbox's zone (IANA), or UTC when the gateway does not know it. */
export function mailboxZone(ctx: Pick<ToolContext, 'user'>): string {
  return ctx.user.timeZone ?? 'UTC';
}

/** The Windows name Graph's `Prefer: outlook.timezone` takes for a zone (IANA when it has none). */
export function preferZone(zone: string): string {
  const tz = resolveTimeZone(zone);
  return tz.windows ?? tz.iana;
}

export const isDateOnly = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value.trim());

/** The instant of an argument in a zone (no offset: wall-clock time there; a bare date: its midnight). */
export function instantOf(value: string, zone: string): number {
  return zonedTimeToInstant(value, zone).getTime();
}

/** `2026-12-08T09:00:00` of an instant in a zone, for a Graph time or a calendarView bound. */
export function localOf(ms: number, zone: string): string {
  return localTimeIn(ms, zone);
}

/**
 * A listing window: `start`/`end`, or `days` from `start` (default now). Refuses an end before the
 * start and a window longer than `maxDays`, saying what to send instead.
 */
export function listWindow(
  args: { days?: number | undefined; start?: string | undefined; end?: string | undefined },
  zone: string,
  maxDays: number,
  now: number = Date.now(),
): { from: number; to: number } {
  const from = args.start ? instantOf(args.start, zone) : now;
  let to: number;
  if (args.end) {
    to = instantOf(args.end, zone);
    // A bare end date means the whole of that day.
    if (isDateOnly(args.end)) to = instantOf(`${args.end.trim()}T00:00`, zone) + DAY;
  } else {
    to = from + (args.days ?? 7) * DAY;
  }
  if (to <= from) {
    throw new ToolError(
      `end (${args.end}) is not after start (${args.start ?? 'now'}). Give an end after the start.`,
      'BAD_RANGE',
    );
  }
  if (to - from > maxDays * DAY) {
    throw new ToolError(
      `The range is ${Math.ceil((to - from) / DAY)} days; at most ${maxDays} days at a time. Ask for a shorter range (e.g. days=${maxDays}) and page through later ones.`,
      'BAD_RANGE',
    );
  }
  return { from, to };
}

/** Graph's `{ dateTime, timeZone }` for an argument; an all-day event takes the date only. */
export function graphTime(value: string, zone: string, allDay: boolean): GraphDateTime {
  if (allDay) {
    const date = value.trim().slice(0, 10);
    if (!isDateOnly(value) && !/T00:00(?::00)?$/.test(value.trim())) {
      throw new ToolError(`An all-day event takes dates (e.g. "${date}"), not times ("${value}").`, 'BAD_ARGUMENTS');
    }
    return { dateTime: `${date}T00:00:00`, timeZone: preferZone(zone) };
  }
  return toGraphDateTime(isDateOnly(value) ? `${value.trim()}T00:00` : value, zone);
}

/** ISO 8601 in UTC without milliseconds, as calendarView bounds and Graph's timestamps are written. */
export const utcIso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
