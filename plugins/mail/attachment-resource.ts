/**
 * Mail attachments as MCP resources: `m365://mail/{messageId}/attachments/{attachmentId}`.
 * getAttachment hands out the URI; `resources/read` returns the file with its own MIME type
 * (text as `text`, everything else base64 in `blob`), up to a size limit.
 */
import type { Attachment, FileAttachment } from '@microsoft/microsoft-graph-types';
import { defineResource, formatBytes, ResourceError, type GraphClient } from '../../core/plugin';
import { isGraphId } from './schemas';

/** Largest file served through resources/read (base64 makes it ~1.33× on the wire). */
export const RESOURCE_MAX_BYTES = 10 * 1024 * 1024;

export const ATTACHMENT_META = ['id', 'name', 'contentType', 'size', 'isInline', 'lastModifiedDateTime'];

/** Types whose bytes are text a model can read directly. */
export function isTextLike(contentType: string | null | undefined, name: string | null | undefined): boolean {
  const type = (contentType ?? '').toLowerCase().split(';')[0]!.trim();
  if (type.startsWith('text/')) return true;
  if (/^application\/(json|xml|csv|x-yaml|yaml|x-sh|javascript|x-ndjson)$/.test(type) || /\+(json|xml)$/.test(type)) return true;
  return /\.(txt|csv|tsv|md|json|xml|ya?ml|log|ics|vcf|html?)$/i.test(name ?? '');
}

export function attachmentPath(messageId: string, attachmentId: string): string {
  return `/me/messages/${encodeURIComponent(messageId)}/attachments/${encodeURIComponent(attachmentId)}`;
}

/** Metadata first (no bytes), so an oversized or non-file attachment costs no download. */
export type AttachmentMeta = Attachment & { '@odata.type'?: string };

export async function attachmentMeta(graph: GraphClient, messageId: string, attachmentId: string): Promise<AttachmentMeta> {
  return (await graph.api(attachmentPath(messageId, attachmentId)).select(ATTACHMENT_META).get()) as AttachmentMeta;
}

export async function attachmentBytes(graph: GraphClient, messageId: string, attachmentId: string): Promise<FileAttachment> {
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
    const messageId = params.messageId ?? '';
    const attachmentId = params.attachmentId ?? '';
    const uri = mailAttachment.uri({ messageId, attachmentId });
    if (!isGraphId(messageId) || !isGraphId(attachmentId)) {
      throw new ResourceError('not_found', `No attachment at ${uri}: the ids are malformed. Use a URI exactly as getAttachment returned it.`);
    }
    const meta = await attachmentMeta(ctx.graph, messageId, attachmentId);
    if (meta['@odata.type'] && meta['@odata.type'] !== '#microsoft.graph.fileAttachment') {
      throw new ResourceError('failed', `Attachment "${meta.name}" is an attached ${meta['@odata.type'] === '#microsoft.graph.itemAttachment' ? 'Outlook item' : 'cloud link'}, not a file; open it in Outlook.`);
    }
    if ((meta.size ?? 0) > RESOURCE_MAX_BYTES) {
      throw new ResourceError('failed', `Attachment "${meta.name}" is ${formatBytes(meta.size ?? 0)}, over the ${formatBytes(RESOURCE_MAX_BYTES)} limit for reading here; open it in Outlook.`);
    }
    const file = await attachmentBytes(ctx.graph, messageId, attachmentId);
    const mimeType = file.contentType || 'application/octet-stream';
    const base64 = file.contentBytes ?? '';
    if (isTextLike(mimeType, file.name)) return { uri, mimeType, text: decodeBase64Text(base64) };
    return { uri, mimeType, blob: base64 };
  },
});
