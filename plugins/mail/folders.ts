/**
 * Folder names as people and models say them → what Graph accepts in `/me/mailFolders/{folder}`.
 * Well-known names (and common aliases) go straight into the path; long opaque strings are taken
 * as folder ids; anything else is looked up by display name among the top-level folders.
 */
import { ToolError, type GraphClient } from 'm365-mcp-gateway/plugin';

const WELL_KNOWN: Record<string, string> = {
  inbox: 'inbox',
  sentitems: 'sentitems',
  sent: 'sentitems',
  'sent items': 'sentitems',
  drafts: 'drafts',
  draft: 'drafts',
  deleteditems: 'deleteditems',
  deleted: 'deleteditems',
  'deleted items': 'deleteditems',
  trash: 'deleteditems',
  archive: 'archive',
  junkemail: 'junkemail',
  junk: 'junkemail',
  spam: 'junkemail',
  'junk email': 'junkemail',
  outbox: 'outbox',
};

/** Graph folder ids are long base64 strings; display names are short and human. */
const FOLDER_ID = /^[A-Za-z0-9+/=_-]{40,}$/;

export interface ResolvedFolder {
  /** Path segment for `/me/mailFolders/{segment}`. */
  segment: string;
  /** How to name the folder in results. */
  label: string;
}

export async function resolveFolder(graph: GraphClient, folder: string): Promise<ResolvedFolder> {
  const wellKnown = WELL_KNOWN[folder.trim().toLowerCase()];
  if (wellKnown) return { segment: wellKnown, label: folder.trim() };
  if (FOLDER_ID.test(folder)) return { segment: encodeURIComponent(folder), label: 'folder' };

  const page = (await graph.api('/me/mailFolders').select(['id', 'displayName']).top(100).get()) as {
    value?: Array<{ id?: string; displayName?: string }>;
  };
  const folders = page.value ?? [];
  const wanted = folder.trim().toLowerCase();
  const match = folders.find((item) => item.displayName?.toLowerCase() === wanted);
  if (match?.id) return { segment: encodeURIComponent(match.id), label: match.displayName ?? folder };
  const names = folders
    .map((item) => item.displayName)
    .filter(Boolean)
    .join(', ');
  throw new ToolError(
    `No mail folder named "${folder}". Folders: ${names || '(none)'}. Use one of these names, a well-known name (inbox, sentitems, drafts, archive, deleteditems, junkemail) or a folder handle (call listMailFolders again for current handles, also of subfolders).`,
    'UNKNOWN_FOLDER',
  );
}

/** Folder to move into: `archive`/well-known names, display names or ids, like `resolveFolder`. */
export async function destinationFolderId(
  graph: GraphClient,
  destination: string,
): Promise<{ id: string; label: string }> {
  const folder = await resolveFolder(graph, destination);
  return { id: decodeURIComponent(folder.segment), label: folder.label };
}
