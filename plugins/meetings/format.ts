/**
 * How meetings read for the model: short handles, times in the user's zone, and a line that says
 * whether Microsoft keeps transcripts and recordings for the meeting.
 */
import type { OnlineMeeting } from '@microsoft/microsoft-graph-types';
import { compactDate, oneLine, type ToolContext } from 'm365-mcp-gateway/plugin';
import { MEETING } from './schemas';

/** Said whenever a standalone meeting is made or asked about. */
export const STANDALONE_NOTE =
  'It is a standalone meeting (not on any calendar, no invitations sent): Microsoft keeps no transcript or recording for it. For those, schedule the meeting in Outlook or Teams (createTeamsMeeting).';

/** `2026-11-24 09:00–10:00` (same day) or both full dates, in the user's zone. */
export function timeRange(start: string | null | undefined, end: string | null | undefined, zone?: string): string {
  if (!start) return 'time unknown';
  const from = compactDate(start, zone);
  if (!end) return from;
  const to = compactDate(end, zone);
  return to.slice(0, 10) === from.slice(0, 10) ? `${from}–${to.slice(11)}` : `${from} – ${to}`;
}

/** The meeting's facts, one per line; attendees by sign-in address. */
export function formatMeeting(meeting: OnlineMeeting, ctx: ToolContext, heading = 'Meeting'): string {
  const attendees = (meeting.participants?.attendees ?? [])
    .map(
      (attendee) =>
        `${attendee.upn ?? attendee.identity?.user?.id ?? '?'}${attendee.role && attendee.role !== 'attendee' ? ` (${attendee.role})` : ''}`,
    )
    .join(', ');
  const join = meeting.joinMeetingIdSettings;
  return [
    `${heading} ${ctx.handles.show(MEETING, meeting.id ?? '')}: "${oneLine(meeting.subject ?? '', 200)}"`,
    `When: ${timeRange(meeting.startDateTime, meeting.endDateTime, ctx.user.timeZone)}${ctx.user.timeZone ? '' : ' (UTC)'}`,
    `Join: ${meeting.joinWebUrl ?? '(no join URL)'}`,
    ...(join?.joinMeetingId
      ? [`Meeting ID: ${join.joinMeetingId}${join.passcode ? `, passcode ${join.passcode}` : ''}`]
      : []),
    `Lobby bypass: ${meeting.lobbyBypassSettings?.scope ?? 'default'}; recording ${meeting.allowRecording === false ? 'not allowed' : 'allowed'}`,
    `Attendees: ${attendees || 'none listed'}`,
  ].join('\n');
}
