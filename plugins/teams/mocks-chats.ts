/**
 * Chat endpoints over the tenant's Teams area: the caller's chats (members and the last message
 * expandable, newest first), their messages, posting, and `POST /chats`, which for two people who
 * already have a 1:1 chat returns that chat, as Graph does.
 */
import type { Chat } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import type { DemoUser, GraphMockEnv, StoredChat } from 'm365-mcp-gateway/testing';
import { MESSAGE_PROPERTIES, memberOf, newMessageBody, param, SCOPES } from './mocks-shared';

const CHAT_PROPERTIES = ['id', 'topic', 'createdDateTime', 'lastUpdatedDateTime', 'chatType', 'webUrl', 'tenantId'];
const NAVIGATION = ['members', 'lastMessagePreview'] as const;

/** `https://graph.microsoft.com/v1.0/users('id')` (any Graph host, as Graph accepts it) → the id. */
const boundUser = (bind: unknown): string | undefined =>
  typeof bind === 'string' ? /\/users\('([^']+)'\)$/.exec(bind)?.[1] : undefined;

export function chatMocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const area = env.tenant.teams;

  const wireChat = (chat: StoredChat, user: DemoUser) => {
    const last = chat.messages.at(-1);
    return {
      id: chat.id,
      topic: chat.topic,
      createdDateTime: chat.createdDateTime,
      lastUpdatedDateTime: chat.lastUpdatedDateTime,
      chatType: chat.chatType,
      webUrl: chat.webUrl,
      tenantId: user.tenantId,
      members: chat.memberIds
        .map((id) => env.tenant.findUser(id))
        .filter((u): u is DemoUser => u !== undefined)
        .map((u) => memberOf(u, chat.id, chat.createdDateTime)),
      lastMessagePreview: last
        ? {
            id: last.id,
            createdDateTime: last.createdDateTime,
            isDeleted: false,
            messageType: 'message',
            body: last.body,
            from: last.from,
          }
        : null,
    };
  };

  const ownChat = (user: DemoUser, chatId: string) => {
    const chat = area.chat(chatId);
    return chat?.memberIds.includes(user.id) ? chat : env.graphError(404, 'NotFound', `Chat ${chatId} not found.`);
  };

  const listMessages = (path: string) =>
    http.get(`${base}${path}`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.readChatMessages] });
      if (user instanceof Response) return user;
      const chat = ownChat(user, param(params.chat));
      if (chat instanceof Response) return chat;
      return env.odata.list(request, [...chat.messages].reverse(), {
        context: `${base}/$metadata#chats('${chat.id}')/messages`,
        entityType: 'microsoft.graph.chatMessage',
        properties: MESSAGE_PROPERTIES,
        defaultTop: 20,
        maxTop: 50,
      });
    });

  return [
    http.get(`${base}/me/chats`, ({ request }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.listChats] });
      if (user instanceof Response) return user;
      const q = env.odata.parse(new URL(request.url));
      const expanded = new Set(q.expand.map((e) => e.property));
      for (const name of expanded) {
        if (!(NAVIGATION as readonly string[]).includes(name)) {
          return env.graphError(
            400,
            'BadRequest',
            `Could not find a property named '${name}' on type 'microsoft.graph.chat'.`,
          );
        }
      }
      // Graph orders chats only by their last message, newest first.
      const order = q.orderBy.map((o) => `${o.property} ${o.desc ? 'desc' : 'asc'}`).join(',');
      if (order !== '' && order !== 'lastMessagePreview/createdDateTime desc') {
        return env.graphError(400, 'BadRequest', `The $orderby '${order}' is not supported on chats.`);
      }
      const chats = area.chatsOf(user.id).map((c) => wireChat(c, user));
      return env.odata.list(request, chats, {
        context: `${base}/$metadata#chats`,
        entityType: 'microsoft.graph.chat',
        properties: CHAT_PROPERTIES,
        filterable: ['chatType', 'topic', 'lastMessagePreview/createdDateTime'],
        defaultTop: 20,
        maxTop: 50,
        shape: (chat) => {
          const wire: Partial<typeof chat> = { ...chat };
          for (const name of NAVIGATION) if (!expanded.has(name)) delete wire[name];
          return wire;
        },
      });
    }),

    listMessages('/me/chats/:chat/messages'),
    listMessages('/chats/:chat/messages'),

    http.post(`${base}/chats/:chat/messages`, async ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.sendChatMessage] });
      if (user instanceof Response) return user;
      const chat = ownChat(user, param(params.chat));
      if (chat instanceof Response) return chat;
      const body = await newMessageBody(env, request);
      if (body instanceof Response) return body;
      const posted = area.postChatMessage(user.id, chat.id, body);
      return env.graphJson(
        { '@odata.context': `${base}/$metadata#chats('${chat.id}')/messages/$entity`, ...posted },
        { status: 201 },
      );
    }),

    http.post(`${base}/chats`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.createChat] });
      if (user instanceof Response) return user;
      let payload: Chat & { members?: Array<Record<string, unknown>> };
      try {
        payload = (await request.json()) as typeof payload;
      } catch {
        return env.graphError(400, 'BadRequest', 'Invalid request body: expected a chat.');
      }
      const chatType = payload.chatType;
      if (chatType !== 'oneOnOne' && chatType !== 'group') {
        return env.graphError(400, 'BadRequest', "chatType must be 'oneOnOne' or 'group'.");
      }
      const ids: string[] = [];
      for (const member of payload.members ?? []) {
        const id = boundUser(member['user@odata.bind']);
        // Graph names chat members by directory object id; an address or a stranger is refused.
        const found = id ? env.tenant.users.find((u) => u.id === id && u.tenantId === user.tenantId) : undefined;
        if (!found) {
          return env.graphError(
            404,
            'NotFound',
            `Member ${String(member['user@odata.bind'] ?? '(missing user@odata.bind)')} was not found in the directory.`,
          );
        }
        ids.push(found.id);
      }
      if (!ids.includes(user.id)) {
        return env.graphError(400, 'BadRequest', 'The caller must be one of the members of the chat.');
      }
      const unique = new Set(ids).size;
      if (chatType === 'oneOnOne' ? unique !== 2 : unique < 3) {
        return env.graphError(
          400,
          'BadRequest',
          chatType === 'oneOnOne'
            ? 'A oneOnOne chat must have exactly two members.'
            : 'A group chat needs at least three members.',
        );
      }
      const { chat } = area.createChat(user.id, chatType, ids, payload.topic ?? null);
      const { members: _, lastMessagePreview: __, ...wire } = wireChat(chat, user);
      return env.graphJson({ '@odata.context': `${base}/$metadata#chats/$entity`, ...wire }, { status: 201 });
    }),
  ];
}
