import * as v from 'valibot';
import { defineTool } from 'm365-mcp-gateway/plugin';
import { whenOf } from '../format';
import { int, isoTime, people } from '../schemas';
import { listWindow, localOf, mailboxZone, preferZone } from '../times';

interface Suggestion {
  confidence?: number;
  attendeeAvailability?: Array<{ attendee?: { emailAddress?: { address?: string } }; availability?: string }>;
  meetingTimeSlot?: { start?: { dateTime: string; timeZone: string }; end?: { dateTime: string; timeZone: string } };
}

export const findMeetingTimes = defineTool({
  name: 'findMeetingTimes',
  title: 'Find meeting times',
  description: 'Working-hours slots when you and all attendees are free.',
  input: v.strictObject({
    attendees: people('Addresses'),
    durationMinutes: v.optional(int(5, 1440, 'Length'), 30),
    start: v.optional(isoTime('From (default now)')),
    end: v.optional(isoTime('Until (default +7 d)')),
    maxCandidates: v.optional(int(1, 20, 'Max slots'), 5),
  }),
  scopes: ['Calendars.Read.Shared'],
  accounts: 'work',
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    const zone = mailboxZone(ctx);
    const prefer = preferZone(zone);
    const { from, to } = listWindow({ start: args.start, end: args.end, days: 7 }, zone, 31);
    const result = (await ctx.graph
      .api('/me/findMeetingTimes')
      .header('Prefer', `outlook.timezone="${prefer}"`)
      .post({
        attendees: args.attendees.map((p) => ({ type: 'required', emailAddress: { address: p.address } })),
        timeConstraint: {
          activityDomain: 'work',
          timeSlots: [
            {
              start: { dateTime: localOf(from, zone), timeZone: prefer },
              end: { dateTime: localOf(to, zone), timeZone: prefer },
            },
          ],
        },
        meetingDuration: `PT${args.durationMinutes}M`,
        maxCandidates: args.maxCandidates,
        isOrganizerOptional: false,
        returnSuggestionReasons: true,
        minimumAttendeePercentage: 100,
      })) as { meetingTimeSuggestions?: Suggestion[]; emptySuggestionsReason?: string };
    const who = args.attendees.map((p) => p.address).join(', ');
    const slots = result.meetingTimeSuggestions ?? [];
    if (slots.length === 0) {
      return `No ${args.durationMinutes}-minute time in working hours when you and ${who} are all free between ${localOf(from, zone).slice(0, 16)} and ${localOf(to, zone).slice(0, 16)} (${zone})${result.emptySuggestionsReason ? `: ${result.emptySuggestionsReason}` : ''}. Try a longer range or a shorter meeting.`;
    }
    const unknown = new Set(
      slots.flatMap((s) =>
        (s.attendeeAvailability ?? [])
          .filter((a) => a.availability === 'unknown')
          .map((a) => a.attendee?.emailAddress?.address),
      ),
    );
    const lines = slots.map(
      (s) =>
        `- ${whenOf({ start: s.meetingTimeSlot?.start ?? null, end: s.meetingTimeSlot?.end ?? null, isAllDay: false })}`,
    );
    const note = unknown.size ? `\nFree/busy unknown (outside your organization?): ${[...unknown].join(', ')}.` : '';
    return `${slots.length} time${slots.length === 1 ? '' : 's'} when you and ${who} are all free, ${args.durationMinutes} min (times in ${zone}):\n${lines.join('\n')}${note}\nBook one with createCalendarEvent.`;
  },
});
