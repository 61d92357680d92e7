/**
 * The Graph id of the meeting a tool was given: a handle or id arrives resolved; a join URL is
 * normalised to Graph's stored form and looked up with the exact-match `JoinWebUrl` filter.
 */
import type { OnlineMeeting } from '@microsoft/microsoft-graph-types';
import { isHandle, ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';
import { meetingFailure } from './graph-errors';
import { normaliseJoinUrl } from './join-url';
import { MEETING } from './schemas';

const FULL_ID = /^[A-Za-z0-9+/=_-]{20,2048}$/;

export const meetingPath = (id: string) => `/me/onlineMeetings/${encodeURIComponent(id)}`;

export function looksLikeUrl(value: string): boolean {
  return /^\s*<?\s*(?:https?:\/\/|teams\.microsoft\.)/i.test(value);
}

/** The meeting with this join URL among those the user organised, or a tool error saying why not. */
export async function meetingByJoinUrl(pasted: string, ctx: ToolContext, select?: string[]): Promise<OnlineMeeting> {
  const normalised = normaliseJoinUrl(pasted);
  if ('problem' in normalised) throw new ToolError(`${normalised.problem} Nothing was looked up.`, 'BAD_ARGUMENTS');
  // Graph matches the stored URL, escapes included, so the literal goes in encoded once more.
  let request = ctx.graph
    .api('/me/onlineMeetings')
    .filter(`JoinWebUrl eq '${encodeURIComponent(normalised.joinWebUrl)}'`);
  if (select) request = request.select(select);
  const page = (await request.get().catch((error: unknown) => meetingFailure(error))) as { value: OnlineMeeting[] };
  const found = page.value[0];
  if (!found?.id) {
    throw new ToolError(
      'No meeting you organised has this join URL. Microsoft Graph finds meetings by join URL only for their organizer; ask the organizer, or check that the link is complete.',
      'NOT_FOUND',
    );
  }
  return found;
}

/**
 * The Graph id for a `meeting` argument (handle, id or join URL); one Graph call for a join URL.
 *
 * @example
 * const id = await meetingIdOf(args.meeting, ctx); // from 'o7k2qx', the id, or 'https://teams.microsoft.com/l/meetup-join/…'
 */
export async function meetingIdOf(value: string, ctx: ToolContext): Promise<string> {
  if (looksLikeUrl(value)) return (await meetingByJoinUrl(value, ctx, ['id'])).id!;
  if (isHandle(value, MEETING)) {
    throw new ToolError(
      `Unknown meeting handle "${value}" (expired, or never shown to you). Look the meeting up again (getOnlineMeeting with its join URL).`,
      'NOT_FOUND',
    );
  }
  if (!FULL_ID.test(value)) {
    throw new ToolError(
      '"meeting" must be a meeting handle (o7k2qx), a meeting id, or a Teams join URL (https://teams.microsoft.com/l/meetup-join/…). Nothing was looked up.',
      'BAD_ARGUMENTS',
    );
  }
  return value;
}
