import type { Message } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import {
  defineTool,
  ToolError,
  type BatchRequest,
  type BatchResponse,
  type CallToolResult,
} from '../../../core/plugin';
import { destinationFolderId } from '../folders';
import { isGraphId, maxChars } from '../schemas';

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
    'Apply one action to up to 100 emails by id; reports each id. move needs destination; delete goes to Deleted Items. Moved emails get new ids.',
  input: v.strictObject({
    ids: v.pipe(
      v.union([v.string(), v.array(v.string())]),
      v.transform((ids) => (Array.isArray(ids) ? ids : ids.split(',')).map((id) => id.trim()).filter(Boolean)),
      v.minLength(1, 'must list at least one id'),
      v.maxLength(100, 'must list at most 100 ids (split larger sets into several calls)'),
    ),
    action: v.picklist(ACTIONS),
    destination: v.optional(v.pipe(v.string(), v.trim(), v.nonEmpty(), maxChars(300))),
  }),
  scopes: ['Mail.ReadWrite'],
  annotations: { destructiveHint: true },
  async run({ ids: given, action, destination }, ctx) {
    const ids = [...new Set(given)];
    const malformed = ids.filter((id) => !isGraphId(id));
    if (malformed.length > 0) {
      throw new ToolError(
        `Not message ids: ${malformed
          .slice(0, 5)
          .map((id) => JSON.stringify(id.slice(0, 60)))
          .join(
            ', ',
          )}${malformed.length > 5 ? ` and ${malformed.length - 5} more` : ''}. Nothing was changed. Use ids exactly as getEmails or searchEmails returned them.`,
        'BAD_ID',
      );
    }
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
    return report(action, ids, target, results);
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
): CallToolResult {
  const moved: string[] = [];
  const unknown: string[] = [];
  const failed: string[] = [];
  results.forEach((result, index) => {
    const id = ids[index]!;
    if (result.outcome === 'ok') {
      if (target) moved.push(`- ${id} → ${(result.body as Message | undefined)?.id ?? '?'}`);
    } else if (result.outcome === 'unknown') unknown.push(`- ${id}: ${failureText(result)}`);
    else failed.push(`- ${id}: ${failureText(result)}`);
  });
  const done = ids.length - unknown.length - failed.length;
  const counts = [
    `${done} of ${ids.length} succeeded`,
    ...(unknown.length ? [`${unknown.length} outcome unknown`] : []),
    ...(failed.length ? [`${failed.length} failed`] : []),
  ];
  const where = target
    ? `${target.label} (getEmails with folder "${target.id}"; a moved message has a new id)`
    : 'those messages (getEmail)';
  const lines = [`${PAST[action]}${target && action !== 'delete' ? ` to ${target.label}` : ''}: ${counts.join(', ')}.`];
  if (moved.length) lines.push('New ids (old → new; the old ids no longer work):', ...moved);
  if (unknown.length) {
    lines.push(
      `Outcome unknown (Microsoft Graph may have done these; they were not repeated). Check ${where} before trying them again:`,
      ...unknown,
    );
  }
  if (failed.length) lines.push('Failed (not done):', ...failed);
  return { content: [{ type: 'text', text: lines.join('\n') }], ...(done === 0 ? { isError: true } : {}) };
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
  if (result.status === 404) return 'not found (deleted, or moved and given a new id)';
  if (result.status === 429) return 'throttled by Microsoft Graph; try this id again in a minute';
  return `${error?.code ?? `HTTP ${result.status}`}${error?.message ? `: ${error.message}` : ''}`;
}
