import * as v from 'valibot';
import { defineTool, oneLine, ToolError } from 'm365-mcp-gateway/plugin';
import { buildAttachments, composeMessage, describeRecipients } from '../compose';
import { attachments, composeEntries, messageId, recipients } from '../schemas';

export const sendEmail = defineTool({
  name: 'sendEmail',
  title: 'Send an email',
  description:
    'Send an email now (or send a draft by draftId). to/cc/bcc/replyTo: address or comma list or array. Attachments: name + contentBase64 or resourceUri (+ contentType). saveToSentItems defaults to true.',
  input: v.strictObject({
    ...composeEntries,
    importance: v.optional(v.picklist(['low', 'normal', 'high'])),
    attachments,
    replyTo: v.optional(recipients),
    saveToSentItems: v.optional(v.boolean(), true),
    draftId: v.optional(messageId),
  }),
  // Mail.Read: an attachment given by resourceUri is read from another message. Without it, a
  // grant that may not read mail could mail any attachment out.
  scopes: ['Mail.Send', 'Mail.Read'],
  annotations: { destructiveHint: false },
  async run(args, ctx) {
    if (args.draftId !== undefined) {
      const extra = (['to', 'cc', 'bcc', 'subject', 'body', 'attachments', 'replyTo', 'importance'] as const).filter(
        (key) => args[key] !== undefined,
      );
      if (extra.length > 0) {
        throw new ToolError(
          `sendEmail with draftId sends the draft as it is; leave out ${extra.join(', ')} (or create a new draft with createDraft). Nothing was sent.`,
          'BAD_ARGUMENTS',
        );
      }
      await ctx.graph.api(`/me/messages/${encodeURIComponent(args.draftId)}/send`).post(null);
      return 'Draft sent. It is now in Sent Items (with a new handle).';
    }
    const missing = [
      !args.to?.length && !args.cc?.length && !args.bcc?.length ? 'to (at least one recipient)' : '',
      args.subject === undefined ? 'subject' : '',
      args.body === undefined ? 'body' : '',
    ].filter(Boolean);
    if (missing.length > 0)
      throw new ToolError(`sendEmail needs ${missing.join(', ')} (or a draftId). Nothing was sent.`, 'BAD_ARGUMENTS');
    const files = await buildAttachments(ctx.graph, args.attachments);
    const message = composeMessage(args, files);
    // One POST, never repeated on 5xx by the gateway (it may already have been sent).
    await ctx.graph.api('/me/sendMail').post({ message, saveToSentItems: args.saveToSentItems });
    const attached = files.length ? ` with ${files.length} attachment${files.length === 1 ? '' : 's'}` : '';
    return `Sent "${oneLine(args.subject ?? '', 120)}" to ${describeRecipients(message)}${attached}.${args.saveToSentItems ? ' A copy is in Sent Items.' : ''}`;
  },
});
