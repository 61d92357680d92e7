import * as v from 'valibot';
import { defineTool, ToolError } from 'm365-mcp-gateway/plugin';
import { replyComment, toRecipients } from '../compose';
import { contentType, maxChars, messageId, recipients } from '../schemas';

export const replyToEmail = defineTool({
  name: 'replyToEmail',
  title: 'Reply to or forward an email',
  description: 'Reply, reply all or forward (needs to) an email by id; the original is quoted below the body.',
  input: v.strictObject({
    id: messageId,
    body: v.pipe(v.string(), maxChars(1_000_000)),
    mode: v.optional(v.picklist(['reply', 'replyAll', 'forward']), 'reply'),
    to: v.optional(recipients),
    contentType,
  }),
  scopes: ['Mail.Send'],
  annotations: { destructiveHint: false },
  async run({ id, body, mode, to, contentType: type }, ctx) {
    if (mode === 'forward' && !to?.length)
      throw new ToolError('Forwarding needs "to" (who to forward to). Nothing was sent.', 'BAD_ARGUMENTS');
    if (mode !== 'forward' && to?.length) {
      throw new ToolError(
        `"to" is only for mode "forward"; a ${mode} goes to the original ${mode === 'reply' ? 'sender' : 'sender and recipients'}. Nothing was sent.`,
        'BAD_ARGUMENTS',
      );
    }
    const request = {
      comment: replyComment(body, type),
      ...(mode === 'forward' ? { message: { toRecipients: toRecipients(to) } } : {}),
    };
    await ctx.graph.api(`/me/messages/${encodeURIComponent(id)}/${mode}`).post(request);
    const what =
      mode === 'forward'
        ? `Forwarded to ${to!.map((r) => r.address).join(', ')}`
        : mode === 'replyAll'
          ? 'Replied to all'
          : 'Replied';
    return `${what}. A copy is in Sent Items.`;
  },
});
