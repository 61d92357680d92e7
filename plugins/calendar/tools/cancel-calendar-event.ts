import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, oneLine, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import { whenOf } from '../format';
import { eventId, text } from '../schemas';
import { mailboxZone, preferZone } from '../times';

export const cancelCalendarEvent = defineTool({
  name: 'cancelCalendarEvent',
  title: 'Cancel event',
  description: 'Cancel an event you organize (an occurrence: that one only); attendees are told.',
  input: v.strictObject({
    id: eventId,
    comment: text(10_000, 'Note'),
  }),
  scopes: ['Calendars.ReadWrite'],
  annotations: { destructiveHint: true, idempotentHint: true },
  async run({ id, comment }, ctx) {
    const zone = mailboxZone(ctx);
    const event = (await ctx.graph
      .api(`/me/events/${encodeURIComponent(id)}`)
      .select(['id', 'subject', 'start', 'end', 'isAllDay', 'isOrganizer', 'organizer', 'attendees', 'type'])
      .header('Prefer', `outlook.timezone="${preferZone(zone)}"`)
      .get()) as Event;
    const what = `"${oneLine(event.subject ?? '', 120)}" ${whenOf(event)}`;
    if (!event.isOrganizer) {
      throw new ToolError(
        `You are an attendee of ${what}; only its organizer (${event.organizer?.emailAddress?.address ?? 'someone else'}) can cancel it. Nothing was changed. ` +
          'To take it off your calendar and tell the organizer, call respondToEvent with response "decline" (and a comment).',
        'NOT_ORGANIZER',
      );
    }
    const path = `/me/events/${encodeURIComponent(id)}`;
    const attendees = event.attendees?.length ?? 0;
    if (attendees > 0) {
      await runWrite(ctx, { action: 'cancelEvent', items: [id] }, () =>
        ctx.graph.api(`${path}/cancel`).post(comment !== undefined ? { comment } : {}),
      );
      return `Cancelled ${what} (times in ${zone}); ${attendees} attendee${attendees === 1 ? '' : 's'} got the cancellation${comment ? ' with your comment' : ''}.`;
    }
    await runWrite(ctx, { action: 'deleteEvent', items: [id] }, () => ctx.graph.api(path).delete());
    return `Deleted ${what} (times in ${zone}) from your calendar; it had no attendees to tell.`;
  },
});
