import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor, fenceUntrusted } from 'm365-mcp-gateway/plugin';
import { CHAT_FIELDS, chatLine, type ListedChat, NEWEST_FIRST, othersIn } from '../chats';
import { count, cursor } from '../schemas';

const CHATS = { path: /^\/me\/chats\?/, maxTop: 50, omit: ['$select', '$orderby'] };

export const listChats = defineTool({
  name: 'listChats',
  title: 'List Teams chats',
  description:
    'Your Teams chats, newest first: handle, 1:1 or group, topic, other members. query matches topic, names or addresses.',
  input: v.strictObject({
    count,
    query: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200), v.description('Topic or person'))),
    cursor,
  }),
  scopes: ['Chat.ReadBasic'],
  accounts: 'work',
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    // Graph filters chats by topic only; a person is matched here, over full pages of 50.
    const top = args.query ? 50 : args.count;
    const request = args.cursor
      ? ctx.graph.api(decodeCursor(args.cursor, CHATS, 'listChats'))
      : ctx.graph.api('/me/chats').expand('members').top(top);
    const page = (await request.select(CHAT_FIELDS).orderby(NEWEST_FIRST).get()) as {
      value?: ListedChat[];
      '@odata.nextLink'?: string;
    };
    const wanted = args.query?.toLowerCase();
    const chats = (page.value ?? []).filter(
      (chat) =>
        !wanted ||
        [chat.topic ?? '', ...othersIn(chat, ctx.user.objectId)].some((s) => s.toLowerCase().includes(wanted)),
    );
    const next = encodeCursor(page['@odata.nextLink'], CHATS);
    const more = next ? `\nMore: call again with cursor "${ctx.handles.show('cursor', next)}".` : '';
    if (chats.length === 0) return `No chats${wanted ? ' match' : ''}.${more}`;
    const lines = chats.slice(0, args.count).map((chat) => chatLine(chat, ctx));
    return `Chats (${lines.length}, newest first; handle | kind | topic | others | last activity), handles for getChatMessages and sendChatMessage:\n${fenceUntrusted(lines.join('\n'), 'chat topics and member names')}${more}`;
  },
});
