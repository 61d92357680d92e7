/**
 * Compact renderings of Teams messages for the model: one block per message with its handle, time in
 * the user's zone, author, reply count, files by name and reactions, then its text (HTML reduced,
 * mentions as names). Everything others wrote, names included, sits inside one untrusted fence.
 */
import type { ChatMessage } from '@microsoft/microsoft-graph-types';
import { capText, compactDate, fenceUntrusted, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';
import { teamsHtmlToText } from './html-text';

/** Longest text shown per message in a list; longer ones end with `… [N more characters]`. */
export const MESSAGE_CHARS = 600;
const REPLY_CHARS = 300;

export function authorOf(message: ChatMessage): string {
  const from = message.from;
  if (from?.user?.displayName) return oneLine(from.user.displayName, 60);
  if (from?.application?.displayName) return `${oneLine(from.application.displayName, 60)} (app)`;
  return '(unknown)';
}

export function messageText(message: ChatMessage): string {
  const content = message.body?.content ?? '';
  return message.body?.contentType === 'html' ? teamsHtmlToText(content) : content.trim();
}

function extras(message: ChatMessage, replyCount: number | undefined): string {
  const files = (message.attachments ?? [])
    .filter((a) => a.contentType === 'reference' || a.name)
    .map((a) => oneLine(a.name ?? 'file', 60));
  const reactions = new Map<string, number>();
  for (const r of message.reactions ?? [])
    reactions.set(r.reactionType ?? '?', (reactions.get(r.reactionType ?? '?') ?? 0) + 1);
  return [
    replyCount !== undefined && replyCount > 0 ? `${replyCount} repl${replyCount === 1 ? 'y' : 'ies'}` : '',
    message.importance && message.importance !== 'normal' ? message.importance : '',
    files.length > 0 ? `files: ${files.join(', ')}` : '',
    reactions.size > 0 ? [...reactions].map(([type, n]) => `${type} ${n}`).join(' ') : '',
  ]
    .filter(Boolean)
    .map((part) => ` | ${part}`)
    .join('');
}

/** `- p7k2qx | 2026-11-20 09:14 | Megan Bowen | 2 replies | files: a.docx` and the text on the next line. */
export function messageBlock(
  message: ChatMessage,
  timeZone: string | undefined,
  handles: ToolHandles,
  options: { kind?: string; replyCount?: number; includeReplies?: boolean } = {},
): string {
  const handle = options.kind && message.id ? `${handles.show(options.kind, message.id)} | ` : '';
  const when = message.createdDateTime ? compactDate(message.createdDateTime, timeZone) : '?';
  const head = `- ${handle}${when} | ${authorOf(message)}${extras(message, options.replyCount)}`;
  const text = capText(oneLine(messageText(message)), MESSAGE_CHARS);
  const lines = [head, `  ${text || '(no text)'}`];
  if (options.includeReplies) {
    for (const reply of message.replies ?? []) {
      const at = reply.createdDateTime ? compactDate(reply.createdDateTime, timeZone) : '?';
      lines.push(
        `  > ${at} | ${authorOf(reply)}${extras(reply, undefined)}: ${capText(oneLine(messageText(reply)), REPLY_CHARS)}`,
      );
    }
  }
  return lines.join('\n');
}

/** A heading, the fenced blocks, and the cursor for more when there is one. */
export function messageList(
  heading: string,
  blocks: readonly string[],
  source: string,
  timeZone: string | undefined,
  cursor: string | undefined,
  handles: ToolHandles,
): string {
  if (blocks.length === 0) return `${heading}: no messages.`;
  const zone = timeZone ? `times in ${timeZone}` : 'times in UTC';
  const more = cursor ? `\nMore: call again with cursor "${handles.show('cursor', cursor)}".` : '';
  return `${heading}, newest first (${zone}):\n${fenceUntrusted(blocks.join('\n'), source)}${more}`;
}
