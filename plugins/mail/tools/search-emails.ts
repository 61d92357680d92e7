import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { decodeCursor, defineTool, encodeCursor } from 'm365-mcp-gateway/plugin';
import { resolveFolder } from '../folders';
import { LIST_FIELDS, messageList } from '../format';
import { count, cursor, folderRef, maxChars } from '../schemas';

const SEARCH = {
  path: /^\/me\/(?:mailFolders\/[^/?\s]+\/)?messages\?(?=.*%24search=|.*\$search=)/,
  maxTop: 50,
  omit: ['$select'],
};

export const searchEmails = defineTool({
  name: 'searchEmails',
  title: 'Search emails',
  description:
    'Search all mail (or one folder) with KQL, e.g. from:megan subject:budget hasAttachments:true. Most relevant first.',
  input: v.strictObject({
    query: v.pipe(v.string(), v.trim(), v.nonEmpty(), maxChars(500)),
    count,
    folder: v.optional(folderRef()),
    cursor,
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    let response: { value?: Message[]; '@odata.nextLink'?: string };
    if (args.cursor) {
      const path = decodeCursor(args.cursor, SEARCH, 'searchEmails');
      response = await ctx.graph
        .api(path)
        .select(LIST_FIELDS)
        .header('Prefer', 'outlook.body-content-type="text"')
        .get();
    } else {
      const base = args.folder
        ? `/me/mailFolders/${(await resolveFolder(ctx.graph, args.folder)).segment}/messages`
        : '/me/messages';
      response = await ctx.graph
        .api(base)
        .search(searchValue(args.query))
        .select(LIST_FIELDS)
        .top(args.count)
        .header('Prefer', 'outlook.body-content-type="text"')
        .get();
    }
    const messages = response.value ?? [];
    const next = encodeCursor(response['@odata.nextLink'], SEARCH);
    const heading = `Search ${JSON.stringify(args.query)}: ${messages.length} message${messages.length === 1 ? '' : 's'}`;
    return messageList(messages, heading, `mailbox of ${ctx.user.upn}`, ctx.user.timeZone, next, ctx.handles);
  },
});

/**
 * KQL goes inside one quoted `$search` value, inner quotes escaped as Graph expects. The Graph
 * client joins query values as they are, so the value is URI-encoded here: else `&` would end it,
 * `#` would cut the URL (dropping `$select`/`$top`) and `+` would arrive as a space.
 */
export function searchValue(query: string): string {
  return encodeURIComponent(`"${query.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
}
