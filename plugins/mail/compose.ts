/**
 * Building outgoing messages: recipients, body type, and attachments (from base64 or from another
 * message's attachment resource), with the size limit checked before anything is sent.
 */
import type { FileAttachment, Message, Recipient } from '@microsoft/microsoft-graph-types';
import { formatBytes, ToolError, type GraphClient } from 'm365-mcp-gateway/plugin';
import { attachmentBytes, attachmentMeta, isUriGraphId, mailAttachment, safeContentType } from './attachment-resource';
import type { AttachmentInput, ParsedRecipient } from './schemas';

/**
 * Graph takes attachments inline in a JSON request of at most 4 MB; base64 grows bytes by a third,
 * so 3 MB of files in total is the most one request can carry.
 */
export const SEND_MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024;

export function toRecipients(list: readonly ParsedRecipient[] | undefined): Recipient[] {
  return (list ?? []).map((r) => ({ emailAddress: { address: r.address, ...(r.name ? { name: r.name } : {}) } }));
}

/**
 * A body is plain text unless `html` is asked for. Guessing HTML from `<…>` would turn
 * "Megan <megan@contoso.com>" into an unknown tag that Outlook hides, losing the address.
 */
export function bodyOf(
  content: string,
  contentType: 'html' | 'text' | undefined,
): { contentType: 'html' | 'text'; content: string } {
  return { contentType: contentType ?? 'text', content };
}

/**
 * Reply text for Graph's `comment`, which Outlook puts as HTML above the quoted original (a
 * `message.body` would replace the quote, and Graph refuses both together). Plain text is escaped
 * and its line breaks kept, so `<`, `&` show as typed; HTML goes as given.
 */
export function replyComment(content: string, contentType: 'html' | 'text' | undefined): string {
  const body = bodyOf(content, contentType);
  if (body.contentType === 'html') return body.content;
  return body.content
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r?\n/g, '<br>');
}

function decodedSize(base64: string): number {
  const clean = base64.replace(/\s+/g, '');
  return Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
}

/** Graph fileAttachments for the given inputs; a ToolError (nothing sent) when over the limit. */
export async function buildAttachments(
  graph: GraphClient,
  inputs: readonly AttachmentInput[] | undefined,
): Promise<FileAttachment[]> {
  const files: FileAttachment[] = [];
  let total = 0;
  for (const input of inputs ?? []) {
    let bytes: string;
    let type = input.contentType;
    if (input.resourceUri !== undefined) {
      const params = mailAttachment.match(input.resourceUri);
      // Ids are checked after URI-decoding, so `%2E%2E` or `%2F` cannot steer the Graph path.
      if (
        !params?.messageId ||
        !params.attachmentId ||
        !isUriGraphId(params.messageId) ||
        !isUriGraphId(params.attachmentId)
      ) {
        throw new ToolError(
          `Attachment "${input.name}": resourceUri must be m365://mail/{messageId}/attachments/{attachmentId} as getAttachment returned it. Nothing was sent.`,
          'BAD_ATTACHMENT',
        );
      }
      const { messageId, attachmentId } = params;
      const meta = await readingAttachment(input, () => attachmentMeta(graph, messageId, attachmentId));
      const kind = meta['@odata.type'];
      if (kind && kind !== '#microsoft.graph.fileAttachment') {
        const what = kind === '#microsoft.graph.itemAttachment' ? 'an attached Outlook item' : 'a cloud file link';
        throw new ToolError(
          `Attachment "${input.name}": ${input.resourceUri} is ${what}, not a file, so it cannot be attached. Nothing was sent.`,
          'BAD_ATTACHMENT',
        );
      }
      total += meta.size ?? 0;
      if (total > SEND_MAX_ATTACHMENT_BYTES) throw tooLarge(total);
      const file = await readingAttachment(input, () => attachmentBytes(graph, messageId, attachmentId));
      bytes = file.contentBytes ?? '';
      type ??= safeContentType(file.contentType);
    } else {
      bytes = (input.contentBase64 ?? '').replace(/\s+/g, '');
      total += decodedSize(bytes);
      if (total > SEND_MAX_ATTACHMENT_BYTES) throw tooLarge(total);
    }
    files.push({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: input.name,
      contentType: type ?? 'application/octet-stream',
      contentBytes: bytes,
    } as FileAttachment);
  }
  return files;
}

/** What reading another message's attachment needs beyond Mail.Send. */
export const ATTACHMENT_READ_SCOPE = 'Mail.Read';

/**
 * Reads an attachment for a message being sent. The tool itself only needs Mail.Send; reading a
 * `resourceUri` needs Mail.Read, which the sign-in lacks when the deployment serves no mail-reading
 * tool (e.g. `TOOLS_ALLOW=sendEmail`) or the client was granted less. Graph's 403 then names that
 * permission, not the tool's.
 */
async function readingAttachment<T>(input: AttachmentInput, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ((error as { statusCode?: unknown } | null)?.statusCode !== 403) throw error;
    throw new ToolError(
      `Attachment "${input.name}": reading ${input.resourceUri} needs the Microsoft Graph permission ` +
        `${ATTACHMENT_READ_SCOPE}, which this sign-in does not have. Attach the file with contentBase64 instead ` +
        `(or ask an administrator to enable a mail-reading tool such as getAttachment, then reconnect). Nothing was sent.`,
      'INSUFFICIENT_SCOPE',
    );
  }
}

function tooLarge(total: number): ToolError {
  return new ToolError(
    `Attachments total at least ${formatBytes(total)}, over the ${formatBytes(SEND_MAX_ATTACHMENT_BYTES)} limit for one message. Nothing was sent. Send fewer or smaller files (or share a link).`,
    'TOO_LARGE',
  );
}

export interface ComposeArgs {
  to?: readonly ParsedRecipient[] | undefined;
  cc?: readonly ParsedRecipient[] | undefined;
  bcc?: readonly ParsedRecipient[] | undefined;
  replyTo?: readonly ParsedRecipient[] | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  contentType?: 'html' | 'text' | undefined;
  importance?: 'low' | 'normal' | 'high' | undefined;
}

/** The Graph message resource for a new mail or draft (only the fields that were given). */
export function composeMessage(args: ComposeArgs, files: FileAttachment[]): Message {
  return {
    ...(args.subject !== undefined ? { subject: args.subject } : {}),
    ...(args.body !== undefined ? { body: bodyOf(args.body, args.contentType) } : {}),
    ...(args.to?.length ? { toRecipients: toRecipients(args.to) } : {}),
    ...(args.cc?.length ? { ccRecipients: toRecipients(args.cc) } : {}),
    ...(args.bcc?.length ? { bccRecipients: toRecipients(args.bcc) } : {}),
    ...(args.replyTo?.length ? { replyTo: toRecipients(args.replyTo) } : {}),
    ...(args.importance ? { importance: args.importance } : {}),
    ...(files.length ? { attachments: files } : {}),
  };
}

export function describeRecipients(message: Message): string {
  const all = [...(message.toRecipients ?? []), ...(message.ccRecipients ?? []), ...(message.bccRecipients ?? [])];
  return all
    .map((r) => r.emailAddress?.address)
    .filter(Boolean)
    .join(', ');
}
