import type { ChatMessage } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor, ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';
import { messageBlock, messageList } from '../format';
import { resolveChannel, resolveTeam } from '../resolve';
import { channelRef, count, cursor, teamRef } from '../schemas';

const CHANNEL_MESSAGES = {
  path: /^\/teams\/[^/?\s]+\/channels\/[^/?\s]+\/messages\?/,
  maxTop: 50,
  omit: [] as string[],
};

/** Without ChannelMessage.Read.All (admin consent) Graph answers 403: say what the administrator must approve. */
function needsAdminConsent(error: unknown): never {
  if ((error as { statusCode?: number }).statusCode === 403) {
    throw new ToolError(
      'Reading channel messages needs the Microsoft Graph permission ChannelMessage.Read.All, which a tenant ' +
        'administrator must approve for this app first (Microsoft Entra admin center → Enterprise applications → ' +
        'this app → Permissions → Grant admin consent). Ask your administrator to approve ChannelMessage.Read.All, ' +
        'then authorize this app again asking for it (scope ChannelMessage.Read.All).',
      'INSUFFICIENT_SCOPE',
    );
  }
  throw error;
}

export const getChannelMessages = defineTool({
  name: 'getChannelMessages',
  title: 'Read channel messages',
  description:
    'Posts of a Teams channel, newest first: handle, time, author, reply count, files, text. Handles go to sendTeamsMessage replyToMessageId.',
  input: v.strictObject({
    team: teamRef,
    channel: channelRef,
    count,
    includeReplies: v.optional(v.pipe(v.boolean(), v.description('Show replies under each post')), false),
    cursor,
  }),
  scopes: ['ChannelMessage.Read.All', 'Team.ReadBasic.All', 'Channel.ReadBasic.All'],
  accounts: 'work',
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    let page: MessagePage;
    let label: string;
    if (args.cursor) {
      page = await fetchPage(ctx.graph.api(decodeCursor(args.cursor, CHANNEL_MESSAGES, 'getChannelMessages')));
      label = 'Channel posts (continued)';
    } else {
      const team = await resolveTeam(ctx, args.team);
      const channel = await resolveChannel(ctx, team, args.channel);
      // Replies are expanded for their count; their text is shown only with includeReplies.
      const path = `/teams/${encodeURIComponent(team.id)}/channels/${encodeURIComponent(channel.id)}/messages`;
      page = await fetchPage(ctx.graph.api(path).top(args.count).expand('replies'));
      label = `Posts of channel ${ctx.handles.show('channel', channel.id)} (team ${ctx.handles.show('team', team.id)})`;
    }
    const posts = (page.value ?? []).filter((m) => m.messageType === 'message');
    const blocks = posts.map((post) =>
      messageBlock(post, ctx.user.timeZone, ctx.handles, {
        kind: 'post',
        replyCount: post.replies?.length ?? 0,
        includeReplies: args.includeReplies,
      }),
    );
    const next = encodeCursor(page['@odata.nextLink'], CHANNEL_MESSAGES);
    return messageList(label, blocks, 'Teams channel posts', ctx.user.timeZone, next, ctx.handles);
  },
});

type MessagePage = { value?: Array<ChatMessage & { replies?: ChatMessage[] }>; '@odata.nextLink'?: string };

async function fetchPage(request: ReturnType<ToolContext['graph']['api']>): Promise<MessagePage> {
  try {
    return (await request.get()) as MessagePage;
  } catch (error) {
    return needsAdminConsent(error);
  }
}
