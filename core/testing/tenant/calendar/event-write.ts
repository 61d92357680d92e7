/** Building a stored event from a Graph body (create) and applying a Graph patch to one (update). */
import type { Event, PatternedRecurrence } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import type { Directory } from '../directory/directory';
import {
  appendToBody,
  CalendarRefusal,
  checkRecurrence,
  checkTimes,
  iCalUIdFor,
  readAttendees,
  readBodyHtml,
  readLocalTime,
  teamsBodyBlock,
  teamsJoinUrl,
} from './event-input';
import type { StoredEvent } from './stored-event';

export interface CreateOptions {
  /** Which of the organizer's calendars (default: their default calendar). */
  calendarId?: string;
  /** Mail the invitation to the attendees (default true; the seed files its meetings without mail). */
  notify?: boolean;
  /** createdDateTime (ISO), default now; the seed passes fixed times. */
  now?: string;
}

export interface UpdateOptions {
  /** Mail updates and new invitations to attendees (default true). */
  notify?: boolean;
  now?: string;
}

interface BuildContext {
  id: string;
  owner: DemoUser;
  calendarId: string;
  now: string;
  tenantId: string;
  changeKey: string;
  findUser(address: string): DemoUser | undefined;
}

/** A new organizer's event from a POST /me/events body; throws `CalendarRefusal` for what Exchange refuses. */
export function buildEvent(body: Event, ctx: BuildContext): StoredEvent {
  const start = readLocalTime(body.start, 'Start');
  const end = readLocalTime(body.end, 'End');
  const isAllDay = body.isAllDay === true;
  checkTimes(start, end, isAllDay);
  checkRecurrence(body);
  const attendees = readAttendees(body.attendees, ctx.findUser);
  const iCalUId = iCalUIdFor(`${ctx.owner.id}:${ctx.id}`);
  const isOnlineMeeting = body.isOnlineMeeting === true;
  const joinUrl = isOnlineMeeting ? teamsJoinUrl(iCalUId, ctx.tenantId, ctx.owner.id) : undefined;
  const html = readBodyHtml(body.body);
  return {
    id: ctx.id,
    '@odata.etag': `W/"${ctx.changeKey}"`,
    changeKey: ctx.changeKey,
    ownerId: ctx.owner.id,
    calendarId: ctx.calendarId,
    iCalUId,
    subject: body.subject ?? '',
    bodyHtml: joinUrl ? appendToBody(html, teamsBodyBlock(joinUrl, iCalUId)) : html,
    start,
    end,
    isAllDay,
    showAs: body.showAs ?? 'busy',
    location: body.location?.displayName ?? '',
    organizer: { name: ctx.owner.displayName, address: ctx.owner.mail },
    attendees,
    isOrganizer: true,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    responseRequested: body.responseRequested ?? true,
    isOnlineMeeting,
    ...(joinUrl ? { joinUrl } : {}),
    recurrence: body.recurrence ? normaliseRecurrence(body.recurrence, start.dateTime, start.timeZone) : null,
    exceptions: new Map(),
    reminderMinutesBeforeStart: body.reminderMinutesBeforeStart ?? 15,
    isReminderOn: body.isReminderOn ?? true,
    importance: body.importance ?? 'normal',
    sensitivity: body.sensitivity ?? 'normal',
    categories: [...(body.categories ?? [])],
    allowNewTimeProposals: body.allowNewTimeProposals ?? true,
    isCancelled: false,
    createdDateTime: ctx.now,
    lastModifiedDateTime: ctx.now,
  };
}

/** Graph fills what a recurrence leaves out: interval 1, the zone of the start, Sunday weeks. */
function normaliseRecurrence(r: PatternedRecurrence, startLocal: string, zone: string): PatternedRecurrence {
  const pattern = {
    interval: 1,
    month: 0,
    dayOfMonth: 0,
    firstDayOfWeek: 'sunday' as const,
    index: 'first' as const,
    ...r.pattern,
  };
  const range = {
    ...r.range,
    startDate: r.range?.startDate ?? startLocal.slice(0, 10),
    endDate: r.range?.endDate ?? '0001-01-01',
    numberOfOccurrences: r.range?.numberOfOccurrences ?? 0,
    recurrenceTimeZone: r.range?.recurrenceTimeZone ?? zone,
  };
  return { pattern, range };
}

