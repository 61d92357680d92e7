/** One user's mailbox: folders, messages and attachments, with the bookkeeping Exchange does. */
import type { FileAttachment, MailFolder, Message, Recipient } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import { bodyPreviewOf } from '../html-text';
import {
  exchangeAttachmentId,
  exchangeFolderId,
  exchangeImmutableId,
  exchangeItemId,
  seededBytes,
  textToBase64,
  toBase64Url,
} from '../ids';

export interface StoredFolder {
  id: string;
  displayName: string;
  /** Root's parent is the empty string. */
  parentFolderId: string;
  wellKnownName?: string;
  isHidden: boolean;
}

/** A message as stored: Graph's shape with the fields the emulator always sets made required. */
export type StoredMessage = Message & {
  id: string;
  '@odata.etag': string;
  parentFolderId: string;
  conversationId: string;
  receivedDateTime: string;
  subject: string;
  isRead: boolean;
  hasAttachments: boolean;
};

export interface NewAttachment {
  name: string;
  contentType: string;
  /** Base64 of the file's bytes. */
  contentBytes: string;
  isInline?: boolean;
}

/** What callers give to add a message; everything derivable (ids, preview, links) is computed. */
export interface NewMessage {
  subject: string;
  bodyHtml?: string;
  bodyText?: string;
  from?: Recipient;
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  bccRecipients?: Recipient[];
  sentDateTime?: string | null;
  receivedDateTime: string;
  isRead?: boolean;
  isDraft?: boolean;
  importance?: 'low' | 'normal' | 'high';
  categories?: string[];
  flagStatus?: 'notFlagged' | 'flagged' | 'complete';
  conversationId: string;
  internetMessageId?: string;
  inferenceClassification?: 'focused' | 'other';
}

export const WELL_KNOWN_FOLDERS: ReadonlyArray<readonly [key: string, displayName: string]> = [
  ['inbox', 'Inbox'],
  ['sentitems', 'Sent Items'],
  ['drafts', 'Drafts'],
  ['deleteditems', 'Deleted Items'],
  ['archive', 'Archive'],
  ['junkemail', 'Junk Email'],
  ['outbox', 'Outbox'],
  ['conversationhistory', 'Conversation History'],
];

