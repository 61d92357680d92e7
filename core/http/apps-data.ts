/**
 * The data half of the connected-apps page: the user's audit trail of writes (what their apps
 * changed, as handles, never content) and "Forget me", which deletes everything the gateway keeps
 * about the user — grants (their tokens stop working, open sockets close), the Microsoft sign-in
 * in the vault, handles and audit records — and says what went.
 */
import type { OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import type { AuditEntry } from '../audit/audit-trail';
import { tokenVaultFor } from '../auth/token-vault';
import { handleStoreFor } from '../handles/handle-store';
import { closeGrantSockets } from '../mcp/revoke-sockets';
import { nameHtml, showName } from './client-name';
import { escapeHtml } from './html';

/** How many of the newest audit records the page shows. */
export const AUDIT_SHOWN = 50;

/**
 * The audit list's HTML for the user, newest first.
 *
 * @example
 * const html = await auditListHtml(env, session.userKey, oauth, 90);
 */
export async function auditListHtml(
  env: Env,
  userKey: string,
  oauth: OAuthHelpers,
  retentionDays: number,
): Promise<string> {
  const entries = await handleStoreFor(env, userKey).listAudit(AUDIT_SHOWN);
  const names = new Map<string, string>();
  for (const client of new Set(entries.map((entry) => entry.client))) {
    const found = client ? await oauth.lookupClient(client).catch(() => null) : null;
    names.set(client, found?.clientName || client || 'unknown app');
  }
  const heading = `<h2>Changes your apps made</h2>
<p class="muted">Every call of a tool that can change your mailbox, kept ${retentionDays} days: when, which app, which tool, which items (as the short handles the app saw) and the outcome. Never the content.</p>`;
  if (entries.length === 0) return `${heading}\n<p id="audit">No changes recorded.</p>`;
  const rows = entries.map((entry) => auditRowHtml(entry, names.get(entry.client) ?? entry.client));
  return `${heading}
<table id="audit"><thead><tr><th>When (UTC)</th><th>App</th><th>Tool</th><th>Items</th><th>Outcome</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function auditRowHtml(entry: AuditEntry, clientName: string): string {
  const when = new Date(entry.at).toISOString().replace('T', ' ').slice(0, 19);
  const items = entry.items.map((item) => `<code>${escapeHtml(item)}</code>`).join(' ') || '—';
  const outcome = [OUTCOME_WORDS[entry.outcome] ?? entry.outcome, ...entry.writes].map(escapeHtml).join('; ');
  return `<tr><td>${escapeHtml(when)}</td><td>${nameHtml(showName(clientName))}</td><td><code>${escapeHtml(entry.tool)}</code></td><td>${items}</td><td>${outcome}</td></tr>`;
}

const OUTCOME_WORDS: Record<string, string> = {
  ok: 'done',
  tool_error: 'refused or failed',
  internal_error: 'gateway error',
};

/** What "Forget me" deleted. */
export interface Forgotten {
  grants: number;
  signIn: boolean;
  handles: number;
  auditRecords: number;
  /** `refresh-spent:` markers (replay detection of the user's refresh tokens). */
  refreshMarkers: number;
}

/**
 * Deletes everything of the user: grants first (so no client can act while the rest goes), their
 * sockets, the Microsoft sign-in, handles and audit trail, and the refresh-replay markers.
 *
 * @example
 * const forgotten = await forgetUser(env, oauth, session.userKey, grants);
 */
export async function forgetUser(
  env: Env & { OAUTH_KV: KVNamespace },
  oauth: OAuthHelpers,
  userKey: string,
  grantIds: readonly string[],
): Promise<Forgotten> {
  for (const grantId of grantIds) await oauth.revokeGrant(grantId, userKey);
  await closeGrantSockets(env, userKey);
  const vault = tokenVaultFor(env, userKey);
  const signIn = (await vault.status(userKey)).signedIn;
  await vault.clear();
  const { handles, auditRecords } = await handleStoreFor(env, userKey).forget();
  let refreshMarkers = 0;
  let cursor: string | undefined;
  do {
    const page = await env.OAUTH_KV.list({ prefix: `refresh-spent:${userKey}:`, ...(cursor ? { cursor } : {}) });
    await Promise.all(page.keys.map((key) => env.OAUTH_KV.delete(key.name)));
    refreshMarkers += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return { grants: grantIds.length, signIn, handles, auditRecords, refreshMarkers };
}

/** The sentence the page shows after "Forget me". */
export function forgottenHtml(forgotten: Forgotten): string {
  const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const items = [
    `${plural(forgotten.grants, 'app connection', 'app connections')} (their tokens no longer work; open connections were closed)`,
    forgotten.signIn ? 'your stored Microsoft sign-in' : 'no stored Microsoft sign-in (there was none)',
    plural(forgotten.handles, 'item handle', 'item handles'),
    plural(forgotten.auditRecords, 'audit record', 'audit records'),
    plural(forgotten.refreshMarkers, 'used refresh-token marker', 'used refresh-token markers'),
  ];
  return `<h1>Everything about you was deleted</h1>
<p>This gateway deleted:</p>
<ul id="forgotten">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>
<p class="muted">Open MCP sessions hold no tokens and refuse every request from now on; they disappear within 24 hours. Microsoft still lists this gateway among your apps until you remove it there.</p>
<p><a class="button" href="/apps">Back to connected apps</a></p>`;
}
