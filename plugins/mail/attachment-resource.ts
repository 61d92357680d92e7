/**
 * Mail attachments as MCP resources: `m365://mail/{messageId}/attachments/{attachmentId}`.
 * getAttachment hands out the URI; `resources/read` returns the file with its own MIME type
 * (text as fenced `text`, everything else base64 in `blob`), up to a size limit.
 */
import type { Attachment, FileAttachment } from '@microsoft/microsoft-graph-types';
import {
  defineResource,
  fenceUntrusted,
  formatBytes,
  isHandle,
  ResourceError,
  type GraphClient,
  type ToolHandles,
} from 'm365-mcp-gateway/plugin';
import { isGraphId } from './schemas';

/** Largest file served through resources/read (base64 makes it ~1.33× on the wire). */
export const RESOURCE_MAX_BYTES = 10 * 1024 * 1024;

/** The fence label of attachment content and names (fixed: nothing the sender wrote). */
export const ATTACHMENT_SOURCE = 'attachment of an email';

export const ATTACHMENT_META = ['id', 'name', 'contentType', 'size', 'isInline', 'lastModifiedDateTime'];

/**
 * A MIME type safe to show outside a fence: the sender controls Content-Type (parameters can carry
 * any text), so only a bare `type/subtype` passes; anything else is `application/octet-stream`.
 */
export function safeContentType(contentType: string | null | undefined): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream';
}

/**
 * A resource link's `name` sits outside any fence, so it is a gateway-written label: `attachment`
 * plus the file's extension when that is plain letters and digits (the sender's name is shown
 * fenced in the text next to the link).
 */
export function linkName(name: string | null | undefined): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec((name ?? '').trim())?.[0] ?? '';
  return `attachment${ext.toLowerCase()}`;
}

/** An id taken from a resource URI, after URI-decoding: a Graph id with no `/` (no path games). */
export function isUriGraphId(value: string): boolean {
  return isGraphId(value) && !value.includes('/');
}

/** Types whose bytes are text a model can read directly. */
export function isTextLike(contentType: string | null | undefined, name: string | null | undefined): boolean {
  const type = (contentType ?? '').toLowerCase().split(';')[0]!.trim();
  if (type.startsWith('text/')) return true;
  if (/^application\/(json|xml|csv|x-yaml|yaml|x-sh|javascript|x-ndjson)$/.test(type) || /\+(json|xml)$/.test(type))
    return true;
  return /\.(txt|csv|tsv|md|json|xml|ya?ml|log|ics|vcf|html?)$/i.test(name ?? '');
}

export function attachmentPath(messageId: string, attachmentId: string): string {
  return `/me/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Metadata first (no bytes), so an oversized or non-file attachment costs no download. */
export type AttachmentMeta = Attachment & { '@odata.type'?: string };

export async function attachmentMeta(
  graph: GraphClient,
  messageId: string,
  attachmentId: string,
): Promise<AttachmentMeta> {
  return (await graph.api(attachmentPath(messageId, attachmentId)).select(ATTACHMENT_META).get()) as AttachmentMeta;
}

export async function attachmentBytes(
  graph: GraphClient,
  messageId: string,
  attachmentId: string,
): Promise<FileAttachment> {
  return (await graph.api(attachmentPath(messageId, attachmentId)).get()) as FileAttachment;
}

export function decodeBase64Text(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export const mailAttachment = defineResource({
  name: 'mailAttachment',
  title: 'Mail attachment',
  description: 'A file attached to an email (URIs come from getAttachment and getEmail), with its own MIME type.',
  uriTemplate: 'm365://mail/{messageId}/attachments/{attachmentId}',
  scopes: ['Mail.Read'],
  async read(params, ctx) {
    const uri = mailAttachment.uri({ messageId: params.messageId ?? '', attachmentId: params.attachmentId ?? '' });
    const [messageId, attachmentId] = await fullIds(
      ctx.handles,
      params.messageId ?? '',
      params.attachmentId ?? '',
      uri,
    );
    if (!isUriGraphId(messageId) || !isUriGraphId(attachmentId)) {
      throw new ResourceError(
        'not_found',
        `No attachment at ${uri}: the ids are malformed. Use a URI exactly as getAttachment returned it.`,
      );
    }
    const meta = await attachmentMeta(ctx.graph, messageId, attachmentId);
    if (meta['@odata.type'] && meta['@odata.type'] !== '#microsoft.graph.fileAttachment') {
      throw new ResourceError(
        'failed',
        `This attachment is an attached ${meta['@odata.type'] === '#microsoft.graph.itemAttachment' ? 'Outlook item' : 'cloud link'}, not a file; open it in Outlook.`,
      );
    }
    if ((meta.size ?? 0) > RESOURCE_MAX_BYTES) {
      throw new ResourceError(
        'failed',
        `This attachment is ${formatBytes(meta.size ?? 0)}, over the ${formatBytes(RESOURCE_MAX_BYTES)} limit for reading here; open it in Outlook.`,
      );
    }
    const file = await attachmentBytes(ctx.graph, messageId, attachmentId);
    const mimeType = safeContentType(file.contentType);
    const base64 = file.contentBytes ?? '';
    // Text goes to the model like a mail body does: fenced, whatever its size.
    if (isTextLike(mimeType, file.name))
      return { uri, mimeType, text: fenceUntrusted(decodeBase64Text(base64), ATTACHMENT_SOURCE) };
    return { uri, mimeType, blob: base64 };
  },
});

/** The URI's ids as Graph ids: handles (what getAttachment hands out) are looked up for this user. */
async function fullIds(
  handles: ToolHandles,
  messageId: string,
  attachmentId: string,
  uri: string,
): Promise<[string, string]> {
  const wanted = [
    isHandle(messageId, 'message') ? messageId : '',
    isHandle(attachmentId, 'attachment') ? attachmentId : '',
  ];
  if (!wanted.some(Boolean)) return [messageId, attachmentId];
  const found = await handles.resolve(wanted.filter(Boolean));
  const id = (handle: string, kind: string, given: string) => {
    if (!handle) return given;
    const hit = found.get(handle);
    if (hit && hit !== 'ambiguous' && hit.kind === kind) return hit.id;
    throw new ResourceError(
      'not_found',
      `Attachment not found at ${uri}: its handles have expired or belong to another sign-in. Call getEmail and getAttachment again for a current URI.`,
    );
  };
  return [id(wanted[0]!, 'message', messageId), id(wanted[1]!, 'attachment', attachmentId)];
}
