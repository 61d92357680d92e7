import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, fenceUntrusted } from 'm365-mcp-gateway/plugin';
import { buildAttachments, composeMessage, replyComment } from '../compose';
import { attachments, composeEntries, messageId } from '../schemas';

export const createDraft = defineTool({
  name: 'createDraft',
  title: 'Create a draft',
  description:
    'Save a draft (optionally a reply to replyToId) for review in Outlook; returns its handle for sendEmail draftId. to/cc/bcc and attachments (name + contentBase64 or resourceUri, + contentType) as in sendEmail.',
  input: v.strictObject({
    ...composeEntries,
    replyToId: v.optional(messageId),
    attachments,
  }),
  scopes: ['Mail.ReadWrite'],
  annotations: { destructiveHint: false },
  async run(args, ctx) {
    const files = await buildAttachments(ctx.graph, args.attachments);
    let draft: Message;
    if (args.replyToId !== undefined) {
      // createReply fills in recipients, subject and the quoted original; the text goes above it as comment.
      const message = composeMessage({ ...args, body: undefined }, files);
      const request = {
        ...(args.body !== undefined ? { comment: replyComment(args.body, args.contentType) } : {}),
        ...(Object.keys(message).length ? { message } : {}),
      };
      draft = (await ctx.graph
        .api(`/me/messages/${encodeURIComponent(args.replyToId)}/createReply`)
        .post(request)) as Message;
    } else {
      draft = (await ctx.graph.api('/me/messages').post(composeMessage(args, files))) as Message;
    }
    const to = (draft.toRecipients ?? []).map((r) => r.emailAddress?.address).filter(Boolean);
    // A reply draft's recipients come from the original message: its sender wrote them.
    return [
      'Draft saved (not sent).',
      `Draft: ${draft.id ? ctx.handles.show('message', draft.id) : '?'}`,
      ...(draft.webLink ? [`Review in Outlook: ${draft.webLink}`] : []),
      'Send it with sendEmail {"draftId": <draft handle>}.',
      to.length ? fenceUntrusted(`To: ${to.join(', ')}`, 'draft recipients') : 'To: (no recipients yet)',
    ].join('\n');
  },
});
