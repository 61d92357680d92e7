/**
 * Compact, model-friendly renderings of events: one line per event in lists, with the handle the
 * follow-up tools take. Graph already returns times in the mailbox zone (`Prefer: outlook.timezone`),
 * so they are shown as they come, and the zone is named once per result. Subjects, organizers and
 * locations are other people's text: they sit inside one untrusted-content fence.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { fenceUntrusted, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';

/** Fields a list needs; every calendarView request sends exactly these in `$select`. */
export const LIST_FIELDS = [
  'id',
  'subject',
  'start',
  'end',
  'isAllDay',
  'location',
  'organizer',
  'isOrganizer',
  'responseStatus',
  'showAs',
  'type',
  'isOnlineMeeting',
  'isCancelled',
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Tue 2026-12-08` of a Graph dateTime (`2026-12-08T09:00:00.0000000`). */
export function dayOf(dateTime: string): string {
  const date = dateTime.slice(0, 10);
  return `${WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()] ?? ''} ${date}`;
}

const hm = (dateTime: string): string => dateTime.slice(11, 16);

/** When an event is, as people say it: `Tue 2026-12-08 09:00–09:45`, `Fri 2026-12-11 all day`, spans across days. */
export function whenOf(event: Pick<Event, 'start' | 'end' | 'isAllDay'>): string {
  const start = event.start?.dateTime ?? '';
  const end = event.end?.dateTime ?? '';
  if (event.isAllDay) {
    // All-day ends are exclusive midnights: a one-day event ends the next day.
    const last = new Date(Date.parse(`${end.slice(0, 10)}T00:00:00Z`) - 86_400_000).toISOString();
    return last.slice(0, 10) <= start.slice(0, 10)
      ? `${dayOf(start)} all day`
      : `${dayOf(start)} – ${dayOf(last)} all day`;
  }
  if (start.slice(0, 10) === end.slice(0, 10)) return `${dayOf(start)} ${hm(start)}–${hm(end)}`;
  return `${dayOf(start)} ${hm(start)} – ${dayOf(end)} ${hm(end)}`;
}

const RESPONSE_WORDS: Record<string, string> = {
  organizer: 'organizer',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
  notResponded: 'not responded',
  none: 'not responded',
};

/** The signed-in user's part: `you organize`, `you: accepted`… */
export function yourPart(event: Event): string {
  if (event.isOrganizer) return 'you organize';
  return `you: ${RESPONSE_WORDS[event.responseStatus?.response ?? 'none'] ?? 'not responded'}`;
}

/**
 * `- e7k2qx | Tue 2026-12-08 09:30–09:45 | Marketing team stand-up | Room 12 | Megan Bowen | you: accepted | Teams, series`
 */
export function eventLine(event: Event, handles: ToolHandles): string {
  const id = event.id ? handles.show('event', event.id) : '?';
  const where = event.location?.displayName ? oneLine(event.location.displayName, 40) : '-';
  const by = event.isOrganizer
    ? ''
    : ` | ${oneLine(event.organizer?.emailAddress?.name ?? event.organizer?.emailAddress?.address ?? '?', 30)}`;
  const marks = [
    event.isOnlineMeeting ? 'Teams' : '',
    event.type === 'occurrence' || event.type === 'exception' ? 'series' : '',
    event.showAs && event.showAs !== 'busy' ? event.showAs : '',
    event.isCancelled ? 'CANCELLED' : '',
  ].filter(Boolean);
  return `- ${id} | ${whenOf(event)} | ${oneLine(event.subject || '(no subject)', 70)} | ${where}${by} | ${yourPart(event)}${marks.length ? ` | ${marks.join(', ')}` : ''}`;
}

export function eventList(
  events: readonly Event[],
  heading: string,
  zone: string,
  cursor: string | undefined,
  handles: ToolHandles,
): string {
  if (events.length === 0) return `${heading}: no events.`;
  const lines = events.map((event) => eventLine(event, handles)).join('\n');
  const more = cursor ? `\nMore events: call again with cursor "${handles.show('cursor', cursor)}".` : '';
  return `${heading} (times in ${zone}; handle | when | subject | where | organizer | you):\n${fenceUntrusted(lines, 'calendar')}${more}`;
}
