/** The calendar area's public value types (see CalendarArea). */
import type { FreeBusyStatus } from '@microsoft/microsoft-graph-types';

/** One of a user's calendars. */
export interface StoredCalendar {
  id: string;
  name: string;
  ownerId: string;
  isDefaultCalendar: boolean;
  color: string;
}

/** A busy stretch of someone's calendar (free time is not listed). */
export interface BusyInterval {
  startMs: number;
  endMs: number;
  status: Exclude<FreeBusyStatus, 'free'>;
  subject: string;
  location: string;
  isPrivate: boolean;
}

/** An attendee's answer, as Graph's response types name it. */
export type AttendeeResponse = 'accepted' | 'tentativelyAccepted' | 'declined';

export interface RespondOptions {
  comment?: string;
  /** Send the response mail to the organizer (Graph's `sendResponse`, default true). */
  sendResponse?: boolean;
  /** A new time the attendee proposes (tentative or decline). */
  proposedNewTime?: { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } };
}
