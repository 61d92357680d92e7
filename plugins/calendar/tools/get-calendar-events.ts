import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor, graphIdOrHandle } from 'm365-mcp-gateway/plugin';
import { eventList, LIST_FIELDS } from '../format';
import { int, isoTime } from '../schemas';
import { listWindow, mailboxZone, preferZone, utcIso } from '../times';

const VIEW = { path: /^\/me\/(?:calendars\/[^/?\s]+\/)?calendarView\?/, maxTop: 50, omit: ['$select', '$orderby'] };
const MAX_DAYS = 31;

export const getCalendarEvents = defineTool({
  name: 'getCalendarEvents',
  title: 'List events',
  description: 'Events in a range (default: next 7 days), series expanded, with handles.',
  input: v.strictObject({
    days: v.optional(int(1, MAX_DAYS, 'Days from start')),
    start: v.optional(isoTime('From (default now)')),
    end: v.optional(isoTime('Until (or days)')),
    calendarId: v.optional(graphIdOrHandle('calendar')),
    query: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check((q) => q !== '' && q.length <= 100, 'must be 1 to 100 characters'),
        v.description('Subject contains'),
      ),
    ),
    count: v.optional(int(1, 50, 'Max events'), 20),
    cursor: v.optional(graphIdOrHandle('cursor')),
  }),
  scopes: ['Calendars.Read'],
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    const zone = mailboxZone(ctx);
    const prefer = `outlook.timezone="${preferZone(zone)}"`;
    let path: string;
    let heading: string;
    if (args.cursor) {
      path = decodeCursor(args.cursor, VIEW, 'getCalendarEvents');
      heading = 'Events (continued)';
    } else {
      const { from, to } = listWindow(args, zone, MAX_DAYS);
      const base = args.calendarId
        ? `/me/calendars/${encodeURIComponent(args.calendarId)}/calendarView`
        : '/me/calendarView';
      path = `${base}?startDateTime=${utcIso(from)}&endDateTime=${utcIso(to)}&$top=${args.count}`;
      if (args.query) path += `&$filter=${encodeURIComponent(`contains(subject,'${args.query.replace(/'/g, "''")}')`)}`;
      heading = `Events ${utcIso(from).slice(0, 10)} to ${utcIso(to).slice(0, 10)}${args.query ? ` with "${args.query}" in the subject` : ''}`;
    }
    const response = (await ctx.graph
      .api(path)
      .select(LIST_FIELDS)
      .orderby('start/dateTime')
      .header('Prefer', prefer)
      .get()) as {
      value?: Event[];
      '@odata.nextLink'?: string;
    };
    const events = response.value ?? [];
    const cursor = encodeCursor(response['@odata.nextLink'], VIEW);
    return eventList(
      events,
      `${heading}: ${events.length} event${events.length === 1 ? '' : 's'}`,
      zone,
      cursor,
      ctx.handles,
    );
  },
});
