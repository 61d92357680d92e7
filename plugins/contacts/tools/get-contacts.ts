import type { Contact } from '@microsoft/microsoft-graph-types';
import { decodeCursor, defineTool, encodeCursor, type GraphClient, type ToolContext } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { folderNotFound, resolveContactFolder } from '../folders';
import { contactList, LIST_FIELDS } from '../format';
import { cursor, folderRef, isAddress } from '../schemas';

const CONTACT_PAGES = { path: /^\/me\/(contacts|contactFolders\/[^/?\s]+\/contacts)\?/, maxTop: 50, omit: ['$select'] };

/** A partial address is matched here (Graph has no $search on contacts): at most this many pages of 100. */
export const SCAN_PAGES = 5;
const SCAN_PAGE_SIZE = 100;

type Page = { value?: Contact[]; '@odata.nextLink'?: string };

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** An address or a piece of one (`@fabrikam.com`, `jordan.reyes`, `tailspintoys.com`), not a name. */
const looksLikeAddress = (query: string) => query.includes('@') || /^[\w-]+(\.[\w-]+)+$/.test(query);

export const getContacts = defineTool({
  name: 'getContacts',
  title: 'List or search contacts',
  description:
    'Outlook contacts, one line each with a handle. query: start of a name or company, or (part of) an email; folder: name.',
  input: v.strictObject({
    query: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.check((q) => q.length <= 200, 'must be at most 200 characters'),
      ),
    ),
    count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 20),
    folder: v.optional(folderRef),
    cursor,
  }),
  scopes: ['Contacts.Read'],
  annotations: { readOnlyHint: true },
  async run({ query, count, folder: folderArg, cursor: given }, ctx) {
    if (given) {
      const path = decodeCursor(given, CONTACT_PAGES, 'getContacts');
      const page = (await ctx.graph.api(path).select(LIST_FIELDS).get()) as Page;
      return listing(page, 'Contacts (continued)', ctx);
    }
    const folder = await resolveContactFolder(ctx.graph, folderArg);
    const where = folder.label === 'Contacts' ? 'Contacts' : `Contacts in ${folder.label}`;
    if (query && looksLikeAddress(query) && !isAddress(query))
      return scanAddresses(ctx.graph, folder.path, query, count, where, ctx);
    let request = ctx.graph.api(folder.path).select(LIST_FIELDS).top(count);
    if (!query) request = request.orderby('displayName');
    else if (isAddress(query)) request = request.filter(`emailAddresses/any(a:a/address eq ${quote(query)})`);
    else
      request = request.filter(
        ['givenName', 'surname', 'displayName', 'companyName']
          .map((p) => `startswith(${p},${quote(query)})`)
          .join(' or '),
      );
    const page = (await request.get().catch(folderNotFound)) as Page;
    return listing(page, query ? `${where} matching "${query}"` : where, ctx);
  },
});

function listing(page: Page, heading: string, ctx: ToolContext): string {
  const contacts = page.value ?? [];
  const next = encodeCursor(page['@odata.nextLink'], CONTACT_PAGES);
  const more = next ? `More contacts: call again with cursor "${ctx.handles.show('cursor', next)}".` : '';
  return contactList(contacts, heading, ctx.handles, more);
}

/** Pages through the folder and keeps contacts with an address containing `part`, within SCAN_PAGES pages. */
async function scanAddresses(
  graph: GraphClient,
  path: string,
  part: string,
  count: number,
  where: string,
  ctx: ToolContext,
): Promise<string> {
  const needle = part.toLowerCase();
  const found: Contact[] = [];
  let page = (await graph.api(path).select(LIST_FIELDS).top(SCAN_PAGE_SIZE).get().catch(folderNotFound)) as Page;
  let pages = 1;
  let scanned = 0;
  for (;;) {
    scanned += page.value?.length ?? 0;
    for (const c of page.value ?? []) {
      if (c.emailAddresses?.some((e) => e.address?.toLowerCase().includes(needle))) found.push(c);
    }
    const next = page['@odata.nextLink'];
    if (!next || found.length > count || pages >= SCAN_PAGES) break;
    page = (await graph.api(next).get()) as Page;
    pages++;
  }
  const stoppedEarly = pages >= SCAN_PAGES && page['@odata.nextLink'] !== undefined && found.length <= count;
  const notes = [
    found.length > count ? `More than ${count} match: give more of the address.` : '',
    stoppedEarly
      ? `Searched the first ${scanned} contacts only (partial addresses are matched page by page, at most ${SCAN_PAGES * SCAN_PAGE_SIZE}); give the full address or a name to search them all.`
      : '',
  ].filter(Boolean);
  const shown = found.slice(0, count);
  return contactList(shown, `${where} with an address containing "${part}"`, ctx.handles, notes.join(' '));
}
