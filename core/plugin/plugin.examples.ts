/**
 * The worked example of docs/plugins.md, kept here so tsc checks it (the guide quotes it; when
 * you change one, change the other). A real plugin splits this into plugins/<name>/index.ts,
 * tools/*.ts and format.ts.
 */
import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import {
  ToolError,
  capText,
  compactDate,
  defineTool,
  definePlugin,
  fenceUntrusted,
  graphIdOrHandle,
  oneLine,
} from './index';
import type { ToolMiddleware } from './index';

//#region listTool
export const listRecentMail = defineTool({
  name: 'listRecentMail',
  title: 'List recent mail',
  description: 'Lists the newest messages in the inbox, one line each, with the handle readMail needs.',
  input: v.strictObject({
    count: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50), v.description('How many messages (1–50).')),
      10,
    ),
    unreadOnly: v.optional(v.boolean(), false),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run({ count, unreadOnly }, ctx) {
    // `count` is a number and `unreadOnly` a boolean here: types come from the schema.
    let request = ctx.graph
      .api('/me/mailFolders/inbox/messages')
      .select('id,subject,from,receivedDateTime,isRead')
      .top(count)
      .orderby('receivedDateTime desc');
    if (unreadOnly) request = request.filter('isRead eq false');
    const page = (await request.get()) as { value: Message[] };
    if (page.value.length === 0) return 'No messages.';
    // Subjects and sender names come from other people: fence the whole list once.
    const lines = page.value.map((m) =>
      [
        // A short handle (`m7k2qx`, ≤ 5 tokens) instead of the ~100-token Graph id.
        ctx.handles.show('message', m.id ?? ''),
        compactDate(m.receivedDateTime ?? '', ctx.user.timeZone),
        m.isRead ? '' : '*',
        m.from?.emailAddress?.address ?? '?',
        oneLine(m.subject ?? '(no subject)', 80),
      ].join(' | '),
    );
    return fenceUntrusted(lines.join('\n'), 'inbox list (handle | received | unread | from | subject)');
  },
});
//#endregion listTool

//#region detailTool
export const readMail = defineTool({
  name: 'readMail',
  title: 'Read a message',
  description: 'Returns one message with its full text body.',
  // The handle listRecentMail showed, or a full Graph id: `run` always gets the full id.
  input: v.strictObject({ id: graphIdOrHandle('message') }),
  output: v.object({ id: v.string(), subject: v.string(), from: v.string(), received: v.string() }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run({ id }, ctx) {
    const message = (await ctx.graph
      .api(`/me/messages/${encodeURIComponent(id)}`)
      .header('Prefer', 'outlook.body-content-type="text"')
      .select('id,subject,from,receivedDateTime,body')
      .get()
      .catch((error: { statusCode?: number }) => {
        // An expected failure the model can fix: say so and say how. Other errors propagate:
        // the gateway logs them and the model only sees a reference id.
        if (error.statusCode === 404) throw new ToolError(`No message with id "${id}". Call listRecentMail for ids.`);
        throw error;
      })) as Message;
    const from = message.from?.emailAddress?.address ?? 'unknown sender';
    const structured = {
      id: message.id ?? id,
      subject: message.subject ?? '',
      from,
      received: message.receivedDateTime ?? '',
    };
    const body = capText(message.body?.content ?? '', 4000);
    // Subject, sender and body are all written by someone else: one fence around all of them.
    // Only what Graph itself states (the date) stays outside.
    const untrusted = `Subject: ${oneLine(structured.subject)}\nFrom: ${from}\n\n${body}`;
    return {
      content: [
        {
          type: 'text',
          // Subject and sender are the sender's words too: inside the fence, whose label is ours.
          text:
            `Received: ${compactDate(structured.received, ctx.user.timeZone)}\n` +
            fenceUntrusted(untrusted, 'email (subject, sender, body)'),
        },
      ],
      structuredContent: structured,
    };
  },
});
//#endregion detailTool

//#region middleware
/** Logs each call's duration; middleware may also change `call.args` or return early. */
const timing: ToolMiddleware = async (call, ctx, next) => {
  const started = Date.now();
  try {
    return await next();
  } finally {
    ctx.log.debug('tool call', { tool: call.tool, ms: Date.now() - started });
  }
};
//#endregion middleware

//#region plugin
export default definePlugin({
  name: 'example-mail',
  version: '1.0.0',
  description: 'Example: list and read inbox mail.',
  requires: '^1.0.0',
  tools: [listRecentMail, readMail],
  middleware: [timing],
});
//#endregion plugin
