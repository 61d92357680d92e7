/**
 * Contact folders as people name them → the Graph path of their contacts. `Contacts` (or nothing)
 * is the default folder, `/me/contacts`; a handle or id is used as is; a name is looked up among
 * the folders under Contacts.
 */
import type { ContactFolder } from '@microsoft/microsoft-graph-types';
import { ToolError, type GraphClient } from 'm365-mcp-gateway/plugin';

/** Graph folder ids are long base64 strings; names are short and human. */
const FOLDER_ID = /^[A-Za-z0-9+/=_-]{40,}$/;

export interface ResolvedContactFolder {
  /** `/me/contacts` or `/me/contactFolders/{id}/contacts`. */
  path: string;
  /** How results name it. */
  label: string;
}

export const DEFAULT_FOLDER: ResolvedContactFolder = { path: '/me/contacts', label: 'Contacts' };

export async function resolveContactFolder(
  graph: GraphClient,
  folder: string | undefined,
): Promise<ResolvedContactFolder> {
  const name = folder?.trim() ?? '';
  if (name === '' || name.toLowerCase() === 'contacts') return DEFAULT_FOLDER;
  if (FOLDER_ID.test(name)) return { path: `/me/contactFolders/${encodeURIComponent(name)}/contacts`, label: 'folder' };
  const page = (await graph.api('/me/contactFolders').select(['id', 'displayName']).top(100).get()) as {
    value?: ContactFolder[];
  };
  const folders = page.value ?? [];
  const found = folders.find((f) => f.displayName?.toLowerCase() === name.toLowerCase());
  if (!found?.id) {
    const names = ['Contacts', ...folders.map((f) => f.displayName ?? '')].filter(Boolean);
    throw new ToolError(`No contact folder named "${name}". Folders: ${names.join(', ')}.`, 'NOT_FOUND');
  }
  return { path: `/me/contactFolders/${encodeURIComponent(found.id)}/contacts`, label: found.displayName ?? name };
}

/** A Graph 404 on a folder path, as the model should read it. */
export function folderNotFound(error: unknown): never {
  if ((error as { statusCode?: number }).statusCode === 404)
    throw new ToolError(
      'That contact folder does not exist in your mailbox (it may be someone else’s). Use a folder name such as "Contacts".',
      'NOT_FOUND',
    );
  throw error;
}
