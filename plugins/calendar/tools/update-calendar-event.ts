import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, oneLine, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import { attendeeList, eventFields, type EventArgs, plainFields, recurrenceFor, timesFor } from '../compose';
import { whenOf } from '../format';
import { eventId } from '../schemas';
import { instantOf, localOf, mailboxZone, preferZone } from '../times';

const LOOK = [
  'id',
  'subject',
  'type',
  'seriesMasterId',
  'isOrganizer',
  'organizer',
  'start',
  'end',
  'isAllDay',
  'attendees',
];
const MEETING_FIELDS = [
  'subject',
  'start',
  'end',
  'body',
  'attendees',
  'optionalAttendees',
  'location',
  'isOnlineMeeting',
  'recurrence',
  'isAllDay',
] as const;

export const updateCalendarEvent = defineTool({
  name: 'updateCalendarEvent',
  title: 'Change event',
  description: 'Change the given fields; attendees are updated.',
  input: v.strictObject({
    id: eventId,
    ...eventFields,
    applyTo: v.optional(v.pipe(v.picklist(['occurrence', 'series']))),
  }),
  scopes: ['Calendars.ReadWrite'],
  annotations: { destructiveHint: true, idempotentHint: true },
  async run(args, ctx) {
    const mailbox = mailboxZone(ctx);
    const prefer = `outlook.timezone="${preferZone(mailbox)}"`;
    const get = (id: string) =>
      ctx.graph
        .api(`/me/events/${encodeURIComponent(id)}`)
        .select(LOOK)
        .header('Prefer', prefer)
        .get() as Promise<Event>;
    const event = await get(args.id);
    const changes = MEETING_FIELDS.filter((key) => args[key] !== undefined);
    if (changes.length === 0 && args.reminderMinutes === undefined && args.showAs === undefined) {
      throw new ToolError(
        'Nothing to change: give at least one field (subject, start, end, attendees…).',
        'BAD_ARGUMENTS',
      );
    }
    if (!event.isOrganizer && changes.length > 0) {
      throw new ToolError(
        `Only the organizer (${event.organizer?.emailAddress?.address ?? 'someone else'}) can change ${changes.join(', ')} of this meeting; nothing was changed. ` +
          'As an attendee, use respondToEvent (accept, tentative, or decline with proposedStart/proposedEnd to suggest another time); reminderMinutes and showAs you may change.',
        'NOT_ORGANIZER',
      );
    }
    const inSeries = event.type === 'occurrence' || event.type === 'exception';
    const applyTo = args.applyTo ?? (inSeries ? 'occurrence' : undefined);
    if (event.type === 'seriesMaster' && applyTo === 'occurrence') {
      throw new ToolError(
        'This handle is the whole series; to change one occurrence, pass its handle from getCalendarEvents.',
        'BAD_ARGUMENTS',
      );
    }
    const series =
      applyTo === 'series' && inSeries && event.seriesMasterId ? await get(event.seriesMasterId) : undefined;
    if (args.recurrence && !(series || event.type === 'seriesMaster' || event.type === 'singleInstance')) {
      throw new ToolError(
        'A recurrence belongs to the whole series: call again with applyTo "series".',
        'BAD_ARGUMENTS',
      );
    }
    const target = series ?? event;
    const patch = composePatch(args, target, series !== undefined, args.timeZone ?? mailbox);
    const updated = (await runWrite(ctx, { action: 'updateEvent', items: [target.id ?? ''] }, () =>
      ctx.graph
        .api(`/me/events/${encodeURIComponent(target.id ?? '')}`)
        .header('Prefer', prefer)
        .patch(patch),
    )) as Event;
    const scope = series ? 'the whole series' : inSeries ? 'this occurrence only' : 'the event';
    const told = target.attendees?.length || patch.attendees?.length ? ' Attendees get the update.' : '';
    return `Updated ${scope}: "${oneLine(updated.subject ?? '', 120)}" ${whenOf(updated)} (times in ${mailbox}), handle ${ctx.handles.show('event', updated.id ?? target.id ?? '')}.${told}`;
  },
});

/** The PATCH body: given fields only; a new start keeps the duration; a series keeps its dates. */
function composePatch(args: EventArgs, target: Event, isSeries: boolean, zone: string): Event {
  const patch: Event = plainFields(args);
  if (args.start !== undefined || args.end !== undefined || args.isAllDay !== undefined) {
    const allDay = args.isAllDay ?? target.isAllDay === true;
    if (args.isAllDay !== undefined && args.isAllDay !== target.isAllDay && args.start === undefined) {
      throw new ToolError(
        'Changing isAllDay needs start (and end) too, as dates for an all-day event.',
        'BAD_ARGUMENTS',
      );
    }
    const curStart = target.start?.dateTime ?? '';
    const curEnd = target.end?.dateTime ?? '';
    // Graph returned the current times in the mailbox zone; an argument without offset is in `zone`.
    const mailboxStartMs = instantOf(curStart.slice(0, 19), target.start?.timeZone ?? 'UTC');
    const duration = instantOf(curEnd.slice(0, 19), target.end?.timeZone ?? 'UTC') - mailboxStartMs;
    let start = args.start ?? localOf(mailboxStartMs, zone);
    let end =
      args.end ??
      (args.start !== undefined && !allDay ? localOf(instantOf(args.start, zone) + duration, zone) : undefined);
    if (isSeries) {
      // A series keeps its first date; only the time of day moves.
      const firstDay = localOf(mailboxStartMs, zone).slice(0, 10);
      start = `${firstDay}${start.length > 10 ? start.slice(10) : ''}`;
      if (end !== undefined) end = `${firstDay}${end.length > 10 ? end.slice(10) : ''}`;
    }
    const times = timesFor(
      start,
      end ?? (args.start === undefined ? localOf(mailboxStartMs + duration, zone) : undefined),
      zone,
      allDay,
    );
    Object.assign(patch, { start: times.start, end: times.end, isAllDay: allDay });
  }
  if (args.attendees !== undefined || args.optionalAttendees !== undefined) {
    const keep = (type: string) =>
      (target.attendees ?? [])
        .filter((a) => a.type === type)
        .map((a) => ({
          address: a.emailAddress?.address ?? '',
          ...(a.emailAddress?.name ? { name: a.emailAddress.name } : {}),
        }));
    patch.attendees = attendeeList(args.attendees ?? keep('required'), args.optionalAttendees ?? keep('optional'));
  }
  if (args.recurrence) {
    const startLocal =
      patch.start?.dateTime ??
      localOf(instantOf((target.start?.dateTime ?? '').slice(0, 19), target.start?.timeZone ?? 'UTC'), zone);
    patch.recurrence = recurrenceFor(args.recurrence, startLocal, zone);
  }
  return patch;
}
