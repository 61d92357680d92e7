import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool } from 'm365-mcp-gateway/plugin';
import { DETAIL_FIELDS, eventDetail } from '../format-detail';
import { eventId, int } from '../schemas';
import { mailboxZone, preferZone } from '../times';

export const getCalendarEvent = defineTool({
  name: 'getCalendarEvent',
  title: 'Read event',
  description: 'One event in full: attendees and responses, join link, series, description.',
  input: v.strictObject({
    id: eventId,
    maxBodyChars: v.optional(int(100, 100_000, 'Body cap'), 2000),
  }),
  scopes: ['Calendars.Read'],
  annotations: { readOnlyHint: true },
  async run({ id, maxBodyChars }, ctx) {
    const zone = mailboxZone(ctx);
    const event = (await ctx.graph
      .api(`/me/events/${encodeURIComponent(id)}`)
      .select(DETAIL_FIELDS)
      .header('Prefer', `outlook.timezone="${preferZone(zone)}", outlook.body-content-type="text"`)
      .get()) as Event;
    return eventDetail(event, maxBodyChars, zone, ctx.handles);
  },
});
