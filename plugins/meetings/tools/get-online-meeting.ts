import type { OnlineMeeting } from '@microsoft/microsoft-graph-types';
import { defineTool } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { formatMeeting } from '../format';
import { meetingFailure } from '../graph-errors';
import { looksLikeUrl, meetingByJoinUrl, meetingIdOf, meetingPath } from '../resolve-meeting';
import { meeting } from '../schemas';

const SELECT = [
  'id',
  'subject',
  'startDateTime',
  'endDateTime',
  'joinWebUrl',
  'joinMeetingIdSettings',
  'participants',
  'lobbyBypassSettings',
  'allowRecording',
];

export const getOnlineMeeting = defineTool({
  name: 'getOnlineMeeting',
  title: 'Get an online meeting',
  description: 'A Teams meeting you organised, by handle, id or pasted join URL: time, join link, attendees.',
  input: v.strictObject({ meeting }),
  scopes: ['OnlineMeetings.Read'],
  accounts: 'work',
  annotations: { readOnlyHint: true, openWorldHint: true },
  async run(args, ctx) {
    const found = looksLikeUrl(args.meeting)
      ? await meetingByJoinUrl(args.meeting, ctx, SELECT)
      : ((await ctx.graph
          .api(meetingPath(await meetingIdOf(args.meeting, ctx)))
          .select(SELECT)
          .get()
          .catch((error: unknown) => meetingFailure(error))) as OnlineMeeting);
    return formatMeeting(found, ctx);
  },
});
