import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor, ToolError } from 'm365-mcp-gateway/plugin';
import { resolveFolder } from '../folders';
import { LIST_FIELDS, messageList } from '../format';
import { count, cursor, folderRef, isAddress } from '../schemas';

const FOLDER_MESSAGES = { path: /^\/me\/mailFolders\/[^/?\s]+\/messages\?/, maxTop: 50, omit: ['$select', '$orderby'] };

export const getEmails = defineTool({
  name: 'getEmails',
  title: 'List emails',
  description:
    'List emails in a folder, newest first, one line each with handles for getEmail. Filter: unreadOnly, from (sender), since.',
  input: v.strictObject({
    folder: v.optional(folderRef('inbox, sentitems, drafts, archive…, a folder name or handle'), 'inbox'),
    count,
    unreadOnly: v.optional(v.boolean(), false),
    from: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check(isAddress, 'must be an email address, e.g. megan@contoso.com'),
        v.description('Sender address'),
      ),
    ),
    since: v.optional(
      v.pipe(
        v.string(),
        v.check(
          (value) => !Number.isNaN(Date.parse(value)),
          'must be an ISO 8601 date, e.g. 2026-11-01 or 2026-11-01T09:00:00Z',
        ),
        v.description('ISO date/time, received on or after'),
      ),
    ),
    cursor,
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    let response: { value?: Message[]; '@odata.nextLink'?: string };
    let label: string;
    if (args.cursor) {
      const path = decodeCursor(args.cursor, FOLDER_MESSAGES, 'getEmails');
      response = await ctx.graph
        .api(path)
        .select(LIST_FIELDS)
        .orderby('receivedDateTime desc')
        .header('Prefer', 'outlook.body-content-type="text"')
        .get();
      label = 'Messages (continued)';
    } else {
      const folder = await resolveFolder(ctx.graph, args.folder);
      label = folder.label;
      let request = ctx.graph
        .api(`/me/mailFolders/${folder.segment}/messages`)
        .select(LIST_FIELDS)
        .top(args.count)
        .orderby('receivedDateTime desc')
        .header('Prefer', 'outlook.body-content-type="text"');
      const filter = buildFilter(args);
      // The Graph client joins query values as they are: encoded here so `&`, `#`, `+`, `%` in an address survive.
      if (filter) request = request.filter(encodeURIComponent(filter));
      response = await request.get();
    }
    const messages = response.value ?? [];
    const cursor = encodeCursor(response['@odata.nextLink'], FOLDER_MESSAGES);
    const heading = `${label}: ${messages.length} message${messages.length === 1 ? '' : 's'}, newest first`;
    return messageList(messages, heading, `mailbox of ${ctx.user.upn}`, ctx.user.timeZone, cursor, ctx.handles);
  },
});

/**
 * Graph requires that a property used in `$orderby` also appears, first, in `$filter`; so any
 * filter starts with a receivedDateTime bound (the `since` date or the beginning of time).
 */
function buildFilter(args: {
  unreadOnly: boolean;
  from?: string | undefined;
  since?: string | undefined;
}): string | undefined {
  if (!args.unreadOnly && !args.from && !args.since) return undefined;
  const since = args.since ? new Date(args.since) : new Date('1900-01-01T00:00:00Z');
  if (Number.isNaN(since.getTime())) throw new ToolError('"since" must be an ISO 8601 date, e.g. 2026-11-01.');
  const clauses = [`receivedDateTime ge ${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`];
  if (args.unreadOnly) clauses.push('isRead eq false');
  if (args.from) clauses.push(`from/emailAddress/address eq '${args.from.replace(/'/g, "''")}'`);
  return clauses.join(' and ');
}
