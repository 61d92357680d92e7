/**
 * One message in full: our labels and ids outside the fence, everything other people wrote
 * (names, addresses, subject, categories, attachment names, body) inside one untrusted-content fence.
 */
import type { Attachment, Message, Recipient } from '@microsoft/microsoft-graph-types';
import { capText, compactDate, fenceUntrusted, formatBytes, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';
import { safeContentType } from './attachment-resource';

/** Fields getEmail asks for. */
export const DETAIL_FIELDS = [
  'id',
  'subject',
  'from',
  'toRecipients',
  'ccRecipients',
  'replyTo',
  'receivedDateTime',
  'sentDateTime',
  'isRead',
  'isDraft',
  'importance',
  'flag',
  'hasAttachments',
  'body',
  'conversationId',
  'webLink',
  'categories',
];

const people = (list: readonly Recipient[] | null | undefined): string =>
  (list ?? [])
    .map((r) =>
      r.emailAddress?.name
        ? `${oneLine(r.emailAddress.name, 60)} <${r.emailAddress.address ?? '?'}>`
        : (r.emailAddress?.address ?? '?'),
    )
    .join(', ');

export function messageDetail(
  message: Message,
  attachments: readonly Attachment[],
  maxBodyChars: number,
  timeZone: string | undefined,
  handles: ToolHandles,
): string {
  const marks = [
    message.isDraft ? 'draft' : '',
    message.isRead === false ? 'unread' : '',
    message.importance === 'high' ? 'important' : '',
    message.flag?.flagStatus === 'flagged' ? 'flagged' : '',
  ].filter(Boolean);
  const when = message.receivedDateTime ? compactDate(message.receivedDateTime, timeZone) : '?';
  const files = attachments.filter((a) => !a.isInline);
  const head = [
    `Message: ${message.id ? handles.show('message', message.id) : '?'}`,
    `Received: ${when}${marks.length ? ` [${marks.join(', ')}]` : ''}`,
    ...(message.webLink ? [`Outlook: ${message.webLink}`] : []),
  ];
  if (files.length > 0) {
    head.push(`Attachments (read with getAttachment, messageId + attachmentId):`);
    // The MIME type is the sender's Content-Type header: only a bare type/subtype is shown here.
    files.forEach((a, i) => {
      head.push(
        `- [${i + 1}] ${a.id ? handles.show('attachment', a.id) : '?'} | ${safeContentType(a.contentType)} | ${formatBytes(a.size ?? 0)}`,
      );
    });
  }
  const fenced = [
    `From: ${people(message.from ? [message.from] : [])}`,
    `To: ${people(message.toRecipients)}`,
    ...(message.ccRecipients?.length ? [`Cc: ${people(message.ccRecipients)}`] : []),
    ...(message.replyTo?.length ? [`Reply-To: ${people(message.replyTo)}`] : []),
    `Subject: ${oneLine(message.subject || '(no subject)')}`,
    // Categories can come from the sender's Keywords header, so they are data too.
    ...(message.categories?.length ? [`Categories: ${message.categories.map((c) => oneLine(c, 60)).join(', ')}`] : []),
    ...(files.length
      ? [`Attachment names: ${files.map((a, i) => `[${i + 1}] ${oneLine(a.name ?? '?', 120)}`).join(', ')}`]
      : []),
    '',
    capText((message.body?.content ?? '').trim(), maxBodyChars),
  ].join('\n');
  // A fixed label: the sender's address is theirs to choose, so it stays inside the fence.
  return `${head.join('\n')}\n${fenceUntrusted(fenced, 'email')}`;
}
