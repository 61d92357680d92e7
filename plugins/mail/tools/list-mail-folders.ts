import type { MailFolder } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, graphIdOrHandle } from 'm365-mcp-gateway/plugin';

const FIELDS = ['id', 'displayName', 'parentFolderId', 'childFolderCount', 'unreadItemCount', 'totalItemCount'];

export const listMailFolders = defineTool({
  name: 'listMailFolders',
  title: 'List mail folders',
  description: 'Mail folders with unread/total counts and handles; parentId lists subfolders.',
  input: v.strictObject({
    parentId: v.optional(graphIdOrHandle('folder')),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run({ parentId }, ctx) {
    const path = parentId ? `/me/mailFolders/${encodeURIComponent(parentId)}/childFolders` : '/me/mailFolders';
    const page = (await ctx.graph.api(path).select(FIELDS).top(100).get()) as { value?: MailFolder[] };
    const folders = page.value ?? [];
    if (folders.length === 0) return parentId ? 'This folder has no subfolders.' : 'No mail folders.';
    const lines = folders.map(
      (f) =>
        `- ${f.displayName ?? '?'} | ${f.unreadItemCount ?? 0} unread / ${f.totalItemCount ?? 0}` +
        `${f.childFolderCount ? ` | ${f.childFolderCount} subfolder${f.childFolderCount === 1 ? '' : 's'}` : ''} | ${f.id ? ctx.handles.show('folder', f.id) : '?'}`,
    );
    return `${parentId ? 'Subfolders' : 'Mail folders'} (${folders.length}); name | unread / total | handle; getEmails takes a name or handle as folder:\n${lines.join('\n')}`;
  },
});
