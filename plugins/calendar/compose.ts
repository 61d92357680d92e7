/** The Graph event body of createCalendarEvent and updateCalendarEvent, from their arguments. */
import type { Attendee, DayOfWeek, Event, PatternedRecurrence } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { ToolError } from 'm365-mcp-gateway/plugin';
import { int, isoTime, people, type Person, recurrence, type RecurrenceInput, showAs, text, timeZone } from './schemas';
import { graphTime, instantOf, isDateOnly, localOf, preferZone } from './times';

const DAY_NAMES: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The fields create and update share (update makes them all optional). */
export const eventFields = {
  subject: text(255),
  start: v.optional(isoTime('Start (ISO)')),
  end: v.optional(isoTime('End')),
  timeZone: v.optional(timeZone),
  body: text(100_000),
  attendees: v.optional(people('Addresses')),
  optionalAttendees: v.optional(people('Optional')),
  location: text(255, 'Place'),
  isOnlineMeeting: v.optional(v.pipe(v.boolean(), v.description('Teams link'))),
  recurrence: v.optional(recurrence),
  reminderMinutes: v.optional(int(0, 40_320, 'Reminder min')),
  showAs: v.optional(showAs),
  isAllDay: v.optional(v.pipe(v.boolean(), v.description('Dates only'))),
};

export interface EventArgs {
  subject?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  timeZone?: string | undefined;
  body?: string | undefined;
  attendees?: Person[] | undefined;
  optionalAttendees?: Person[] | undefined;
  location?: string | undefined;
  isOnlineMeeting?: boolean | undefined;
  recurrence?: RecurrenceInput | undefined;
  reminderMinutes?: number | undefined;
  showAs?: Event['showAs'] | undefined;
  isAllDay?: boolean | undefined;
}

export const attendeeList = (required: Person[] = [], optional: Person[] = []): Attendee[] => [
  ...required.map((p) => ({
    type: 'required' as const,
    emailAddress: { address: p.address, ...(p.name ? { name: p.name } : {}) },
  })),
  ...optional.map((p) => ({
    type: 'optional' as const,
    emailAddress: { address: p.address, ...(p.name ? { name: p.name } : {}) },
  })),
];

/**
 * Start and end as Graph takes them, checked: the end after the start; an all-day event on dates.
 * `end` defaults to 30 minutes (one day for all-day) after `start`.
 */
export function timesFor(
  start: string,
  end: string | undefined,
  zone: string,
  allDay: boolean,
): { start: Event['start']; end: Event['end']; startMs: number; endMs: number } {
  const s = graphTime(start, zone, allDay);
  const startMs = instantOf(s.dateTime, allDay ? 'UTC' : zone);
  const e = end
    ? graphTime(end, zone, allDay)
    : allDay
      ? { dateTime: `${localOf(startMs + 86_400_000, 'UTC').slice(0, 10)}T00:00:00`, timeZone: s.timeZone }
      : { dateTime: localOf(startMs + 30 * 60_000, zone), timeZone: s.timeZone };
  // An all-day end given as the last day itself (inclusive, as people say it) is moved past it.
  if (allDay && end && isDateOnly(end) && end.trim() === start.trim().slice(0, 10)) {
    e.dateTime = `${localOf(startMs + 86_400_000, 'UTC').slice(0, 10)}T00:00:00`;
  }
  const endMs = instantOf(e.dateTime, allDay ? 'UTC' : zone);
  if (endMs <= startMs) {
    throw new ToolError(
      `end (${end}) is not after start (${start}). Give an end after the start; nothing was changed.`,
      'BAD_RANGE',
    );
  }
  return { start: s, end: e, startMs, endMs };
}

/** Graph's patternedRecurrence from the simple form; the series starts on the event's start date. */
export function recurrenceFor(r: RecurrenceInput, startLocal: string, zone: string): PatternedRecurrence {
  const startDate = startLocal.slice(0, 10);
  if (r.until !== undefined && r.until < startDate) {
    throw new ToolError(
      `recurrence.until (${r.until}) is before the first occurrence (${startDate}); nothing was changed.`,
      'BAD_ARGUMENTS',
    );
  }
  if (r.daysOfWeek && r.frequency !== 'weekly') {
    throw new ToolError('recurrence.daysOfWeek is for frequency "weekly" only; nothing was changed.', 'BAD_ARGUMENTS');
  }
  const day = new Date(`${startDate}T12:00:00Z`);
  const pattern =
    r.frequency === 'daily'
      ? { type: 'daily' as const }
      : r.frequency === 'weekly'
        ? {
            type: 'weekly' as const,
            daysOfWeek: r.daysOfWeek ?? [DAY_NAMES[day.getUTCDay()] ?? 'monday'],
            firstDayOfWeek: 'sunday' as const,
          }
        : r.frequency === 'monthly'
          ? { type: 'absoluteMonthly' as const, dayOfMonth: day.getUTCDate() }
          : { type: 'absoluteYearly' as const, dayOfMonth: day.getUTCDate(), month: day.getUTCMonth() + 1 };
  const range =
    r.until !== undefined
      ? { type: 'endDate' as const, startDate, endDate: r.until }
      : r.count !== undefined
        ? { type: 'numbered' as const, startDate, numberOfOccurrences: r.count }
        : { type: 'noEnd' as const, startDate };
  return {
    pattern: { ...pattern, interval: r.interval ?? 1 },
    range: { ...range, recurrenceTimeZone: preferZone(zone) },
  };
}

/** The simple fields of a create or update (everything except times, attendees and recurrence). */
export function plainFields(args: EventArgs): Event {
  return {
    ...(args.subject !== undefined ? { subject: args.subject } : {}),
    ...(args.body !== undefined ? { body: { contentType: 'text', content: args.body } } : {}),
    ...(args.location !== undefined ? { location: { displayName: args.location } } : {}),
    ...(args.isOnlineMeeting !== undefined
      ? {
          isOnlineMeeting: args.isOnlineMeeting,
          ...(args.isOnlineMeeting ? { onlineMeetingProvider: 'teamsForBusiness' as const } : {}),
        }
      : {}),
    ...(args.reminderMinutes !== undefined
      ? { reminderMinutesBeforeStart: args.reminderMinutes, isReminderOn: true }
      : {}),
    ...(args.showAs !== undefined ? { showAs: args.showAs } : {}),
  };
}
