import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import {
  defineTool,
  ToolError,
  type BatchRequest,
  type BatchResponse,
  type CallToolResult,
} from 'm365-mcp-gateway/plugin';
import { destinationFolderId } from '../folders';
import { folderRef, messageId } from '../schemas';

const ACTIONS = ['markRead', 'markUnread', 'flag', 'unflag', 'move', 'archive', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * Delete is a move to Deleted Items, where the user can still see and restore it. Graph's
 * `DELETE /me/messages/{id}` would instead soft-delete into Recoverable Items, out of sight.
 */
const DELETED_ITEMS = { id: 'deleteditems', label: 'Deleted Items' };

const PAST: Record<Action, string> = {
  markRead: 'Marked read',
  markUnread: 'Marked unread',
  flag: 'Flagged',
  unflag: 'Unflagged',
  move: 'Moved',
  archive: 'Archived',
  delete: 'Deleted (moved to Deleted Items)',
};

export const manageEmails = defineTool({
  name: 'manageEmails',
  title: 'Mark, flag, move or delete emails',
  description:
    'Apply one action to up to 100 emails by handle; reports each. move needs destination; delete goes to Deleted Items. Handles stay valid after a move.',
  input: v.strictObject({
    ids: v.pipe(
      v.union([v.string(), v.array(v.string())]),
      v.transform((ids) => (Array.isArray(ids) ? ids : ids.split(',')).map((id) => id.trim()).filter(Boolean)),
      v.minLength(1, 'must list at least one id'),
      v.maxLength(100, 'must list at most 100 ids (split larger sets into several calls)'),
      v.array(messageId),
    ),
    action: v.picklist(ACTIONS),
    destination: v.optional(folderRef()),
  }),
  scopes: ['Mail.ReadWrite'],
  annotations: { destructiveHint: true },
  async run({ ids: given, action, destination }, ctx) {
    // Handles arrive resolved; a handle and the full id of one message count once.
    const ids = [...new Set(given)];
    if (action === 'move' && destination === undefined)
      throw new ToolError(
        'action "move" needs destination (a folder name such as "Archive" or a folder id). Nothing was changed.',
        'BAD_ARGUMENTS',
      );
    if (action !== 'move' && destination !== undefined)
      throw new ToolError(`destination is only for action "move". Nothing was changed.`, 'BAD_ARGUMENTS');
    const target =
      action === 'move'
        ? await destinationFolderId(ctx.graph, destination!)
        : action === 'archive'
          ? { id: 'archive', label: 'Archive' }
          : action === 'delete'
            ? DELETED_ITEMS
            : undefined;
    const results = await ctx.graph.batch(ids.map((id) => requestFor(action, id, target?.id)));
    return report(action, ids, target, results, (id) => ctx.handles.show('message', id));
  },
});

/**
 * Per id what happened, and a count line that never claims all-or-nothing: done (with new ids for
 * moves), may have happened (not repeated; check first), not done.
 */
function report(
  action: Action,
  ids: readonly string[],
  target: { id: string; label: string } | undefined,
  results: readonly BatchResponse[],
  show: (id: string) => string,
): CallToolResult {
  const done: string[] = [];
  const renamed: string[] = [];
  const unknown: string[] = [];
  const failed: string[] = [];
  results.forEach((result, index) => {
    const id = ids[index]!;
    const handle = show(id);
    if (result.outcome === 'ok') {
      done.push(handle);
      // Immutable ids survive moves; should Graph still hand out a new id, the new handle is reported.
      const after = (result.body as Message | undefined)?.id;
      if (target && after && after !== id) renamed.push(`- ${handle} → ${show(after)}`);
    } else if (result.outcome === 'unknown') unknown.push(`- ${handle}: ${failureText(result)}`);
    else failed.push(`- ${handle}: ${failureText(result)}`);
  });
  const counts = [
    `${done.length} of ${ids.length} succeeded`,
    ...(unknown.length ? [`${unknown.length} outcome unknown`] : []),
    ...(failed.length ? [`${failed.length} failed`] : []),
  ];
  const where = target ? `${target.label} (getEmails with folder "${target.label}")` : 'those messages (getEmail)';
  const lines = [`${PAST[action]}${target && action !== 'delete' ? ` to ${target.label}` : ''}: ${counts.join(', ')}.`];
  // When only some were done, say which: the model must not redo them.
  if (done.length > 0 && done.length < ids.length) lines.push(`Done: ${done.join(', ')}`);
  if (renamed.length) lines.push('New handles (old → new; the old ones no longer work):', ...renamed);
  if (unknown.length) {
    lines.push(
      `Outcome unknown (Microsoft Graph may have done these; they were not repeated). Check ${where} before trying them again:`,
      ...unknown,
    );
  }
  if (failed.length) lines.push('Failed (not done):', ...failed);
  return { content: [{ type: 'text', text: lines.join('\n') }], ...(done.length === 0 ? { isError: true } : {}) };
}

function requestFor(action: Action, id: string, destinationId: string | undefined): BatchRequest {
  const url = `/me/messages/${encodeURIComponent(id)}`;
  switch (action) {
    case 'markRead':
    case 'markUnread':
      return { method: 'PATCH', url, body: { isRead: action === 'markRead' } };
    case 'flag':
    case 'unflag':
      return { method: 'PATCH', url, body: { flag: { flagStatus: action === 'flag' ? 'flagged' : 'notFlagged' } } };
    case 'move':
    case 'archive':
    case 'delete':
      return { method: 'POST', url: `${url}/move`, body: { destinationId } };
  }
}

/** The gateway's own codes for a request whose `$batch` failed as a whole, or was never sent. */
const WHOLE_BATCH = new Set(['BatchOutcomeUnknown', 'BatchThrottled', 'BatchNotSent']);

function failureText(result: BatchResponse): string {
  const error = (result.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (error?.code && WHOLE_BATCH.has(error.code)) return error.message ?? `HTTP ${result.status}`;
  if (result.outcome === 'unknown') return `Microsoft Graph answered ${result.status} (${error?.code ?? 'error'})`;
  if (result.status === 404) return 'not found (deleted, or not in this mailbox)';
  if (result.status === 429) return 'throttled by Microsoft Graph; try this id again in a minute';
  return `${error?.code ?? `HTTP ${result.status}`}${error?.message ? `: ${error.message}` : ''}`;
}
