import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, graphIdOrHandle, oneLine, runWrite } from 'm365-mcp-gateway/plugin';
import { attendeeList, eventFields, plainFields, recurrenceFor, timesFor } from '../compose';
import { whenOf } from '../format';
import { isoTime, text } from '../schemas';
import { mailboxZone, preferZone } from '../times';

export const createCalendarEvent = defineTool({
  name: 'createCalendarEvent',
  title: 'Create event',
  description: 'Create an event and invite attendees. Times without offset are in timeZone (default: mailbox).',
  input: v.strictObject({
    ...eventFields,
    subject: v.pipe(
      v.string(),
      v.trim(),
      v.check((s) => s !== '' && s.length <= 255, 'must be 1 to 255 characters'),
    ),
    start: isoTime('Start (ISO)'),
    body: text(100_000),
    calendarId: v.optional(graphIdOrHandle('calendar')),
  }),
  scopes: ['Calendars.ReadWrite'],
  annotations: { destructiveHint: false },
  async run(args, ctx) {
    const zone = args.timeZone ?? mailboxZone(ctx);
    const allDay = args.isAllDay === true;
    const times = timesFor(args.start, args.end, zone, allDay);
    const body: Event = {
      ...plainFields(args),
      start: times.start,
      end: times.end,
      isAllDay: allDay,
      attendees: attendeeList(args.attendees, args.optionalAttendees),
      ...(args.recurrence ? { recurrence: recurrenceFor(args.recurrence, times.start?.dateTime ?? '', zone) } : {}),
    };
    const path = args.calendarId ? `/me/calendars/${encodeURIComponent(args.calendarId)}/events` : '/me/events';
    const mailbox = mailboxZone(ctx);
    // One POST, never repeated when its outcome is unknown (the event may exist and invitations may be out).
    const created = (await runWrite(ctx, { action: 'createEvent', items: [] }, () =>
      ctx.graph
        .api(path)
        .header('Prefer', `outlook.timezone="${preferZone(mailbox)}"`)
        .post(body),
    )) as Event;
    const invited = body.attendees?.length ?? 0;
    return [
      `Created "${oneLine(created.subject ?? args.subject, 120)}" ${whenOf(created)} (times in ${mailbox}), handle ${ctx.handles.show('event', created.id ?? '')}.`,
      ...(args.recurrence ? ['Repeats as asked; getCalendarEvents shows the occurrences.'] : []),
      invited
        ? `Invitations sent to ${invited} attendee${invited === 1 ? '' : 's'}.`
        : 'No attendees: nothing was sent.',
      ...(created.onlineMeeting?.joinUrl ? [`Teams join: ${created.onlineMeeting.joinUrl}`] : []),
    ].join('\n');
  },
});
