/**
 * An event as the tenant stores it on one user's calendar, and its instances (a single event, or
 * the occurrences of a series with their exceptions) over a window of time.
 */
import type {
  Attendee,
  FreeBusyStatus,
  Importance,
  PatternedRecurrence,
  ResponseType,
  Sensitivity,
} from '@microsoft/microsoft-graph-types';
import { localTimeIn, zonedTimeToInstant } from '../../../plugin/time-zones';
import { dateOfDay, dayNumber, recurrenceDates } from './recurrence';

/** A wall-clock time and its zone, as Graph's `dateTimeTimeZone` (`dateTime` is `YYYY-MM-DDTHH:mm:ss`). */
export interface LocalTime {
  dateTime: string;
  /** The zone as the event was written with it (Windows or IANA name). */
  timeZone: string;
}

/** What an exception changes in one occurrence of a series (absent fields follow the series). */
export interface OccurrenceOverride {
  subject?: string;
  bodyHtml?: string;
  start?: LocalTime;
  end?: LocalTime;
  location?: string;
  showAs?: FreeBusyStatus;
  /** The occurrence was cancelled or deleted: it no longer appears. */
  deleted?: boolean;
}

export interface StoredEvent {
  /** Graph id of this copy (each attendee's copy has its own). */
  id: string;
  '@odata.etag': string;
  changeKey: string;
  /** The user whose calendar holds this copy. */
  ownerId: string;
  calendarId: string;
  /** Shared by the organizer's event and every attendee's copy. */
  iCalUId: string;
  subject: string;
  bodyHtml: string;
  start: LocalTime;
  end: LocalTime;
  isAllDay: boolean;
  showAs: FreeBusyStatus;
  location: string;
  organizer: { name: string; address: string };
  /** Graph's attendee list; on the organizer's copy, `status` is each attendee's response. */
  attendees: Attendee[];
  isOrganizer: boolean;
  /** This copy's owner's own response (`organizer` on the organizer's copy). */
  responseStatus: { response: ResponseType; time: string };
  responseRequested: boolean;
  isOnlineMeeting: boolean;
  /** Teams join URL, the same on every copy; undefined unless `isOnlineMeeting`. */
  joinUrl?: string;
  recurrence: PatternedRecurrence | null;
  /** Exceptions of a series, by the occurrence's original local start date (`YYYY-MM-DD`). */
  exceptions: Map<string, OccurrenceOverride>;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  importance: Importance;
  sensitivity: Sensitivity;
  categories: string[];
  allowNewTimeProposals: boolean;
  isCancelled: boolean;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

/** One appearance of an event in a window: a single event, a series master, or an occurrence. */
export interface EventInstance {
  event: StoredEvent;
  /** Graph's id for this instance (the event's id, or an occurrence id derived from it). */
  id: string;
  type: 'singleInstance' | 'seriesMaster' | 'occurrence' | 'exception';
  start: LocalTime;
  end: LocalTime;
  /** For occurrences: the original local start date that identifies it in its series. */
  originalDate?: string;
  override?: OccurrenceOverride;
  startMs: number;
  endMs: number;
}

const OCCURRENCE_MARK = 'BOcc';

/**
 * The id of one occurrence: the series id plus its original date, so it is stable and leads back
 * to the series (Exchange's occurrence ids also embed the series id and the date).
 */
export function occurrenceId(seriesId: string, originalDate: string): string {
  return `${seriesId.replace(/=+$/, '')}${OCCURRENCE_MARK}${originalDate.replaceAll('-', '')}AA=`;
}

/** The series id and original date of an occurrence id, or undefined for any other id. */
export function parseOccurrenceId(id: string): { seriesId: string; originalDate: string } | undefined {
  const m = new RegExp(`^(.+)${OCCURRENCE_MARK}(\\d{4})(\\d{2})(\\d{2})AA=$`).exec(id);
  return m ? { seriesId: `${m[1]}=`, originalDate: `${m[2]}-${m[3]}-${m[4]}` } : undefined;
}

/**
 * The instant of a local time. An all-day event's dates float: they mean midnight in whichever
 * zone the calendar is viewed in, so they are placed in `viewZone`.
 */
export function instantOf(time: LocalTime, isAllDay: boolean, viewZone: string): number {
  return zonedTimeToInstant(time.dateTime, isAllDay ? viewZone : time.timeZone).getTime();
}

/**
 * The instances of an event that overlap `[fromMs, toMs)`: itself for a single event, the expanded
 * occurrences (exceptions applied, deleted ones left out) for a series.
 */
export function instancesIn(event: StoredEvent, fromMs: number, toMs: number, viewZone: string): EventInstance[] {
  if (!event.recurrence) {
    const inst = single(event, viewZone);
    return inst.startMs < toMs && (inst.endMs > fromMs || (inst.startMs === inst.endMs && inst.startMs >= fromMs))
      ? [inst]
      : [];
  }
  const out: EventInstance[] = [];
  const lastDay = dayNumber(new Date(toMs).toISOString()) + 2;
  for (const date of recurrenceDates(event.recurrence, lastDay)) {
    const inst = occurrence(event, date, viewZone);
    if (inst && inst.startMs < toMs && inst.endMs > fromMs) out.push(inst);
  }
  return out;
}

/** The occurrence of a series on an original date (undefined when the series has none that day). */
export function occurrenceOn(event: StoredEvent, originalDate: string, viewZone: string): EventInstance | undefined {
  if (!event.recurrence) return undefined;
  for (const date of recurrenceDates(event.recurrence, dayNumber(originalDate))) {
    if (date === originalDate) return occurrence(event, date, viewZone);
  }
  return undefined;
}

/** The event itself as one instance (a series master spans its first occurrence). */
export function single(event: StoredEvent, viewZone: string): EventInstance {
  return {
    event,
    id: event.id,
    type: event.recurrence ? 'seriesMaster' : 'singleInstance',
    start: event.start,
    end: event.end,
    startMs: instantOf(event.start, event.isAllDay, viewZone),
    endMs: instantOf(event.end, event.isAllDay, viewZone),
  };
}

function occurrence(event: StoredEvent, date: string, viewZone: string): EventInstance | undefined {
  const override = event.exceptions.get(date);
  if (override?.deleted) return undefined;
  const shift = dayNumber(date) - dayNumber(event.start.dateTime);
  const start = override?.start ?? shiftDays(event.start, shift);
  const end = override?.end ?? shiftDays(event.end, shift);
  return {
    event,
    id: occurrenceId(event.id, date),
    type: override ? 'exception' : 'occurrence',
    start,
    end,
    originalDate: date,
    ...(override ? { override } : {}),
    startMs: instantOf(start, event.isAllDay, viewZone),
    endMs: instantOf(end, event.isAllDay, viewZone),
  };
}

/** The same wall-clock time `days` later (which is why a series keeps 9:00 across DST). */
export function shiftDays(time: LocalTime, days: number): LocalTime {
  return {
    dateTime: `${dateOfDay(dayNumber(time.dateTime) + days)}${time.dateTime.slice(10)}`,
    timeZone: time.timeZone,
  };
}

/** A local time of an instant in a zone, as the tenant stores times. */
export function localTime(ms: number, zone: string): LocalTime {
  return { dateTime: localTimeIn(ms, zone), timeZone: zone };
}
