/** One event in full: when, who and how they answered, where, the join link, the series, the body (capped). */
import type { Attendee, Event, PatternedRecurrence } from '@microsoft/microsoft-graph-types';
import { capText, fenceUntrusted, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';
import { whenOf, yourPart } from './format';

export const DETAIL_FIELDS = [
  'id',
  'subject',
  'body',
  'start',
  'end',
  'isAllDay',
  'location',
  'organizer',
  'attendees',
  'isOrganizer',
  'responseStatus',
  'showAs',
  'type',
  'seriesMasterId',
  'recurrence',
  'isOnlineMeeting',
  'onlineMeeting',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'sensitivity',
  'isCancelled',
  'originalStartTimeZone',
];

const ANSWERS: Record<string, string> = {
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
  organizer: 'organizer',
};

function person(a: Attendee): string {
  const name = a.emailAddress?.name;
  const address = a.emailAddress?.address ?? '?';
  const who = name && name !== address ? `${oneLine(name, 40)} <${address}>` : address;
  const answer = ANSWERS[a.status?.response ?? 'none'] ?? 'no answer';
  const proposed = a.proposedNewTime?.start?.dateTime
    ? ` (proposes ${whenOf({ start: a.proposedNewTime.start, end: a.proposedNewTime.end ?? null, isAllDay: false })})`
    : '';
  return `${who}${a.type === 'optional' ? ' (optional)' : ''}: ${answer}${proposed}`;
}

/** `weekly on monday, thursday from 2026-11-02, no end` */
export function describeRecurrence(r: PatternedRecurrence): string {
  const p = r.pattern ?? {};
  const every = (p.interval ?? 1) > 1 ? `every ${p.interval} ` : '';
  const unit: Record<string, string> = {
    daily: every ? 'days' : 'daily',
    weekly: every ? 'weeks' : 'weekly',
    absoluteMonthly: every ? 'months' : 'monthly',
    relativeMonthly: every ? 'months' : 'monthly',
    absoluteYearly: every ? 'years' : 'yearly',
    relativeYearly: every ? 'years' : 'yearly',
  };
  const on = p.daysOfWeek?.length && p.type !== 'daily' ? ` on ${p.daysOfWeek.join(', ')}` : '';
  const range = r.range ?? {};
  const end =
    range.type === 'endDate'
      ? `until ${range.endDate}`
      : range.type === 'numbered'
        ? `${range.numberOfOccurrences} times`
        : 'no end';
  return `${every}${unit[p.type ?? ''] ?? p.type}${on} from ${range.startDate}, ${end}`;
}

export function eventDetail(event: Event, maxBodyChars: number, zone: string, handles: ToolHandles): string {
  const id = event.id ? handles.show('event', event.id) : '?';
  const lines = [`Event ${id} (times in ${zone})`, `When: ${whenOf(event)}${event.isCancelled ? ' — CANCELLED' : ''}`];
  if (event.originalStartTimeZone && !event.isAllDay) lines.push(`Written in zone: ${event.originalStartTimeZone}`);
  if (event.type === 'seriesMaster' && event.recurrence) lines.push(`Series: ${describeRecurrence(event.recurrence)}`);
  if ((event.type === 'occurrence' || event.type === 'exception') && event.seriesMasterId) {
    lines.push(
      `Part of series ${handles.show('event', event.seriesMasterId)}${event.type === 'exception' ? ' (this occurrence was changed)' : ''}`,
    );
  }
  lines.push(`You: ${event.isOrganizer ? 'organizer' : yourPart(event).replace(/^you: /, '')}`);
  if (event.onlineMeeting?.joinUrl) lines.push(`Teams join: ${event.onlineMeeting.joinUrl}`);
  const reminder = event.isReminderOn ? `${event.reminderMinutesBeforeStart} min before` : 'off';
  lines.push(
    `Show as: ${event.showAs ?? 'busy'} | Reminder: ${reminder}${event.sensitivity === 'private' ? ' | private' : ''}`,
  );
  const others = [
    `Subject: ${event.subject || '(no subject)'}`,
    `Organizer: ${event.organizer?.emailAddress?.name ?? ''} <${event.organizer?.emailAddress?.address ?? '?'}>`,
    ...(event.location?.displayName ? [`Location: ${event.location.displayName}`] : []),
    ...(event.attendees?.length
      ? [`Attendees (${event.attendees.length}):`, ...event.attendees.map((a) => `- ${person(a)}`)]
      : []),
  ].join('\n');
  const body = event.body?.content?.trim() ?? '';
  const bodyPart = body ? `\n${fenceUntrusted(capText(body, maxBodyChars), 'event description')}` : '\nNo description.';
  return `${lines.join('\n')}\n${fenceUntrusted(others, 'event details')}${bodyPart}`;
}
