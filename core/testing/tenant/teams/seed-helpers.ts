/** The seed's vocabulary: who writes, and how a post becomes Graph's `chatMessage`. */
import type { ChatMessage, ChatMessageAttachment, ChatMessageMention } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import { DEMO_TENANT_ID } from '../directory/users';
import { seededGuid } from '../ids';
import { SEED_ANCHOR } from '../mail/seed-mail';
import type { NewTeamsMessage } from './teams-types';

/** Seed authors: the demo users, and an incoming-webhook connector posting into a channel. */
export type SeedAuthor = 'adele' | 'megan' | 'alex' | 'fabrikam';
export type SeedUser = Exclude<SeedAuthor, 'fabrikam'>;

interface SeedText {
  hoursAgo: number;
  html: string;
  mentions?: readonly SeedUser[];
}

export interface SeedReply extends SeedText {
  from: SeedUser;
}

export interface SeedPost extends SeedText {
  from: SeedAuthor;
  files?: readonly string[];
  reactions?: ReadonlyArray<readonly [string, SeedUser]>;
  replies?: readonly SeedReply[];
  importance?: 'high';
}

/** The seed's "now" minus `hours`, as Graph writes dates. */
export function hoursBeforeAnchor(hours: number): string {
  return new Date(Date.parse(SEED_ANCHOR) - hours * 3_600_000).toISOString();
}

/** Teams message ids are the post's creation time in epoch milliseconds. */
export function messageIdAt(iso: string): string {
  return String(Date.parse(iso));
}

/** The connector that posts shipment updates (Graph shows it as an application, not a user). */
export const FABRIKAM_CONNECTOR = { id: seededGuid('teams:connector:fabrikam'), displayName: 'Fabrikam Logistics' };

function userIdentity(user: DemoUser) {
  return {
    '@odata.type': '#microsoft.graph.teamworkUserIdentity',
    id: user.id,
    displayName: user.displayName,
    userIdentityType: 'aadUser',
    tenantId: DEMO_TENANT_ID,
  };
}

/**
 * Graph's `chatMessage` for a new post. `where` places it: a channel (`channelIdentity`) or a chat
 * (`chatId`); `replyToId` makes it a reply in a channel thread.
 */
export function toChatMessage(
  id: string,
  message: NewTeamsMessage,
  author: DemoUser | undefined,
  where: { teamId: string; channelId: string; replyToId?: string } | { chatId: string },
  userById: (id: string) => DemoUser | undefined,
  webUrl: string,
): ChatMessage & { id: string; createdDateTime: string } {
  const mentions: ChatMessageMention[] = (message.mentionIds ?? []).map((userId, i) => {
    const user = userById(userId);
    return {
      id: i,
      mentionText: user?.displayName ?? '',
      mentioned: { user: user ? userIdentity(user) : null },
    } as ChatMessageMention;
  });
  const attachments: ChatMessageAttachment[] = (message.attachments ?? []).map((file, i) => ({
    id: seededGuid(`teams:attachment:${id}:${i}`),
    contentType: 'reference',
    contentUrl: file.contentUrl,
    content: null,
    name: file.name,
    thumbnailUrl: null,
  }));
  const attachmentTags = attachments.map((a) => `<attachment id="${a.id}"></attachment>`).join('');
  const content = message.contentType === 'html' ? `${message.content}${attachmentTags}` : message.content;
  const isChannel = 'channelId' in where;
  return {
    id,
    replyToId: isChannel ? (where.replyToId ?? null) : null,
    etag: id,
    messageType: 'message',
    createdDateTime: message.createdDateTime,
    lastModifiedDateTime: message.createdDateTime,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: message.subject ?? null,
    summary: null,
    chatId: isChannel ? null : where.chatId,
    importance: message.importance ?? 'normal',
    locale: 'en-us',
    webUrl,
    channelIdentity: isChannel ? { teamId: where.teamId, channelId: where.channelId } : null,
    policyViolation: null,
    eventDetail: null,
    from: author
      ? { application: null, device: null, user: userIdentity(author) }
      : {
          application: {
            '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
            id: FABRIKAM_CONNECTOR.id,
            displayName: FABRIKAM_CONNECTOR.displayName,
            applicationIdentityType: 'office365Connector',
          },
          device: null,
          user: null,
        },
    body: { contentType: message.contentType, content },
    attachments,
    mentions,
    reactions: (message.reactions ?? []).map((r) => ({
      reactionType: r.reactionType,
      createdDateTime: r.createdDateTime,
      user: { application: null, device: null, user: userById(r.userId) ? userIdentity(userById(r.userId)!) : null },
    })),
  } as ChatMessage & { id: string; createdDateTime: string };
}
