/**
 * Reading a Graph event body (POST /me/events, PATCH) into the tenant's stored form, with the
 * checks Exchange makes and Graph's error codes and messages when one fails.
 */
import type { Attendee, DateTimeTimeZone, Event } from '@microsoft/microsoft-graph-types';
import { findTimeZone, zonedTimeToInstant } from '../../../plugin/time-zones';
import type { DemoUser } from '../../types';
import { escapeHtml } from '../html-text';
import { seededBytes, seededGuid, textToBase64 } from '../ids';
import { recurrenceProblem } from './recurrence';
import type { LocalTime } from './stored-event';

/** A request Exchange refuses: the HTTP status, Graph's error code and message to answer with. */
export class CalendarRefusal extends Error {
  override readonly name = 'CalendarRefusal';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$/;

/** A Graph `dateTimeTimeZone` checked as Exchange checks it, as the tenant stores it. */
export function readLocalTime(value: DateTimeTimeZone | null | undefined, which: 'Start' | 'End'): LocalTime {
  if (!value?.dateTime) throw new CalendarRefusal(400, 'ErrorInvalidRequest', `${which} time is required.`);
  const zoneName = value.timeZone ?? 'UTC';
  if (!findTimeZone(zoneName)) {
    throw new CalendarRefusal(
      400,
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zoneName}'.`,
    );
  }
  if (!LOCAL_RE.test(value.dateTime)) {
    throw new CalendarRefusal(
      400,
      'ErrorInvalidRequest',
      `Cannot convert the literal '${value.dateTime}' to DateTime.`,
    );
  }
  const dateTime = `${value.dateTime.slice(0, 16)}:${value.dateTime.slice(17, 19) || '00'}`;
  return { dateTime, timeZone: zoneName };
}

/** Start, end and all-day checked together: end after start, all-day times at midnight. */
export function checkTimes(start: LocalTime, end: LocalTime, isAllDay: boolean): void {
  if (isAllDay && (!start.dateTime.endsWith('T00:00:00') || !end.dateTime.endsWith('T00:00:00'))) {
    throw new CalendarRefusal(
      400,
      'ErrorInvalidRequest',
      'The start and end times of an all-day event must be at midnight (T00:00:00).',
    );
  }
  const from = zonedTimeToInstant(start.dateTime, isAllDay ? 'UTC' : start.timeZone).getTime();
  const to = zonedTimeToInstant(end.dateTime, isAllDay ? 'UTC' : end.timeZone).getTime();
  if (to < from || (isAllDay && to === from)) {
    throw new CalendarRefusal(400, 'ErrorInvalidRequest', 'The end time of the event must be after its start time.');
  }
}

export function checkRecurrence(event: Event): void {
  if (!event.recurrence) return;
  const problem = recurrenceProblem(event.recurrence);
  if (problem) throw new CalendarRefusal(400, 'ErrorInvalidRequest', problem);
}

/** Graph's attendee list with names filled from the directory and responses not yet given. */
export function readAttendees(list: Attendee[] | null | undefined, findUser: (a: string) => DemoUser | undefined) {
  return (list ?? []).map((a): Attendee => {
    const address = a.emailAddress?.address?.trim() ?? '';
    if (!/^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(address)) {
      throw new CalendarRefusal(
        400,
        'ErrorInvalidRecipients',
        `At least one recipient isn't valid. A recipient's email address "${address}" is not valid.`,
      );
    }
    const user = findUser(address);
    return {
      type: a.type ?? 'required',
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: a.emailAddress?.name || user?.displayName || address, address },
    };
  });
}

/** The HTML body of an event from Graph's `body` (text bodies are escaped, as Exchange stores them). */
export function readBodyHtml(body: Event['body']): string {
  if (!body?.content) return '';
  if (body.contentType === 'html') return body.content;
  return `<html><body>${escapeHtml(body.content).replace(/\r?\n/g, '<br>')}</body></html>`;
}

const hex = (seed: string, n: number): string =>
  Array.from(seededBytes(seed, n), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();

/** An Exchange-shaped iCalUId (the Outlook global object id in hex). */
export function iCalUIdFor(key: string): string {
  return `040000008200E00074C5B7101A82E00800000000${hex(`ical:${key}`, 8)}000000000000000010000000${hex(`ical2:${key}`, 16)}`;
}

/** A Teams join URL in Teams' own form, for the meeting of an event (same on every copy). */
export function teamsJoinUrl(meetingKey: string, tenantId: string, organizerId: string): string {
  const thread = textToBase64(seededGuid(`meeting:${meetingKey}`)).replace(/=+$/, '');
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId })).replace(
    /%[0-9A-F]{2}/g,
    (m) => m.toLowerCase(),
  );
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0?context=${context}`;
}

/** The block Outlook appends to the body of a Teams meeting. */
export function teamsBodyBlock(joinUrl: string, meetingKey: string): string {
  const digits = Array.from(seededBytes(`mtgid:${meetingKey}`, 12), (b) => String(b % 10)).join('');
  const passcode = textToBase64(seededGuid(`pass:${meetingKey}`)).slice(0, 6);
  return (
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">' +
    '________________________________________________________________________________</span></div>' +
    '<div><div style="font-size:24px;color:#252424">Microsoft Teams meeting</div>' +
    '<div style="font-size:14px;color:#252424"><b>Join on your computer, mobile app or room device</b></div>' +
    `<div><a href="${escapeHtml(joinUrl)}" style="color:#6264a7">Click here to join the meeting</a></div>` +
    `<div style="font-size:14px">Meeting ID: ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ` +
    `${digits.slice(9, 12)}<br>Passcode: ${passcode}</div>` +
    '<div><a href="https://www.microsoft.com/microsoft-teams/download-app">Download Teams</a> | ' +
    '<a href="https://www.microsoft.com/microsoft-teams/join-a-meeting">Join on the web</a></div>' +
    '<div><a href="https://aka.ms/JoinTeamsMeeting">Learn More</a> | ' +
    '<a href="https://teams.microsoft.com/meetingOptions/">Meeting options</a></div></div>' +
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">' +
    '________________________________________________________________________________</span></div>'
  );
}

/** Put an extra block before `</body>` (or at the end of a fragment). */
export function appendToBody(html: string, block: string): string {
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : `${html}${block}`;
}