/** Graph's timestamps carry no fractional seconds. */
export const graphDate = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export class Mailbox {
  readonly folders: StoredFolder[] = [];
  readonly messages: StoredMessage[] = [];
  readonly attachments = new Map<string, FileAttachment[]>();
  /** Counter behind every generated id: insertion order makes ids deterministic. */
  private seq = 0;
  /** Immutable id → the item's current default id (which changes when the item moves). */
  private readonly byImmutable = new Map<string, string>();
  /** Current default id → immutable id. */
  private readonly immutableOf = new Map<string, string>();

  constructor(readonly user: DemoUser) {
    const root = this.addFolder('Top of Information Store', '', 'msgfolderroot');
    for (const [key, name] of WELL_KNOWN_FOLDERS) this.addFolder(name, root.id, key);
  }

  get root(): StoredFolder {
    return this.folders[0] as StoredFolder;
  }

  addFolder(displayName: string, parentFolderId: string, wellKnownName?: string): StoredFolder {
    const folder: StoredFolder = {
      id: exchangeFolderId(this.user.id, wellKnownName ?? `user-${this.seq++}`),
      displayName,
      parentFolderId,
      isHidden: false,
      ...(wellKnownName ? { wellKnownName } : {}),
    };
    this.folders.push(folder);
    return folder;
  }

  /** By id or well-known name (case-insensitive, as Graph accepts `Inbox` and `inbox`). */
  resolveFolder(idOrName: string): StoredFolder | undefined {
    const lower = idOrName.toLowerCase();
    return this.folders.find((f) => f.id === idOrName || f.wellKnownName === lower);
  }

  childFolders(parentId: string): StoredFolder[] {
    return this.folders.filter((f) => f.parentFolderId === parentId);
  }

  /** Graph's mailFolder resource, counts computed live. */
  folderView(f: StoredFolder): MailFolder & { id: string } {
    const items = this.messages.filter((m) => m.parentFolderId === f.id);
    return {
      id: f.id,
      displayName: f.displayName,
      parentFolderId: f.parentFolderId,
      childFolderCount: this.childFolders(f.id).length,
      unreadItemCount: items.filter((m) => !m.isRead).length,
      totalItemCount: items.length,
      isHidden: f.isHidden,
    };
  }

  /** By default id or immutable id: Graph accepts either form whatever the request prefers. */
  getMessage(id: string): StoredMessage | undefined {
    const current = this.byImmutable.get(id) ?? id;
    return this.messages.find((m) => m.id === current);
  }

  /** The immutable id of a message known by its current default id. */
  immutableId(messageId: string): string {
    return this.immutableOf.get(messageId) ?? messageId;
  }

  /** An attachment's id in the immutable form: built on its message's immutable id, so it survives moves. */
  immutableAttachmentId(messageId: string, attachmentId: string): string {
    const index = this.getAttachments(messageId).findIndex((a) => a.id === attachmentId);
    return index < 0 ? attachmentId : exchangeAttachmentId(this.immutableId(messageId), index);
  }

  getAttachments(messageId: string): FileAttachment[] {
    return this.attachments.get(messageId) ?? [];
  }

  /** An attachment of a message by its default or immutable id. */
  findAttachment(messageId: string, attachmentId: string): FileAttachment | undefined {
    return this.getAttachments(messageId).find(
      (a) => a.id === attachmentId || this.immutableAttachmentId(messageId, a.id ?? '') === attachmentId,
    );
  }

  private nextChangeKey(): string {
    return `CQAAABYAAAA${toBase64Url(seededBytes(`ck:${this.user.id}:${this.seq++}`, 12))}`;
  }

  insert(folder: StoredFolder, init: NewMessage, attachments: readonly NewAttachment[] = []): StoredMessage {
    const id = exchangeItemId(this.user.id, `msg-${this.seq++}`);
    const immutable = exchangeImmutableId(this.user.id, id);
    this.byImmutable.set(immutable, id);
    this.immutableOf.set(id, immutable);
    const changeKey = this.nextChangeKey();
    const html = init.bodyHtml ?? `<html><body><p>${init.bodyText ?? ''}</p></body></html>`;
    const created = init.sentDateTime ?? init.receivedDateTime;
    const message: StoredMessage = {
      '@odata.etag': `W/"${changeKey}"`,
      id,
      createdDateTime: created,
      lastModifiedDateTime: init.receivedDateTime,
      changeKey,
      categories: init.categories ?? [],
      receivedDateTime: init.receivedDateTime,
      sentDateTime: init.sentDateTime ?? null,
      hasAttachments: attachments.some((a) => !a.isInline),
      internetMessageId: init.internetMessageId ?? `<${toBase64Url(seededBytes(id, 9))}@emulator.contoso.com>`,
      subject: init.subject,
      bodyPreview: bodyPreviewOf(html),
      importance: init.importance ?? 'normal',
      parentFolderId: folder.id,
      conversationId: init.conversationId,
      isDeliveryReceiptRequested: false,
      isReadReceiptRequested: false,
      isRead: init.isRead ?? false,
      isDraft: init.isDraft ?? false,
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
      inferenceClassification: init.inferenceClassification ?? 'focused',
      body: { contentType: 'html', content: html },
      sender: init.from ?? null,
      from: init.from ?? null,
      toRecipients: init.toRecipients ?? [],
      ccRecipients: init.ccRecipients ?? [],
      bccRecipients: init.bccRecipients ?? [],
      replyTo: [],
      flag: { flagStatus: init.flagStatus ?? 'notFlagged' },
    };
    this.messages.push(message);
    if (attachments.length) {
      this.attachments.set(
        id,
        attachments.map((a, i) => ({
          '@odata.type': '#microsoft.graph.fileAttachment',
          id: exchangeAttachmentId(id, i),
          lastModifiedDateTime: init.receivedDateTime,
          name: a.name,
          contentType: a.contentType,
          size: Math.floor((a.contentBytes.replace(/=+$/, '').length * 3) / 4),
          isInline: a.isInline ?? false,
          contentId: null,
          contentLocation: null,
          contentBytes: a.contentBytes,
        })),
      );
    }
    return message;
  }

  /** Exchange gives a moved item a new default id; its immutable id stays. Callers must use the returned one. */
  move(messageId: string, dest: StoredFolder): StoredMessage | undefined {
    const index = this.messages.findIndex((m) => m.id === messageId);
    const old = this.messages[index];
    if (!old) return undefined;
    const id = exchangeItemId(this.user.id, `msg-${this.seq++}`);
    const immutable = this.immutableOf.get(messageId);
    if (immutable) {
      this.immutableOf.delete(messageId);
      this.immutableOf.set(id, immutable);
      this.byImmutable.set(immutable, id);
    }
    const changeKey = this.nextChangeKey();
    const moved: StoredMessage = {
      ...old,
      id,
      changeKey,
      '@odata.etag': `W/"${changeKey}"`,
      parentFolderId: dest.id,
      lastModifiedDateTime: graphDate(new Date()),
      webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    };
    this.messages.splice(index, 1, moved);
    const atts = this.attachments.get(messageId);
    this.attachments.delete(messageId);
    if (atts)
      this.attachments.set(
        id,
        atts.map((a, i) => ({ ...a, id: exchangeAttachmentId(id, i) })),
      );
    return moved;
  }

  update(
    messageId: string,
    patch: Partial<
      Pick<Message, 'isRead' | 'categories' | 'flag' | 'importance' | 'inferenceClassification' | 'subject'>
    >,
  ): StoredMessage | undefined {
    const m = this.getMessage(messageId);
    if (!m) return undefined;
    Object.assign(m, patch);
    m.changeKey = this.nextChangeKey();
    m['@odata.etag'] = `W/"${m.changeKey}"`;
    m.lastModifiedDateTime = graphDate(new Date());
    return m;
  }

  remove(messageId: string): boolean {
    const index = this.messages.findIndex((m) => m.id === messageId);
    if (index < 0) return false;
    this.messages.splice(index, 1);
    this.attachments.delete(messageId);
    const immutable = this.immutableOf.get(messageId);
    this.immutableOf.delete(messageId);
    if (immutable) this.byImmutable.delete(immutable);
    return true;
  }
}

export const attachmentFromText = (name: string, contentType: string, text: string): NewAttachment => ({
  name,
  contentType,
  contentBytes: textToBase64(text),
});
