import type { Event } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, oneLine, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import { timesFor } from '../compose';
import { whenOf } from '../format';
import { eventId, isoTime, text } from '../schemas';
import { mailboxZone, preferZone } from '../times';

const ACTIONS = { accept: 'accept', tentative: 'tentativelyAccept', decline: 'decline' } as const;
const DONE = { accept: 'Accepted', tentative: 'Tentatively accepted', decline: 'Declined' } as const;

export const respondToEvent = defineTool({
  name: 'respondToEvent',
  title: 'Answer invitation',
  description: 'Answer an invitation; tentative/decline may propose a time.',
  input: v.strictObject({
    id: eventId,
    response: v.pipe(v.picklist(['accept', 'tentative', 'decline'])),
    comment: text(10_000, 'Note'),
    sendResponse: v.optional(v.pipe(v.boolean(), v.description('Notify organizer')), true),
    proposedStart: v.optional(isoTime('Propose start')),
    proposedEnd: v.optional(isoTime('Propose end')),
  }),
  scopes: ['Calendars.ReadWrite'],
  annotations: { destructiveHint: false, idempotentHint: true },
  async run(args, ctx) {
    const zone = mailboxZone(ctx);
    const prefer = preferZone(zone);
    const proposing = args.proposedStart !== undefined || args.proposedEnd !== undefined;
    if (proposing && (args.proposedStart === undefined || args.proposedEnd === undefined)) {
      throw new ToolError(
        'Give both proposedStart and proposedEnd to propose a new time; nothing was sent.',
        'BAD_ARGUMENTS',
      );
    }
    if (proposing && args.response === 'accept') {
      throw new ToolError(
        'A new time can be proposed with response "tentative" or "decline", not "accept"; nothing was sent.',
        'BAD_ARGUMENTS',
      );
    }
    if (proposing && !args.sendResponse) {
      throw new ToolError(
        'Proposing a new time tells the organizer: leave sendResponse true; nothing was sent.',
        'BAD_ARGUMENTS',
      );
    }
    const proposed = proposing ? timesFor(args.proposedStart ?? '', args.proposedEnd, zone, false) : undefined;
    const event = (await ctx.graph
      .api(`/me/events/${encodeURIComponent(args.id)}`)
      .select(['id', 'subject', 'start', 'end', 'isAllDay', 'isOrganizer', 'organizer'])
      .header('Prefer', `outlook.timezone="${prefer}"`)
      .get()) as Event;
    const what = `"${oneLine(event.subject ?? '', 120)}" ${whenOf(event)}`;
    if (event.isOrganizer) {
      throw new ToolError(
        `You organize ${what}: there is no invitation to respond to. To call it off use cancelCalendarEvent; to change it, updateCalendarEvent.`,
        'IS_ORGANIZER',
      );
    }
    const body = {
      sendResponse: args.sendResponse,
      ...(args.comment !== undefined ? { comment: args.comment } : {}),
      ...(proposed ? { proposedNewTime: { start: proposed.start, end: proposed.end } } : {}),
    };
    await runWrite(ctx, { action: `${ACTIONS[args.response]}Event`, items: [args.id] }, () =>
      ctx.graph.api(`/me/events/${encodeURIComponent(args.id)}/${ACTIONS[args.response]}`).post(body),
    );
    const organizer = event.organizer?.emailAddress?.address ?? 'the organizer';
    const told = args.sendResponse
      ? ` ${organizer} was told${proposed ? ', with your proposed time' : ''}.`
      : ` ${organizer} was not told.`;
    const gone = args.response === 'decline' ? ' It is off your calendar.' : '';
    return `${DONE[args.response]} ${what} (times in ${zone}).${told}${gone}`;
  },
});
