/** Stored shapes of the tenant's Teams area: Graph's own payload types plus what the store keeps beside them. */
import type { ChatMessage } from '@microsoft/microsoft-graph-types';

/** A channel message as Graph returns it, its replies kept beside it (Graph serves them on their own path). */
export type StoredChannelMessage = ChatMessage & { id: string; createdDateTime: string; replies: ChatMessage[] };

export interface StoredChannel {
  id: string;
  teamId: string;
  displayName: string;
  description: string;
  membershipType: 'standard' | 'private';
  createdDateTime: string;
  email: string;
  webUrl: string;
  /** Top-level posts, oldest first. */
  messages: StoredChannelMessage[];
}

export interface StoredTeam {
  /** The team's group id (a GUID), as Graph gives it. */
  id: string;
  displayName: string;
  description: string;
  visibility: 'public' | 'private';
  memberIds: string[];
  channels: StoredChannel[];
}

export interface StoredChat {
  id: string;
  chatType: 'oneOnOne' | 'group';
  topic: string | null;
  createdDateTime: string;
  lastUpdatedDateTime: string;
  webUrl: string;
  memberIds: string[];
  /** Oldest first. */
  messages: Array<ChatMessage & { id: string; createdDateTime: string }>;
}

/** What a seeded or posted message is made of before it becomes Graph's `chatMessage`. */
export interface NewTeamsMessage {
  fromUserId: string;
  createdDateTime: string;
  contentType: 'html' | 'text';
  content: string;
  /** Users mentioned, in the order of their `<at id="n">` tags. */
  mentionIds?: readonly string[];
  attachments?: ReadonlyArray<{ name: string; contentUrl: string }>;
  reactions?: ReadonlyArray<{ reactionType: string; userId: string; createdDateTime: string }>;
  subject?: string | null;
  importance?: 'normal' | 'high' | 'urgent';
}
