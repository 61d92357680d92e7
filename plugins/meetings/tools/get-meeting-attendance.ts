import type { AttendanceRecord, MeetingAttendanceReport } from '@microsoft/microsoft-graph-types';
import { compactDate, defineTool, fenceUntrusted, oneLine } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { timeRange } from '../format';
import { ATTENDANCE, meetingFailure } from '../graph-errors';
import { meetingIdOf, meetingPath } from '../resolve-meeting';
import { MEETING, meeting } from '../schemas';

/** `09:02–09:40, 09:43–10:00` in the user's zone (the date is in the header). */
function intervals(record: AttendanceRecord, zone?: string): string {
  return (record.attendanceIntervals ?? [])
    .map(
      (i) =>
        `${compactDate(i.joinDateTime ?? '', zone).slice(11)}–${compactDate(i.leaveDateTime ?? '', zone).slice(11)}`,
    )
    .join(', ');
}

export const getMeetingAttendance = defineTool({
  name: 'getMeetingAttendance',
  title: 'Meeting attendance',
  description: 'Who attended a meeting you organised: role, when they joined and left, minutes present.',
  input: v.strictObject({ meeting }),
  scopes: ['OnlineMeetingArtifact.Read.All', 'OnlineMeetings.Read'],
  accounts: 'work',
  annotations: { readOnlyHint: true, openWorldHint: true },
  async run(args, ctx) {
    const meetingId = await meetingIdOf(args.meeting, ctx);
    const handle = ctx.handles.show(MEETING, meetingId);
    const reports = (await ctx.graph
      .api(`${meetingPath(meetingId)}/attendanceReports`)
      .get()
      .catch((error: unknown) => meetingFailure(error, ATTENDANCE))) as { value: MeetingAttendanceReport[] };
    if (reports.value.length === 0) {
      return `Meeting ${handle} has no attendance report: nobody has joined it yet, or it has not ended.`;
    }
    // The latest session: a recurring or reused meeting link has one report per session.
    const latest = [...reports.value].sort((a, b) =>
      (b.meetingStartDateTime ?? '').localeCompare(a.meetingStartDateTime ?? ''),
    )[0]!;
    const report = (await ctx.graph
      .api(`${meetingPath(meetingId)}/attendanceReports/${encodeURIComponent(latest.id ?? '')}`)
      .expand('attendanceRecords')
      .get()
      .catch((error: unknown) => meetingFailure(error, ATTENDANCE))) as MeetingAttendanceReport;
    const zone = ctx.user.timeZone;
    const rows = (report.attendanceRecords ?? []).map((record) => {
      const name = oneLine(record.identity?.displayName ?? record.emailAddress ?? 'Unknown', 80);
      const minutes = Math.round((record.totalAttendanceInSeconds ?? 0) / 60);
      return `${name} <${record.emailAddress ?? '?'}> | ${record.role ?? '?'} | ${intervals(record, zone)} | ${minutes}`;
    });
    const sessions = reports.value.length > 1 ? ` (latest of ${reports.value.length} sessions)` : '';
    return [
      `Attendance of meeting ${handle}, ${timeRange(report.meetingStartDateTime, report.meetingEndDateTime, zone)}${zone ? '' : ' UTC'}${sessions}: ${report.totalParticipantCount ?? rows.length} people.`,
      'name <address> | role | joined–left | minutes',
      fenceUntrusted(rows.join('\n'), 'meeting attendees'),
    ].join('\n');
  },
});