/**
 * Apply a PATCH body to an event, or with `originalDate` to that one occurrence (an exception);
 * checks the result as a create would. Fields Graph does not let a PATCH change are ignored.
 */
export function patchEvent(
  event: StoredEvent,
  patch: Event,
  originalDate: string | undefined,
  directory: Directory,
  changeKey: string,
): void {
  const start = patch.start ? readLocalTime(patch.start, 'Start') : undefined;
  const end = patch.end ? readLocalTime(patch.end, 'End') : undefined;
  if (originalDate) {
    if (patch.recurrence) {
      throw new CalendarRefusal(
        400,
        'ErrorInvalidRequest',
        'The recurrence of an occurrence cannot be changed; update the series.',
      );
    }
    const override = { ...(event.exceptions.get(originalDate) ?? {}) };
    if (patch.subject !== undefined && patch.subject !== null) override.subject = patch.subject;
    if (patch.body) override.bodyHtml = readBodyHtml(patch.body);
    if (patch.location) override.location = patch.location.displayName ?? '';
    if (patch.showAs) override.showAs = patch.showAs;
    if (start || end) {
      const day = originalDate;
      const shifted = (t: StoredEvent['start']) => ({ ...t, dateTime: `${day}${t.dateTime.slice(10)}` });
      override.start = start ?? override.start ?? shifted(event.start);
      override.end = end ?? override.end ?? shifted(event.end);
      checkTimes(override.start, override.end, event.isAllDay);
    }
    event.exceptions.set(originalDate, override);
  } else {
    const isAllDay = patch.isAllDay ?? event.isAllDay;
    checkTimes(start ?? event.start, end ?? event.end, isAllDay);
    if (patch.recurrence) checkRecurrence(patch);
    const attendees = patch.attendees ? readAttendees(patch.attendees, (a) => directory.findUser(a)) : undefined;
    if (attendees) {
      // Attendees already invited keep the response they gave.
      for (const a of attendees) {
        const known = event.attendees.find(
          (b) => b.emailAddress?.address?.toLowerCase() === a.emailAddress?.address?.toLowerCase(),
        );
        if (known?.status) a.status = known.status;
      }
      event.attendees = attendees;
    }
    if (patch.subject !== undefined && patch.subject !== null) event.subject = patch.subject;
    if (patch.body) event.bodyHtml = readBodyHtml(patch.body);
    if (patch.location) event.location = patch.location.displayName ?? '';
    if (patch.showAs) event.showAs = patch.showAs;
    if (start) event.start = start;
    if (end) event.end = end;
    event.isAllDay = isAllDay;
    if (patch.recurrence !== undefined) {
      event.recurrence = patch.recurrence
        ? normaliseRecurrence(patch.recurrence, event.start.dateTime, event.start.timeZone)
        : null;
      event.exceptions = new Map();
    }
    if (typeof patch.reminderMinutesBeforeStart === 'number')
      event.reminderMinutesBeforeStart = patch.reminderMinutesBeforeStart;
    if (typeof patch.isReminderOn === 'boolean') event.isReminderOn = patch.isReminderOn;
    if (patch.importance) event.importance = patch.importance;
    if (patch.sensitivity) event.sensitivity = patch.sensitivity;
    if (patch.categories) event.categories = [...patch.categories];
    if (patch.isOnlineMeeting === true && !event.joinUrl) {
      event.isOnlineMeeting = true;
      event.joinUrl = teamsJoinUrl(event.iCalUId, directory.id, event.ownerId);
      event.bodyHtml = appendToBody(event.bodyHtml, teamsBodyBlock(event.joinUrl, event.iCalUId));
    } else if (patch.isOnlineMeeting === false) {
      event.isOnlineMeeting = false;
      delete event.joinUrl;
    }
  }
  event.changeKey = changeKey;
  event['@odata.etag'] = `W/"${changeKey}"`;
  event.lastModifiedDateTime = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
