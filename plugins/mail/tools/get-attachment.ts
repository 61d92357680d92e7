import * as v from 'valibot';
import { capText, defineTool, fenceUntrusted, formatBytes, graphIdOrHandle, oneLine } from 'm365-mcp-gateway/plugin';
import {
  attachmentBytes,
  attachmentMeta,
  decodeBase64Text,
  isTextLike,
  mailAttachment,
  RESOURCE_MAX_BYTES,
  safeContentType,
  linkName,
  ATTACHMENT_SOURCE,
} from '../attachment-resource';
import { messageId } from '../schemas';

/** Text files up to this size are returned inline (capped by maxChars); larger ones as a resource. */
const INLINE_TEXT_MAX_BYTES = 512 * 1024;

export const getAttachment = defineTool({
  name: 'getAttachment',
  title: 'Get an attachment',
  description:
    'A text attachment as text (up to maxChars); any other file as a resource link (read it with resources/read).',
  input: v.strictObject({
    messageId,
    attachmentId: graphIdOrHandle('attachment'),
    maxChars: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(200_000)), 20_000),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run({ messageId: message, attachmentId, maxChars }, ctx) {
    const meta = await attachmentMeta(ctx.graph, message, attachmentId);
    // Name and Content-Type come from the sender: the name is shown only inside a fence (a resource
    // link is named by the gateway), the type only as a bare type/subtype.
    const name = meta.name ?? 'attachment';
    const type = safeContentType(meta.contentType);
    const size = meta.size ?? 0;
    const kind = meta['@odata.type'];
    if (kind && kind !== '#microsoft.graph.fileAttachment') {
      const what =
        kind === '#microsoft.graph.itemAttachment' ? 'Outlook item (e.g. a forwarded mail)' : 'cloud file link';
      return `This attachment is an attached ${what}, not a file; open the message in Outlook to see it.\n${fenceUntrusted(`Name: ${oneLine(name, 120)}`, ATTACHMENT_SOURCE)}`;
    }
    if (isTextLike(type, name) && size <= INLINE_TEXT_MAX_BYTES) {
      const file = await attachmentBytes(ctx.graph, message, attachmentId);
      const text = capText(decodeBase64Text(file.contentBytes ?? ''), maxChars);
      return `Attachment ${type}, ${formatBytes(size)}:\n${fenceUntrusted(`File name: ${oneLine(name, 120)}\n\n${text}`, ATTACHMENT_SOURCE)}`;
    }
    // Handles in the URI too: resources/read resolves them for this user.
    const uri = mailAttachment.uri({
      messageId: ctx.handles.show('message', message),
      attachmentId: ctx.handles.show('attachment', attachmentId),
    });
    const readable =
      size <= RESOURCE_MAX_BYTES
        ? 'Read it with resources/read.'
        : `It is over the ${formatBytes(RESOURCE_MAX_BYTES)} limit for reading here; open it in Outlook.`;
    return {
      content: [
        {
          type: 'text',
          text: `Attachment ${type}, ${formatBytes(size)}: ${uri}\n${readable}\n${fenceUntrusted(`File name: ${oneLine(name, 120)}`, ATTACHMENT_SOURCE)}`,
        },
        {
          type: 'resource_link',
          uri,
          name: linkName(name),
          mimeType: type,
          description: `${formatBytes(size)} attachment`,
        },
      ],
    };
  },
});
