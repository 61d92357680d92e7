/** What the Teams mocks share: scope sets, Graph's message-body rules and the wire form of a member. */
import type { ChatMessage, ItemBody } from '@microsoft/microsoft-graph-types';
import type { DemoUser, GraphMockEnv, RequestLike } from 'm365-mcp-gateway/testing';

/** Delegated permissions that allow each kind of call, least privilege first (Microsoft's permission tables). */
export const SCOPES = {
  joinedTeams: ['Team.ReadBasic.All', 'TeamSettings.Read.All', 'TeamSettings.ReadWrite.All', 'Directory.Read.All'],
  channels: [
    'Channel.ReadBasic.All',
    'ChannelSettings.Read.All',
    'ChannelSettings.ReadWrite.All',
    'Directory.Read.All',
  ],
  readChannelMessages: ['ChannelMessage.Read.All', 'Group.Read.All', 'Group.ReadWrite.All'],
  sendChannelMessage: ['ChannelMessage.Send', 'Group.ReadWrite.All'],
  listChats: ['Chat.ReadBasic', 'Chat.Read', 'Chat.ReadWrite'],
  readChatMessages: ['Chat.Read', 'Chat.ReadWrite'],
  createChat: ['Chat.Create', 'Chat.ReadWrite'],
  sendChatMessage: ['ChatMessage.Send', 'Chat.ReadWrite'],
} as const;

/** Teams refuses a message body over about 28 KB. */
export const MAX_MESSAGE_BYTES = 28_000;

export const MESSAGE_PROPERTIES = [
  'id',
  'replyToId',
  'etag',
  'messageType',
  'createdDateTime',
  'lastModifiedDateTime',
  'lastEditedDateTime',
  'deletedDateTime',
  'subject',
  'summary',
  'chatId',
  'importance',
  'locale',
  'webUrl',
  'channelIdentity',
  'policyViolation',
  'eventDetail',
  'from',
  'body',
  'attachments',
  'mentions',
  'reactions',
];

/** A path parameter as Graph reads it (ids such as `19:…@thread.tacv2` may arrive percent-encoded). */
export const param = (value: unknown): string => decodeURIComponent(String(value));

/** The body of a new message, or Graph's 400/413 for one it refuses. */
export async function newMessageBody(env: GraphMockEnv, request: RequestLike & { json(): Promise<unknown> }) {
  let payload: ChatMessage;
  try {
    payload = (await request.json()) as ChatMessage;
  } catch {
    return env.graphError(400, 'BadRequest', 'Invalid request body: expected a chatMessage.');
  }
  const body: ItemBody | null | undefined = payload?.body;
  const content = body?.content ?? '';
  if (content.trim() === '') {
    return env.graphError(400, 'BadRequest', 'Message body cannot be empty.');
  }
  if (body?.contentType !== undefined && body.contentType !== 'html' && body.contentType !== 'text') {
    return env.graphError(400, 'BadRequest', `Invalid contentType '${body.contentType}'.`);
  }
  if (new TextEncoder().encode(content).length > MAX_MESSAGE_BYTES) {
    return env.graphError(413, 'RequestEntityTooLarge', 'The message exceeds the maximum size allowed.');
  }
  return { contentType: body?.contentType ?? 'text', content } satisfies ItemBody;
}

/** A chat or team member as Graph lists it (`aadUserConversationMember`). */
export function memberOf(user: DemoUser, containerId: string, since: string) {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    id: btoa(`1#${containerId}#${user.id}`),
    roles: ['owner'],
    displayName: user.displayName,
    visibleHistoryStartDateTime: since,
    userId: user.id,
    email: user.mail,
    tenantId: user.tenantId,
  };
}
