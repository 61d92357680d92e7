/**
 * Graph's JSON for a stored event or one of its occurrences. Times come back in UTC unless the
 * caller asks for a zone (`Prefer: outlook.timezone`), with seven fractional digits as Graph writes
 * them; all-day events keep their dates (midnight) in whatever zone is asked.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { localTimeIn } from '../../../plugin/time-zones';
import { bodyPreviewOf, htmlToText } from '../html-text';
import type { EventInstance, LocalTime } from './stored-event';

/** Graph's event JSON, with the id and etag Graph always sends. */
export type GraphEvent = Event & { id: string; '@odata.etag': string; uid: string; occurrenceId: string | null };

export interface SerializeOptions {
  /** The zone of `Prefer: outlook.timezone` (Windows or IANA, echoed as given); default UTC. */
  timeZone?: string;
  /** `Prefer: outlook.body-content-type="text"`: the body as text instead of HTML. */
  bodyType?: 'html' | 'text';
}

/** Graph's `dateTime` shape: `2026-12-08T09:00:00.0000000`. */
const graphDateTime = (local: string): string => `${local.slice(0, 19)}.0000000`;

function timeIn(time: LocalTime, ms: number, isAllDay: boolean, zone: string): { dateTime: string; timeZone: string } {
  if (isAllDay) return { dateTime: graphDateTime(`${time.dateTime.slice(0, 10)}T00:00:00`), timeZone: zone };
  return { dateTime: graphDateTime(localTimeIn(ms, zone)), timeZone: zone };
}

/**
 * An event instance as Graph's `event` resource.
 *
 * @example
 * const [first] = tenant.calendar.calendarView(user.id, from, to);
 * toGraphEvent(first, { timeZone: 'Pacific Standard Time', bodyType: 'text' }).start;
 * // { dateTime: '2026-12-08T09:00:00.0000000', timeZone: 'Pacific Standard Time' }
 */
export function toGraphEvent(instance: EventInstance, options: SerializeOptions = {}): GraphEvent {
  const e = instance.event;
  const zone = options.timeZone ?? 'UTC';
  const o = instance.override;
  const html = o?.bodyHtml ?? e.bodyHtml;
  const location = o?.location ?? e.location;
  const isSeriesPart = instance.type === 'occurrence' || instance.type === 'exception';
  return {
    '@odata.etag': e['@odata.etag'],
    id: instance.id,
    createdDateTime: e.createdDateTime,
    lastModifiedDateTime: e.lastModifiedDateTime,
    changeKey: e.changeKey,
    categories: [...e.categories],
    transactionId: null,
    originalStartTimeZone: e.start.timeZone,
    originalEndTimeZone: e.end.timeZone,
    iCalUId: e.iCalUId,
    uid: e.iCalUId,
    reminderMinutesBeforeStart: e.reminderMinutesBeforeStart,
    isReminderOn: e.isReminderOn,
    hasAttachments: false,
    subject: o?.subject ?? e.subject,
    bodyPreview: bodyPreviewOf(html),
    importance: e.importance,
    sensitivity: e.sensitivity,
    isAllDay: e.isAllDay,
    isCancelled: e.isCancelled,
    isOrganizer: e.isOrganizer,
    responseRequested: e.responseRequested,
    seriesMasterId: isSeriesPart ? e.id : null,
    showAs: o?.showAs ?? e.showAs,
    type: instance.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(instance.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeetingProvider: e.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: e.allowNewTimeProposals,
    occurrenceId: null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { ...e.responseStatus },
    body:
      options.bodyType === 'text'
        ? { contentType: 'text', content: htmlToText(html) }
        : { contentType: 'html', content: html },
    start: timeIn(instance.start, instance.startMs, e.isAllDay, zone),
    end: timeIn(instance.end, instance.endMs, e.isAllDay, zone),
    location: {
      displayName: location,
      locationType: 'default',
      uniqueIdType: location ? 'private' : 'unknown',
      ...(location ? { uniqueId: location } : {}),
    },
    locations: location
      ? [{ displayName: location, locationType: 'default', uniqueId: location, uniqueIdType: 'private' }]
      : [],
    recurrence: instance.type === 'seriesMaster' ? structuredClone(e.recurrence) : null,
    attendees: e.attendees.map((a) => structuredClone(a)),
    organizer: { emailAddress: { name: e.organizer.name, address: e.organizer.address } },
    onlineMeeting: e.joinUrl ? { joinUrl: e.joinUrl } : null,
  };
}
