/**
 * Graph's recurrence patterns (daily, weekly, absolute/relative monthly and yearly) with their
 * ranges (endDate, numbered, noEnd), expanded into the local dates of a series, as Exchange does:
 * dates are counted in the series' own zone, so a 9:00 meeting stays 9:00 local across a
 * daylight-saving change.
 */
import type { DayOfWeek, PatternedRecurrence, WeekIndex } from '@microsoft/microsoft-graph-types';

const DAYS: readonly DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEK_INDEX: readonly WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
const DAY_MS = 86_400_000;
/** Exchange caps expansion too; no seeded or created series comes near it. */
const MAX_OCCURRENCES = 5_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday

/**
 * A recurrence that Graph would refuse, as Graph's message, or undefined when it is valid.
 *
 * @example
 * recurrenceProblem({ pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-12-07' } });
 * // 'DaysOfWeek is required for a weekly recurrence pattern.'
 */
export function recurrenceProblem(recurrence: PatternedRecurrence): string | undefined {
  const { pattern, range } = recurrence;
  if (!pattern?.type) return 'Recurrence pattern type is required.';
  if (!range?.type || !range.startDate || !/^\d{4}-\d{2}-\d{2}$/.test(range.startDate)) {
    return 'Recurrence range startDate is required (YYYY-MM-DD).';
  }
  if ((pattern.interval ?? 1) < 1) return 'Recurrence interval must be at least 1.';
  const needsDays = ['weekly', 'relativeMonthly', 'relativeYearly'].includes(pattern.type);
  if (needsDays && !pattern.daysOfWeek?.length)
    return `DaysOfWeek is required for a ${pattern.type} recurrence pattern.`;
  if (range.type === 'endDate' && (!range.endDate || range.endDate < range.startDate)) {
    return 'Recurrence range endDate must be on or after startDate.';
  }
  if (range.type === 'numbered' && !((range.numberOfOccurrences ?? 0) >= 1)) {
    return 'Recurrence range numberOfOccurrences must be at least 1.';
  }
  return undefined;
}

/**
 * The local dates (`YYYY-MM-DD`) of a series' occurrences, in order, from the range's start up to
 * `lastDay` (a day number, inclusive), honouring the range's end.
 *
 * @example
 * [...recurrenceDates({ pattern: { type: 'daily', interval: 2 }, range: { type: 'numbered', startDate: '2026-12-07', numberOfOccurrences: 3 } }, dayNumber('2027-01-01'))];
 * // ['2026-12-07', '2026-12-09', '2026-12-11']
 */
export function* recurrenceDates(recurrence: PatternedRecurrence, lastDay: number): Generator<string> {
  const { pattern, range } = recurrence;
  if (!pattern || !range?.startDate) return;
  const first = dayNumber(range.startDate);
  const end = range.type === 'endDate' && range.endDate ? Math.min(lastDay, dayNumber(range.endDate)) : lastDay;
  const limit = range.type === 'numbered' ? (range.numberOfOccurrences ?? 0) : MAX_OCCURRENCES;
  let emitted = 0;
  for (const day of candidateDays(recurrence, first)) {
    if (day > end || emitted >= limit) return;
    if (day < first) continue;
    emitted++;
    yield dateOfDay(day);
  }
}

function* candidateDays(recurrence: PatternedRecurrence, first: number): Generator<number> {
  const pattern = recurrence.pattern ?? {};
  const interval = Math.max(1, pattern.interval ?? 1);
  const days = new Set((pattern.daysOfWeek ?? []).map((d) => DAYS.indexOf(d)));
  const start = new Date(first * DAY_MS);
  for (let step = 0; step < MAX_OCCURRENCES * 7; step++) {
    switch (pattern.type) {
      case 'daily':
        yield first + step * interval;
        break;
      case 'weekly': {
        const firstDow = DAYS.indexOf(pattern.firstDayOfWeek ?? 'sunday');
        const weekStart = first - ((weekdayOf(first) - firstDow + 7) % 7) + step * 7 * interval;
        for (let i = 0; i < 7; i++) if (days.has(weekdayOf(weekStart + i))) yield weekStart + i;
        break;
      }
      case 'absoluteMonthly':
      case 'relativeMonthly': {
        const y = start.getUTCFullYear();
        const m = start.getUTCMonth() + step * interval;
        yield* monthDays(y, m, recurrence, days);
        break;
      }
      case 'absoluteYearly':
      case 'relativeYearly': {
        const y = start.getUTCFullYear() + step * interval;
        yield* monthDays(y, (pattern.month ?? start.getUTCMonth() + 1) - 1, recurrence, days);
        break;
      }
      default:
        return;
    }
  }
}

/** The matching days of one month (`month` may overflow 11; Date.UTC normalises it). */
function* monthDays(
  year: number,
  month: number,
  recurrence: PatternedRecurrence,
  days: Set<number>,
): Generator<number> {
  const pattern = recurrence.pattern ?? {};
  const firstOfMonth = Math.floor(Date.UTC(year, month, 1) / DAY_MS);
  const length = Math.floor(Date.UTC(year, month + 1, 1) / DAY_MS) - firstOfMonth;
  if (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') {
    const dom = pattern.dayOfMonth ?? new Date(dayNumber(recurrence.range?.startDate ?? '') * DAY_MS).getUTCDate();
    if (dom <= length) yield firstOfMonth + dom - 1;
    return;
  }
  const matching: number[] = [];
  for (let i = 0; i < length; i++) if (days.has(weekdayOf(firstOfMonth + i))) matching.push(firstOfMonth + i);
  const index = WEEK_INDEX.indexOf(pattern.index ?? 'first');
  const day = index === 4 ? matching.at(-1) : matching[index];
  if (day !== undefined) yield day;
}
