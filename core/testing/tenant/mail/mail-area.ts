/**
 * The tenant's mail area: one stateful mailbox per user (folders, messages, attachments), seeded with
 * the deterministic Contoso mail, and delivery between the users' mailboxes.
 */
import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import type { Directory } from '../directory/directory';
import { conversationIdFor } from '../ids';
import {
  graphDate,
  Mailbox,
  type NewAttachment,
  type NewMessage,
  type StoredFolder,
  type StoredMessage,
} from './mailbox';
import { seedMail } from './seed-mail';

export interface SendMailOptions {
  saveToSentItems?: boolean;
  attachments?: readonly NewAttachment[];
  /** Thread the message into an existing conversation (replies). */
  conversationId?: string;
}

export class MailArea {
  private mailboxes = new Map<string, Mailbox>();
  private sendCount = 0;

  constructor(private readonly directory: Directory) {
    this.reset();
  }

  /** Restore the seeded state: the same folders, messages and ids as a fresh tenant. */
  reset(): void {
    const byAddress = new Map<string, Mailbox>();
    this.mailboxes = new Map();
    for (const u of this.directory.users) {
      const mb = new Mailbox(u);
      this.mailboxes.set(u.id, mb);
      byAddress.set(u.mail.toLowerCase(), mb);
    }
    seedMail(byAddress);
    this.sendCount = 0;
  }

  mailbox(userId: string): Mailbox {
    const mb = this.mailboxes.get(userId);
    if (!mb) throw new Error(`FakeTenant: no mailbox for user ${userId}`);
    return mb;
  }

  resolveFolder(userId: string, idOrWellKnownName: string): StoredFolder | undefined {
    return this.mailbox(userId).resolveFolder(idOrWellKnownName);
  }

  /** A user's messages, optionally one folder's; live objects, do not mutate (use the methods). */
  messages(userId: string, folderId?: string): readonly StoredMessage[] {
    const all = this.mailbox(userId).messages;
    return folderId ? all.filter((m) => m.parentFolderId === folderId) : all;
  }

  getMessage(userId: string, messageId: string): StoredMessage | undefined {
    return this.mailbox(userId).getMessage(messageId);
  }

  /** Every message in every mailbox (tests check seed invariants with it). */
  allMessages(): Array<{ user: DemoUser; message: StoredMessage }> {
    return [...this.mailboxes.values()].flatMap((mb) => mb.messages.map((message) => ({ user: mb.user, message })));
  }

  addMessage(
    userId: string,
    folderIdOrName: string,
    message: NewMessage,
    attachments?: readonly NewAttachment[],
  ): StoredMessage {
    const mb = this.mailbox(userId);
    const folder = mb.resolveFolder(folderIdOrName);
    if (!folder) throw new Error(`FakeTenant: no folder ${folderIdOrName}`);
    return mb.insert(folder, message, attachments);
  }

  addFolder(userId: string, parentIdOrName: string, displayName: string): StoredFolder {
    const mb = this.mailbox(userId);
    const parent = mb.resolveFolder(parentIdOrName);
    if (!parent) throw new Error(`FakeTenant: no folder ${parentIdOrName}`);
    return mb.addFolder(displayName, parent.id);
  }

  /** Returns the moved message (with its new id), or undefined when either id is unknown. */
  moveMessage(userId: string, messageId: string, destIdOrName: string): StoredMessage | undefined {
    const mb = this.mailbox(userId);
    const dest = mb.resolveFolder(destIdOrName);
    return dest ? mb.move(messageId, dest) : undefined;
  }

  updateMessage(userId: string, messageId: string, patch: Parameters<Mailbox['update']>[1]): StoredMessage | undefined {
    return this.mailbox(userId).update(messageId, patch);
  }

  deleteMessage(userId: string, messageId: string): boolean {
    return this.mailbox(userId).remove(messageId);
  }

  /**
   * Send as `userId`: a copy in the sender's Sent Items (unless saveToSentItems is false) and an
   * unread copy in the Inbox of every recipient who is a demo user. Returns the sent copy, if saved.
   */
  sendMail(userId: string, message: Message, options: SendMailOptions = {}): StoredMessage | undefined {
    const sender = this.mailbox(userId).user;
    const now = graphDate(new Date());
    const from: Recipient = { emailAddress: { name: sender.displayName, address: sender.mail } };
    const html = message.body?.contentType === 'html' ? (message.body.content ?? '') : undefined;
    const init: NewMessage = {
      subject: message.subject ?? '',
      ...(html !== undefined ? { bodyHtml: html } : { bodyText: escapeText(message.body?.content ?? '') }),
      from,
      toRecipients: message.toRecipients ?? [],
      ccRecipients: message.ccRecipients ?? [],
      sentDateTime: now,
      receivedDateTime: now,
      importance: message.importance ?? 'normal',
      categories: message.categories ?? [],
      conversationId: options.conversationId ?? conversationIdFor(`sent:${userId}:${this.sendCount++}:${now}`),
      internetMessageId: `<EMU${this.sendCount}${Date.now().toString(36).toUpperCase()}@emulator.contoso.com>`,
    };
    const sent =
      options.saveToSentItems === false
        ? undefined
        : this.addMessage(
            userId,
            'sentitems',
            { ...init, isRead: true, bccRecipients: message.bccRecipients ?? [] },
            options.attachments,
          );
    const recipients = [
      ...(message.toRecipients ?? []),
      ...(message.ccRecipients ?? []),
      ...(message.bccRecipients ?? []),
    ];
    const delivered = new Set<string>();
    for (const r of recipients) {
      const user = r.emailAddress?.address ? this.directory.findUser(r.emailAddress.address) : undefined;
      if (!user || delivered.has(user.id)) continue;
      delivered.add(user.id);
      this.addMessage(user.id, 'inbox', { ...init, isRead: false }, options.attachments);
    }
    return sent;
  }
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, '<br>');
}
