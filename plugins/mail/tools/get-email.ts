import type { Attachment, Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool } from 'm365-mcp-gateway/plugin';
import { DETAIL_FIELDS, messageDetail } from '../format-detail';
import { messageId } from '../schemas';

export const getEmail = defineTool({
  name: 'getEmail',
  title: 'Read an email',
  description: 'One email in full: headers, body (capped at maxBodyChars) and attachment handles for getAttachment.',
  input: v.strictObject({
    id: messageId,
    format: v.optional(v.picklist(['text', 'html']), 'text'),
    maxBodyChars: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(100_000)), 8000),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run({ id, format, maxBodyChars }, ctx) {
    const message = (await ctx.graph
      .api(`/me/messages/${encodeURIComponent(id)}`)
      .header('Prefer', `outlook.body-content-type="${format}"`)
      .select(DETAIL_FIELDS)
      .expand('attachments($select=id,name,contentType,size,isInline)')
      .get()) as Message & { attachments?: Attachment[] };
    return messageDetail(message, message.attachments ?? [], maxBodyChars, ctx.user.timeZone, ctx.handles);
  },
});
