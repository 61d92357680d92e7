import type { Chat } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, runWrite, ToolError, type ToolContext, writeOutcome } from 'm365-mcp-gateway/plugin';
import { CHAT_FIELDS, type ListedChat, NEWEST_FIRST, resolveChat } from '../chats';
import { addresses, lookUpPeople, type Person } from '../recipients';
import { chatRef, contentType, messageText } from '../schemas';

/** How Graph wants a chat member named: by directory object id. */
const member = (userId: string) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles: ['owner'],
  'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${userId}')`,
});

export const sendChatMessage = defineTool({
  name: 'sendChatMessage',
  title: 'Send a Teams chat message',
  description:
    'Send a Teams chat message to a chat (handle from listChats) or to people by address: their 1:1 or group chat, created when none.',
  input: v.pipe(
    v.strictObject({
      chat: v.optional(chatRef),
      to: v.optional(addresses('Addresses, when no chat')),
      message: messageText,
      contentType,
    }),
    v.check((args) => (args.chat === undefined) !== (args.to === undefined), 'must give either chat or to, not both'),
  ),
  scopes: ['ChatMessage.Send', 'Chat.Create', 'Chat.ReadBasic', 'User.ReadBasic.All'],
  accounts: 'work',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run(args, ctx) {
    let chatId: string;
    let where: (handle: string) => string;
    if (args.chat !== undefined) {
      chatId = (await resolveChat(ctx, args.chat)).id;
      where = (handle) => `Sent in chat ${handle}.`;
    } else {
      const people = await lookUpPeople(ctx, args.to ?? []);
      const found = await chatWith(ctx, people).catch((error: unknown) => {
        // Only the chat may exist: the message was never sent, and a new call finds the chat if it was made.
        if (writeOutcome(error) !== 'unknown') throw error;
        throw new ToolError(
          'Microsoft Graph gave no answer while setting up the chat, so it may or may not exist; the message was not sent. ' +
            'Calling sendChatMessage again is safe: it reuses the chat if it was created.',
          'OUTCOME_UNKNOWN',
        );
      });
      chatId = found.id;
      const names = people.map((p) => p.address).join(', ');
      where = (handle) =>
        found.created
          ? `Started a new group chat ${handle} with ${names} and sent the message there.`
          : `Sent in your ${people.length === 1 ? '1:1' : 'group'} chat ${handle} with ${names}.`;
    }
    const body = { body: { contentType: args.contentType, content: args.message } };
    await runWrite(ctx, { action: 'sendChatMessage', items: [] }, () =>
      ctx.graph.api(`/chats/${encodeURIComponent(chatId)}/messages`).post(body),
    );
    return where(ctx.handles.show('chat', chatId));
  },
});

/**
 * The chat to send to: for one person, `POST /chats` oneOnOne (Graph returns the existing 1:1 chat);
 * for several, a group chat with exactly them and the user if there is one, else a new one.
 */
async function chatWith(ctx: ToolContext, people: readonly Person[]): Promise<{ id: string; created: boolean }> {
  const me = ctx.user.objectId;
  if (people.length === 1) {
    const chat = (await runWrite(ctx, { action: 'createChat', items: [] }, () =>
      ctx.graph.api('/chats').post({ chatType: 'oneOnOne', members: [member(me), member(people[0]!.id)] }),
    )) as Chat;
    return { id: chat.id ?? '', created: false };
  }
  const wanted = new Set([me, ...people.map((p) => p.id)]);
  const existing = await findGroupChat(ctx, wanted);
  if (existing) return { id: existing, created: false };
  const chat = (await runWrite(ctx, { action: 'createChat', items: [] }, () =>
    ctx.graph.api('/chats').post({ chatType: 'group', members: [...wanted].map(member) }),
  )) as Chat;
  if (!chat.id)
    throw new ToolError('Microsoft Graph created the group chat but returned no id; look for it with listChats.');
  return { id: chat.id, created: true };
}

/** The newest group chat whose members are exactly `wanted`, among the user's group chats (up to 5 pages). */
async function findGroupChat(ctx: ToolContext, wanted: ReadonlySet<string>): Promise<string | undefined> {
  let request = ctx.graph
    .api('/me/chats')
    .filter("chatType eq 'group'")
    .select(CHAT_FIELDS)
    .expand('members')
    .orderby(NEWEST_FIRST)
    .top(50);
  for (let page = 0; page < 5; page++) {
    const answer = (await request.get()) as { value?: ListedChat[]; '@odata.nextLink'?: string };
    const match = (answer.value ?? []).find((chat) => {
      const ids = new Set((chat.members ?? []).map((m) => m.userId ?? ''));
      return ids.size === wanted.size && [...wanted].every((id) => ids.has(id));
    });
    if (match?.id) return match.id;
    const next = answer['@odata.nextLink'];
    if (!next) return undefined;
    request = ctx.graph.api(next);
  }
  return undefined;
}
