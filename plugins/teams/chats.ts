/**
 * Chats as the model names them: a handle or id, or the topic or a member's name or address, looked
 * up among the user's newest chats. Also the one-line description of a chat used in lists.
 */
import type { AadUserConversationMember, Chat } from '@microsoft/microsoft-graph-types';
import { compactDate, oneLine, type ToolContext } from 'm365-mcp-gateway/plugin';
import { pickByName } from './resolve';

/** What every chat list asks for. */
export const CHAT_FIELDS = ['id', 'topic', 'chatType', 'lastUpdatedDateTime'];
/** Graph orders chats by their last message only. */
export const NEWEST_FIRST = 'lastMessagePreview/createdDateTime desc';

export type ListedChat = Omit<Chat, 'members'> & { members?: AadUserConversationMember[] };

/** The other members, as `Name <address>` (the user's own membership left out). */
export function othersIn(chat: ListedChat, userId: string): string[] {
  return (chat.members ?? [])
    .filter((m) => m.userId !== userId)
    .map((m) => (m.email ? `${oneLine(m.displayName ?? '', 60)} <${m.email}>` : oneLine(m.displayName ?? '?', 60)));
}

/** `- c7k2qx | group | Mark 8 launch crew | Megan Bowen <…>, Alex Wilber <…> | 2026-11-27 04:00` */
export function chatLine(chat: ListedChat, ctx: Pick<ToolContext, 'handles' | 'user'>): string {
  const kind = chat.chatType === 'oneOnOne' ? '1:1' : (chat.chatType ?? 'chat');
  const topic = chat.topic ? ` | ${oneLine(chat.topic, 80)}` : '';
  const when = chat.lastUpdatedDateTime ? ` | ${compactDate(chat.lastUpdatedDateTime, ctx.user.timeZone)}` : '';
  return `- ${ctx.handles.show('chat', chat.id ?? '')} | ${kind}${topic} | ${othersIn(chat, ctx.user.objectId).join(', ')}${when}`;
}

/** A Teams chat id (`19:…@thread.v2`, `19:…@unq.gbl.spaces`, `19:meeting_…@thread.v2`). */
const CHAT_ID = /^19:[^\s/?#]+@[a-z0-9.]+$/i;

/** The chat `ref` names: its id as is, else a topic or member among the user's 50 newest chats. */
export async function resolveChat(ctx: ToolContext, ref: string): Promise<{ id: string }> {
  if (CHAT_ID.test(ref)) return { id: ref };
  const page = (await ctx.graph
    .api('/me/chats')
    .select(CHAT_FIELDS)
    .expand('members')
    .orderby(NEWEST_FIRST)
    .top(50)
    .get()) as { value?: ListedChat[] };
  const chats = (page.value ?? []).map((chat) => ({
    id: chat.id ?? '',
    name: [chat.topic ?? '', ...othersIn(chat, ctx.user.objectId)].join(' | '),
    oneOnOne: chat.chatType === 'oneOnOne',
  }));
  // A person's name means the 1:1 chat with them, not every group they are in.
  const wanted = ref.toLowerCase();
  const direct = chats.filter((chat) => chat.oneOnOne && chat.name.toLowerCase().includes(wanted));
  if (direct.length === 1) return { id: direct[0]!.id };
  return pickByName(chats, ref, { kind: 'chat', where: 'among your 50 newest chats', argument: 'chat' }, ctx);
}
