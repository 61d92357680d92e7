/**
 * The tenant's Teams area: teams with channels and threaded posts, and the users' chats. A post is
 * stored once, so every member of the team or chat sees it; a new 1:1 chat between two people who
 * already have one is that chat, while a new group chat is always a new chat, as at Microsoft.
 */
import type { ChatMessage, ItemBody } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import type { Directory } from '../directory/directory';
import { DEMO_TENANT_ID } from '../directory/users';
import { seededBytes, seededGuid } from '../ids';
import { SEED_CHATS } from './seed-chats';
import { hoursBeforeAnchor, messageIdAt, type SeedPost, type SeedUser, toChatMessage } from './seed-helpers';
import { SEED_TEAMS } from './seed-teams';
import type { NewTeamsMessage, StoredChannel, StoredChannelMessage, StoredChat, StoredTeam } from './teams-types';

const TEAMS_WEB = 'https://teams.microsoft.com/l';
const SHAREPOINT = 'https://contoso.sharepoint.com/sites';

const hex = (seed: string, bytes = 16) =>
  Array.from(seededBytes(seed, bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export class TeamsArea {
  private teams: StoredTeam[] = [];
  private chats: StoredChat[] = [];
  private created = 0;

  constructor(private readonly directory: Directory) {
    this.reset();
  }

  /** Restore the seeded teams, channels, posts and chats, with the same ids. */
  reset(): void {
    this.created = 0;
    this.teams = SEED_TEAMS.map((t) => {
      const id = seededGuid(`teams:team:${t.key}`);
      const team: StoredTeam = {
        id,
        displayName: t.displayName,
        description: t.description,
        visibility: t.visibility,
        memberIds: t.members.map((m) => this.seedUser(m).id),
        channels: [],
      };
      team.channels = t.channels.map((c) => {
        const channelId = `19:${hex(`teams:channel:${t.key}:${c.key}`)}@thread.tacv2`;
        const channel: StoredChannel = {
          id: channelId,
          teamId: id,
          displayName: c.displayName,
          description: c.description,
          membershipType: 'standard',
          createdDateTime: hoursBeforeAnchor(2000),
          email: `${t.mailNickname}.${c.key}@contoso.com`,
          webUrl: `${TEAMS_WEB}/channel/${encodeURIComponent(channelId)}/${encodeURIComponent(c.displayName)}?groupId=${id}&tenantId=${DEMO_TENANT_ID}`,
          messages: [],
        };
        for (const post of c.posts) {
          const folder = `${SHAREPOINT}/${t.mailNickname}/Shared%20Documents/${encodeURIComponent(c.displayName)}`;
          const stored = this.storeChannelMessage(channel, this.fromSeed(post, folder));
          for (const reply of post.replies ?? [])
            this.storeChannelMessage(channel, this.fromSeed(reply, folder), stored.id);
        }
        return channel;
      });
      return team;
    });
    this.chats = SEED_CHATS.map((c) => {
      const memberIds = c.members.map((m) => this.seedUser(m).id);
      const chat: StoredChat = {
        id: c.chatType === 'oneOnOne' ? oneOnOneChatId(memberIds) : `19:${hex(`teams:chat:${c.key}`)}@thread.v2`,
        chatType: c.chatType,
        topic: c.topic,
        createdDateTime: hoursBeforeAnchor(c.createdHoursAgo),
        lastUpdatedDateTime: hoursBeforeAnchor(c.createdHoursAgo),
        webUrl: '',
        memberIds,
        messages: [],
      };
      chat.webUrl = `${TEAMS_WEB}/chat/${encodeURIComponent(chat.id)}/0?tenantId=${DEMO_TENANT_ID}`;
      const folder = `https://contoso-my.sharepoint.com/personal/${c.key}/Documents/Microsoft%20Teams%20Chat%20Files`;
      for (const message of c.messages) this.storeChatMessage(chat, this.fromSeed(message, folder));
      return chat;
    });
  }

  /** The teams `userId` is a member of (`GET /me/joinedTeams`). */
  joinedTeams(userId: string): readonly StoredTeam[] {
    return this.teams.filter((t) => t.memberIds.includes(userId));
  }

  /** A team by id, whoever asks (Graph answers 404 for a team the caller is not in: check membership). */
  team(teamId: string): StoredTeam | undefined {
    return this.teams.find((t) => t.id === teamId);
  }

  channel(teamId: string, channelId: string): StoredChannel | undefined {
    return this.team(teamId)?.channels.find((c) => c.id === channelId);
  }

  /**
   * Posts as `userId` in a channel, or replies in a thread when `replyToId` names a post of that
   * channel. Undefined when the thread is not in this channel.
   */
  postChannelMessage(
    userId: string,
    teamId: string,
    channelId: string,
    body: ItemBody,
    replyToId?: string,
  ): ChatMessage | undefined {
    const channel = this.channel(teamId, channelId);
    if (!channel) return undefined;
    if (replyToId !== undefined && !channel.messages.some((m) => m.id === replyToId)) return undefined;
    return this.storeChannelMessage(channel, this.fromBody(userId, body), replyToId);
  }

  /** The chats `userId` is a member of, live objects. */
  chatsOf(userId: string): readonly StoredChat[] {
    return this.chats.filter((c) => c.memberIds.includes(userId));
  }

  chat(chatId: string): StoredChat | undefined {
    return this.chats.find((c) => c.id === chatId);
  }

  /**
   * `POST /chats`: a 1:1 chat between two people who have one already is that chat (`created`
   * false); a group chat is always new.
   */
  createChat(
    creatorId: string,
    chatType: 'oneOnOne' | 'group',
    memberIds: readonly string[],
    topic: string | null,
  ): { chat: StoredChat; created: boolean } {
    const members = [...new Set(memberIds)];
    if (chatType === 'oneOnOne') {
      const existing = this.chats.find((c) => c.id === oneOnOneChatId(members));
      if (existing) return { chat: existing, created: false };
    }
    const now = new Date().toISOString();
    const id =
      chatType === 'oneOnOne'
        ? oneOnOneChatId(members)
        : `19:${hex(`teams:new-chat:${creatorId}:${this.created++}:${now}`)}@thread.v2`;
    const chat: StoredChat = {
      id,
      chatType,
      topic: chatType === 'group' ? topic : null,
      createdDateTime: now,
      lastUpdatedDateTime: now,
      webUrl: `${TEAMS_WEB}/chat/${encodeURIComponent(id)}/0?tenantId=${DEMO_TENANT_ID}`,
      memberIds: members,
      messages: [],
    };
    this.chats.push(chat);
    return { chat, created: true };
  }

  /** Posts as `userId` in a chat; every member sees it. */
  postChatMessage(userId: string, chatId: string, body: ItemBody): ChatMessage | undefined {
    const chat = this.chat(chatId);
    if (!chat?.memberIds.includes(userId)) return undefined;
    return this.storeChatMessage(chat, this.fromBody(userId, body));
  }

  private seedUser(key: SeedUser): DemoUser {
    const user = this.directory.users.find((u) => u.givenName.toLowerCase() === key);
    if (!user) throw new Error(`Teams seed: no demo user ${key}`);
    return user;
  }

  private fromSeed(post: SeedPost, folder: string): NewTeamsMessage {
    const createdDateTime = hoursBeforeAnchor(post.hoursAgo);
    return {
      fromUserId: post.from === 'fabrikam' ? '' : this.seedUser(post.from).id,
      createdDateTime,
      contentType: 'html',
      content: post.html,
      mentionIds: (post.mentions ?? []).map((m) => this.seedUser(m).id),
      attachments: (post.files ?? []).map((name) => ({ name, contentUrl: `${folder}/${encodeURIComponent(name)}` })),
      reactions: (post.reactions ?? []).map(([reactionType, by], i) => ({
        reactionType,
        userId: this.seedUser(by).id,
        createdDateTime: hoursBeforeAnchor(post.hoursAgo - 0.5 - i * 0.25),
      })),
      ...(post.importance ? { importance: post.importance } : {}),
    };
  }

  private fromBody(userId: string, body: ItemBody): NewTeamsMessage {
    return {
      fromUserId: userId,
      createdDateTime: new Date().toISOString(),
      contentType: body.contentType === 'html' ? 'html' : 'text',
      content: body.content ?? '',
    };
  }

  /** A message id is its creation time in ms; two posts in the same millisecond get the next free one. */
  private freeId(createdDateTime: string, taken: (id: string) => boolean): string {
    let id = Number(messageIdAt(createdDateTime));
    while (taken(String(id))) id += 1;
    return String(id);
  }

  private storeChannelMessage(
    channel: StoredChannel,
    message: NewTeamsMessage,
    replyToId?: string,
  ): StoredChannelMessage {
    const all = channel.messages.flatMap((m) => [m, ...m.replies]);
    const id = this.freeId(message.createdDateTime, (x) => all.some((m) => m.id === x));
    const url = `${TEAMS_WEB}/message/${encodeURIComponent(channel.id)}/${id}?groupId=${channel.teamId}&tenantId=${DEMO_TENANT_ID}`;
    const where = { teamId: channel.teamId, channelId: channel.id, ...(replyToId ? { replyToId } : {}) };
    const graph = toChatMessage(id, message, this.author(message), where, (x) => this.directory.findUser(x), url);
    const parent = replyToId ? channel.messages.find((m) => m.id === replyToId) : undefined;
    if (parent) {
      parent.replies.push(graph);
      parent.lastModifiedDateTime = graph.createdDateTime;
      return { ...graph, replies: [] };
    }
    const stored: StoredChannelMessage = { ...graph, replies: [] };
    channel.messages.push(stored);
    return stored;
  }

  private storeChatMessage(chat: StoredChat, message: NewTeamsMessage): ChatMessage & { id: string } {
    const id = this.freeId(message.createdDateTime, (x) => chat.messages.some((m) => m.id === x));
    const url = `${TEAMS_WEB}/message/${encodeURIComponent(chat.id)}/${id}?context=%7B%22contextType%22%3A%22chat%22%7D`;
    const graph = toChatMessage(
      id,
      message,
      this.author(message),
      { chatId: chat.id },
      (x) => this.directory.findUser(x),
      url,
    );
    chat.messages.push(graph);
    chat.lastUpdatedDateTime = graph.createdDateTime;
    return graph;
  }

  private author(message: NewTeamsMessage): DemoUser | undefined {
    return message.fromUserId ? this.directory.findUser(message.fromUserId) : undefined;
  }
}

/** Teams names a 1:1 chat after its two members, so there is only ever one per pair. */
function oneOnOneChatId(memberIds: readonly string[]): string {
  return `19:${[...memberIds].sort().join('_')}@unq.gbl.spaces`;
}
