import type { ChatMessage } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, graphIdOrHandle, oneLine, runWrite, ToolError } from 'm365-mcp-gateway/plugin';
import { resolveChannel, resolveTeam } from '../resolve';
import { channelRef, contentType, messageText, teamRef } from '../schemas';

/** Teams message ids are the post's time in epoch milliseconds. */
const POST_ID = /^\d{10,20}$/;

export const sendTeamsMessage = defineTool({
  name: 'sendTeamsMessage',
  title: 'Post in a Teams channel',
  description:
    'Post a message in a Teams channel, or reply in a thread with replyToMessageId (a post handle from getChannelMessages).',
  input: v.strictObject({
    teamId: teamRef,
    channelId: channelRef,
    message: messageText,
    contentType,
    replyToMessageId: v.optional(
      graphIdOrHandle('post', { orName: true, maxLength: 64, description: 'Post handle to reply to' }),
    ),
  }),
  scopes: ['ChannelMessage.Send', 'Team.ReadBasic.All', 'Channel.ReadBasic.All'],
  accounts: 'work',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run(args, ctx) {
    const replyTo = args.replyToMessageId;
    if (replyTo !== undefined && !POST_ID.test(replyTo)) {
      throw new ToolError(
        `"replyToMessageId" must be a post handle from getChannelMessages (received "${oneLine(replyTo, 40)}"); nothing was posted.`,
      );
    }
    const team = await resolveTeam(ctx, args.teamId, 'teamId');
    const channel = await resolveChannel(ctx, team, args.channelId, 'channelId');
    // Handles, not names: team and channel names are chosen by others and would sit outside a fence.
    const where = `channel ${ctx.handles.show('channel', channel.id)} of team ${ctx.handles.show('team', team.id)}`;
    const path = `/teams/${encodeURIComponent(team.id)}/channels/${encodeURIComponent(channel.id)}/messages${
      replyTo ? `/${encodeURIComponent(replyTo)}/replies` : ''
    }`;
    const body = { body: { contentType: args.contentType, content: args.message } };
    let posted: ChatMessage;
    try {
      posted = (await runWrite(ctx, { action: replyTo ? 'replyInChannel' : 'postInChannel', items: [] }, () =>
        ctx.graph.api(path).post(body),
      )) as ChatMessage;
    } catch (error) {
      // The thread is looked up in this channel only: a post of another channel is not found.
      if (replyTo && (error as { statusCode?: number }).statusCode === 404) {
        throw new ToolError(
          `No post ${ctx.handles.show('post', replyTo)} in ${where}: replyToMessageId must be a post of that channel (getChannelMessages lists them). Nothing was posted.`,
          'NOT_FOUND',
        );
      }
      throw error;
    }
    const handle = posted.id ? ctx.handles.show('post', posted.id) : '?';
    return replyTo
      ? `Replied in the thread of post ${ctx.handles.show('post', replyTo)} in ${where} (reply ${handle}).`
      : `Posted in ${where} as post ${handle}; reply to it with replyToMessageId "${handle}".`;
  },
});
