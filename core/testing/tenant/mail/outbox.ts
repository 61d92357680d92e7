/**
 * What Exchange does when a user drafts, sends a draft, replies or forwards: drafts live in
 * Drafts, sending files a copy in Sent Items and delivers to every demo-user recipient, replies
 * thread into the original conversation and quote it, forwards carry the original attachments.
 */
import type { FileAttachment, Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { FakeTenant } from '../fake-tenant';
import { escapeHtml } from '../html-text';
import { conversationIdFor } from '../ids';
import { graphDate, type NewAttachment, type NewMessage, type StoredMessage } from './mailbox';

export type ReplyMode = 'reply' | 'replyAll' | 'forward';

const asNew = (a: FileAttachment): NewAttachment => ({
  name: a.name ?? 'attachment',
  contentType: a.contentType ?? 'application/octet-stream',
  contentBytes: a.contentBytes ?? '',
  isInline: a.isInline ?? false,
});

function html(body: Message['body']): string {
  if (!body?.content) return '';
  return body.contentType === 'html' ? body.content : escapeHtml(body.content).replace(/\r?\n/g, '<br>');
}

let draftCounter = 0;

/** Saves a new draft in the user's Drafts; returns it. */
export function createDraft(
  tenant: FakeTenant,
  userId: string,
  message: Message,
  attachments: readonly NewAttachment[] = [],
  conversationId?: string,
): StoredMessage {
  const user = tenant.mailbox(userId).user;
  const now = graphDate(new Date());
  const init: NewMessage = {
    subject: message.subject ?? '',
    bodyHtml: html(message.body),
    from: { emailAddress: { name: user.displayName, address: user.mail } },
    toRecipients: message.toRecipients ?? [],
    ccRecipients: message.ccRecipients ?? [],
    bccRecipients: message.bccRecipients ?? [],
    receivedDateTime: now,
    sentDateTime: null,
    isRead: true,
    isDraft: true,
    importance: (message.importance as NewMessage['importance']) ?? 'normal',
    conversationId: conversationId ?? conversationIdFor(`draft:${userId}:${draftCounter++}:${now}`),
  };
  const draft = tenant.addMessage(userId, 'drafts', init, attachments);
  if (message.replyTo?.length) draft.replyTo = message.replyTo;
  return draft;
}

/** Sends a draft: delivered like sendMail, then removed from Drafts. Undefined if it is not a draft. */
export function sendDraft(tenant: FakeTenant, userId: string, draftId: string): StoredMessage | undefined {
  const draft = tenant.getMessage(userId, draftId);
  if (!draft?.isDraft) return undefined;
  const attachments = tenant.mailbox(userId).getAttachments(draft.id).map(asNew);
  const sent = tenant.sendMail(userId, draft, {
    saveToSentItems: true,
    attachments,
    conversationId: draft.conversationId,
  });
  tenant.deleteMessage(userId, draft.id);
  return sent;
}

/**
 * Who a reply goes to, the prefixed subject and the quoted original, as Outlook builds them.
 * As on Graph, `comment` is HTML put above the quoted original, while a `message.body` replaces
 * the whole body, quote included (callers refuse both together, as Graph does).
 */
export function replyDraftOf(
  tenant: FakeTenant,
  userId: string,
  original: StoredMessage,
  mode: ReplyMode,
  extra: Message,
  comment?: string,
): Message {
  const me = tenant.mailbox(userId).user.mail.toLowerCase();
  const sender = original.replyTo?.length ? original.replyTo : original.from ? [original.from] : [];
  const notMe = (r: Recipient) => r.emailAddress?.address?.toLowerCase() !== me;
  const to =
    mode === 'forward'
      ? (extra.toRecipients ?? [])
      : mode === 'replyAll'
        ? [...sender, ...(original.toRecipients ?? [])].filter(notMe)
        : sender;
  const cc = mode === 'replyAll' ? (original.ccRecipients ?? []).filter(notMe) : (extra.ccRecipients ?? []);
  const prefix = mode === 'forward' ? 'FW: ' : 'RE: ';
  const subject =
    /^(re|fw|fwd):\s/i.test(original.subject) && prefix.startsWith(original.subject.slice(0, 2).toUpperCase())
      ? original.subject
      : `${prefix}${original.subject}`;
  const from = original.from?.emailAddress;
  const quote =
    `<hr><p><b>From:</b> ${escapeHtml(from?.name ?? '')} &lt;${escapeHtml(from?.address ?? '')}&gt;<br>` +
    `<b>Sent:</b> ${original.sentDateTime ?? original.receivedDateTime}<br><b>Subject:</b> ${escapeHtml(original.subject)}</p>` +
    (original.body?.content ?? '');
  return {
    subject,
    body: { contentType: 'html', content: extra.body ? html(extra.body) : `${comment ?? ''}${quote}` },
    toRecipients: to,
    ccRecipients: cc,
    ...(extra.bccRecipients ? { bccRecipients: extra.bccRecipients } : {}),
  };
}

/** reply / replyAll / forward sent at once; returns the Sent Items copy. */
export function respond(
  tenant: FakeTenant,
  userId: string,
  original: StoredMessage,
  mode: ReplyMode,
  extra: Message,
  comment?: string,
): StoredMessage | undefined {
  const message = replyDraftOf(tenant, userId, original, mode, extra, comment);
  const attachments = mode === 'forward' ? tenant.mailbox(userId).getAttachments(original.id).map(asNew) : [];
  return tenant.sendMail(userId, message, {
    saveToSentItems: true,
    attachments,
    conversationId: original.conversationId,
  });
}

/** createReply / createReplyAll / createForward: the same message, saved as a draft. */
export function createResponseDraft(
  tenant: FakeTenant,
  userId: string,
  original: StoredMessage,
  mode: ReplyMode,
  extra: Message,
  added: readonly NewAttachment[] = [],
  comment?: string,
): StoredMessage {
  const message = replyDraftOf(tenant, userId, original, mode, extra, comment);
  const carried = mode === 'forward' ? tenant.mailbox(userId).getAttachments(original.id).map(asNew) : [];
  return createDraft(tenant, userId, message, [...carried, ...added], original.conversationId);
}
