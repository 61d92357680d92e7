import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import {
  defineTool,
  resolveTimeZone,
  runWrite,
  ToolError,
  toGraphDateTime,
  zonedTimeToInstant,
} from 'm365-mcp-gateway/plugin';
import { addresses } from '../recipients';

const TIME = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (value) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value),
    'must be a date and time, e.g. 2026-12-08T09:00 (local to timeZone)',
  ),
);

export const createTeamsMeeting = defineTool({
  name: 'createTeamsMeeting',
  title: 'Create a Teams meeting',
  description:
    'Create a calendar event with a Teams link and invite attendees; returns the join URL. Times are local to timeZone.',
  input: v.strictObject({
    subject: v.pipe(v.string(), v.trim(), v.nonEmpty('must not be empty'), v.maxLength(255), v.description('Title')),
    start: v.pipe(TIME, v.description('e.g. 2026-12-08T09:00')),
    end: v.pipe(TIME, v.description('Same form')),
    timeZone: v.optional(v.pipe(v.string(), v.description('IANA or Windows; default: yours'))),
    attendees: v.optional(addresses('Addresses to invite')),
    body: v.optional(v.pipe(v.string(), v.maxLength(100_000), v.description('Agenda, plain text'))),
  }),
  scopes: ['Calendars.ReadWrite'],
  accounts: 'work',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run(args, ctx) {
    const zone = resolveTimeZone(args.timeZone ?? ctx.user.timeZone ?? 'UTC');
    const start = toGraphDateTime(args.start, zone.iana);
    const end = toGraphDateTime(args.end, zone.iana);
    if (zonedTimeToInstant(args.end, zone.iana) <= zonedTimeToInstant(args.start, zone.iana)) {
      throw new ToolError('"end" must be after "start"; nothing was created.');
    }
    const event: Event = {
      subject: args.subject,
      start,
      end,
      ...(args.body ? { body: { contentType: 'text', content: args.body } } : {}),
      attendees: (args.attendees ?? []).map((address) => ({ emailAddress: { address }, type: 'required' })),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    };
    const created = (await runWrite(ctx, { action: 'createTeamsMeeting', items: [] }, () =>
      ctx.graph.api('/me/events').header('Prefer', `outlook.timezone="${start.timeZone}"`).post(event),
    )) as Event;
    const joinUrl = created.onlineMeeting?.joinUrl;
    const handle = created.id ? ctx.handles.show('event', created.id) : '?';
    const when = `${start.dateTime.replace('T', ' ').slice(0, 16)}–${end.dateTime.slice(11, 16)} (${zone.iana})`;
    const invited = args.attendees?.length ? `; invited ${args.attendees.join(', ')}` : '';
    return joinUrl
      ? `Created Teams meeting ${handle} "${args.subject}" ${when}${invited}.\nJoin URL: ${joinUrl}`
      : `Created event ${handle} "${args.subject}" ${when}${invited}, but Microsoft Graph returned no Teams join URL (Teams meetings may be turned off for this account).`;
  },
});
