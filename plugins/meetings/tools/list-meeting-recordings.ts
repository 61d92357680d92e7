import type { CallRecording } from '@microsoft/microsoft-graph-types';
import { compactDate, defineTool, formatBytes, type ToolContent } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { STANDALONE_NOTE, timeRange } from '../format';
import { meetingFailure, RECORDINGS } from '../graph-errors';
import { meetingRecording, RECORDING_MAX_BYTES, recordingSize } from '../recording-resource';
import { meetingIdOf, meetingPath } from '../resolve-meeting';
import { MEETING, meeting } from '../schemas';

const minutes = (start?: string | null, end?: string | null) =>
  start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 60_000) : undefined;

export const listMeetingRecordings = defineTool({
  name: 'listMeetingRecordings',
  title: 'List meeting recordings',
  description:
    'Recordings of a meeting you organised: time, duration, size; each a resource link (resources/read), or its download link if too large.',
  input: v.strictObject({ meeting }),
  scopes: ['OnlineMeetingRecording.Read.All', 'OnlineMeetings.Read'],
  accounts: 'work',
  annotations: { readOnlyHint: true, openWorldHint: true },
  async run(args, ctx) {
    const meetingId = await meetingIdOf(args.meeting, ctx);
    const handle = ctx.handles.show(MEETING, meetingId);
    const fail = (error: unknown) => meetingFailure(error, RECORDINGS);
    const page = (await ctx.graph
      .api(`${meetingPath(meetingId)}/recordings`)
      .select(['id', 'createdDateTime', 'endDateTime', 'recordingContentUrl'])
      .get()
      .catch(fail)) as { value: CallRecording[] };
    if (page.value.length === 0) {
      return `Meeting ${handle} has no recordings: nobody recorded it, or it is a standalone meeting. ${STANDALONE_NOTE.replace(/^It is a standalone meeting/, 'A standalone meeting is')}`;
    }
    const zone = ctx.user.timeZone;
    const lines: string[] = [`Recordings of meeting ${handle} (${zone ? 'your time' : 'UTC'}):`];
    const links: ToolContent[] = [];
    for (const recording of page.value) {
      const id = recording.id ?? '';
      const size = await recordingSize(ctx.graph, meetingId, id).catch(fail);
      const recordingHandle = ctx.handles.show('recording', id);
      const duration = minutes(recording.createdDateTime, recording.endDateTime);
      const facts = `${recordingHandle} | ${timeRange(recording.createdDateTime, recording.endDateTime, zone)} | ${duration ?? '?'} min | ${formatBytes(size)}`;
      if (size <= RECORDING_MAX_BYTES) {
        const uri = meetingRecording.uri({ meetingId: handle, recordingId: recordingHandle });
        lines.push(`- ${facts} | ${uri}`);
        links.push({
          type: 'resource_link',
          uri,
          name: `recording-${compactDate(recording.createdDateTime ?? '', zone).slice(0, 10)}.mp4`,
          mimeType: 'video/mp4',
          description: `${formatBytes(size)} meeting recording`,
        });
      } else {
        lines.push(
          `- ${facts} | over the ${formatBytes(RECORDING_MAX_BYTES)} limit for reading here; download (Graph, signed in): ${recording.recordingContentUrl ?? 'open it in Teams'}`,
        );
      }
    }
    return { content: [{ type: 'text', text: lines.join('\n') }, ...links] };
  },
});
