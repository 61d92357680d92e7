/**
 * Compact, model-friendly renderings of mail. One line per message in lists, with the id the
 * follow-up tools need; everything other people wrote (sender names, subjects, previews) sits
 * inside one untrusted-content fence.
 */
import type { Message } from '@microsoft/microsoft-graph-types';
import { compactDate, fenceUntrusted, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';

/** Fields a list needs; every list request sends exactly these in `$select`. */
export const LIST_FIELDS = [
  'id',
  'subject',
  'from',
  'receivedDateTime',
  'isRead',
  'hasAttachments',
  'importance',
  'flag',
];

/**
 * `- m7k2qx | 2026-11-20 09:14 | MeganB@contoso.com | Subject [unread, attachments]`: the message's
 * handle first (getEmail, replyToEmail and manageEmails take it). No body preview: getEmail reads it.
 */
export function messageLine(message: Message, timeZone: string | undefined, handles: ToolHandles): string {
  const from = message.from?.emailAddress;
  // The address, not the display name: it is what from-filters and replies need, and it exposes look-alike senders.
  const sender = from?.address ?? (from?.name ? oneLine(from.name, 40) : '(no sender)');
  const marks = [
    message.isRead === false ? 'unread' : '',
    message.hasAttachments ? 'attachments' : '',
    message.importance === 'high' ? 'important' : '',
    message.flag?.flagStatus === 'flagged' ? 'flagged' : '',
  ].filter(Boolean);
  const date = message.receivedDateTime ? compactDate(message.receivedDateTime, timeZone) : '?';
  const id = message.id ? handles.show('message', message.id) : '?';
  return `- ${id} | ${date} | ${sender} | ${oneLine(message.subject || '(no subject)', 90)}${marks.length ? ` [${marks.join(', ')}]` : ''}`;
}

export function messageList(
  messages: readonly Message[],
  heading: string,
  source: string,
  timeZone: string | undefined,
  cursor: string | undefined,
  handles: ToolHandles,
): string {
  if (messages.length === 0) return `${heading}: no messages.`;
  const lines = messages.map((message) => messageLine(message, timeZone, handles)).join('\n');
  // The cursor (a Graph nextLink) is kept behind a handle too: every character is paid for.
  const more = cursor ? `\nMore messages: call again with cursor "${handles.show('cursor', cursor)}".` : '';
  const zone = timeZone ? ` (times in ${timeZone})` : ' (times in UTC)';
  return `${heading}${zone} (handle | received | from | subject):\n${fenceUntrusted(lines, source)}${more}`;
}
