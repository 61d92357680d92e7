import type { ChatMessage } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor } from 'm365-mcp-gateway/plugin';
import { resolveChat } from '../chats';
import { messageBlock, messageList } from '../format';
import { chatRef, count, cursor } from '../schemas';

const CHAT_MESSAGES = { path: /^\/me\/chats\/[^/?\s]+\/messages\?/, maxTop: 50, omit: ['$orderby'] };

export const getChatMessages = defineTool({
  name: 'getChatMessages',
  title: 'Read a Teams chat',
  description:
    'Messages of a Teams chat, newest first: time, author, files, text. chat: a handle from listChats, topic or person.',
  input: v.strictObject({ chat: chatRef, count, cursor }),
  scopes: ['Chat.Read', 'Chat.ReadBasic'],
  accounts: 'work',
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    let path: string;
    let heading: string;
    if (args.cursor) {
      path = decodeCursor(args.cursor, CHAT_MESSAGES, 'getChatMessages');
      heading = 'Chat messages (continued)';
    } else {
      const chat = await resolveChat(ctx, args.chat);
      path = `/me/chats/${encodeURIComponent(chat.id)}/messages`;
      heading = `Chat ${ctx.handles.show('chat', chat.id)}`;
    }
    let request = ctx.graph.api(path).orderby('createdDateTime desc');
    if (!args.cursor) request = request.top(args.count);
    const page = (await request.get()) as { value?: ChatMessage[]; '@odata.nextLink'?: string };
    // System events (members added, calls) carry no text worth the tokens.
    const blocks = (page.value ?? [])
      .filter((m) => m.messageType === 'message')
      .map((m) => messageBlock(m, ctx.user.timeZone, ctx.handles));
    const next = encodeCursor(page['@odata.nextLink'], CHAT_MESSAGES);
    return messageList(heading, blocks, 'Teams chat messages', ctx.user.timeZone, next, ctx.handles);
  },
});
