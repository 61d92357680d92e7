/**
 * One wording for what became of a write, for every plugin: done, not done, or may have happened
 * (never repeated: check first). A tool that reports writes through these helpers also audits them.
 */
import { GraphOutcomeUnknown } from '../graph/graph-failures';
import type { BatchResponse, CallToolResult, ToolContext, WriteOutcome } from './types';

/**
 * The outcome of a write from what came back: a `$batch` response, or what a single write threw.
 *
 * @example
 * writeOutcome(results[0]); // 'confirmed' | 'not_done' | 'unknown'
 * try { await ctx.graph.api('/me/sendMail').post(body); } catch (error) { writeOutcome(error); } // 'unknown' after a 503
 */
export function writeOutcome(resultOrError: BatchResponse | unknown): WriteOutcome {
  if (isBatchResponse(resultOrError)) {
    return resultOrError.outcome === 'ok' ? 'confirmed' : resultOrError.outcome === 'failed' ? 'not_done' : 'unknown';
  }
  // The Graph client's middleware raises this only once a write left the gateway without an answer.
  return resultOrError instanceof GraphOutcomeUnknown ? 'unknown' : 'not_done';
}

/**
 * Runs one write and audits it with its outcome; returns what the write returned. A failure is
 * rethrown unchanged, so the gateway words it (a may-have-happened write tells the model to check,
 * not to repeat).
 *
 * @example
 * await runWrite(ctx, { action: 'sendMail', items: [] }, () => ctx.graph.api('/me/sendMail').post(body));
 */
export async function runWrite<T>(
  ctx: Pick<ToolContext, 'audit'>,
  what: { action: string; items: readonly string[] },
  write: () => Promise<T>,
): Promise<T> {
  try {
    const value = await write();
    ctx.audit({ ...what, outcome: 'confirmed' });
    return value;
  } catch (error) {
    ctx.audit({ ...what, outcome: writeOutcome(error) });
    throw error;
  }
}

/** One item of a batched write: its id (or handle) and the `$batch` response for it. */
export interface WrittenItem {
  item: string;
  result: BatchResponse;
  /** Why it was not done or may have happened, for the model (defaults to Graph's error message). */
  detail?: string;
}

export interface WriteReport {
  /** Audit action (`markRead`, `move`). */
  action: string;
  /** The first words of the result line, e.g. `Marked read` or `Moved to Archive`. */
  done: string;
  items: readonly WrittenItem[];
  /** Where the model should look before retrying a may-have-happened item, e.g. `those messages (getEmail)`. */
  checkWhere: string;
}

/**
 * Words a batched write per item and audits it, one record per outcome: a count line that never
 * claims all-or-nothing, then the items that may have happened (not repeated; check first) and
 * those not done. `isError` only when nothing was confirmed.
 *
 * @example
 * const results = await ctx.graph.batch(ids.map((id) => ({ method: 'PATCH', url: `/me/messages/${id}`, body })));
 * return reportWrites(ctx, {
 *   action: 'markRead',
 *   done: 'Marked read',
 *   items: ids.map((item, i) => ({ item, result: results[i]! })),
 *   checkWhere: 'those messages (getEmail)',
 * });
 * // "Marked read: 2 of 3 done, 1 may have happened.\nMay have happened (not repeated). Check those messages…"
 */
export function reportWrites(ctx: Pick<ToolContext, 'audit'>, report: WriteReport): CallToolResult {
  const by: Record<WriteOutcome, WrittenItem[]> = { confirmed: [], not_done: [], unknown: [] };
  for (const entry of report.items) by[writeOutcome(entry.result)].push(entry);
  for (const outcome of ['confirmed', 'unknown', 'not_done'] as const) {
    if (by[outcome].length > 0)
      ctx.audit({ action: report.action, items: by[outcome].map((entry) => entry.item), outcome });
  }
  const total = report.items.length;
  const counts = [
    `${by.confirmed.length} of ${total} done`,
    ...(by.unknown.length ? [`${by.unknown.length} may have happened`] : []),
    ...(by.not_done.length ? [`${by.not_done.length} not done`] : []),
  ];
  const line = (entry: WrittenItem) => `- ${entry.item}: ${entry.detail ?? graphReason(entry.result)}`;
  const lines = [`${report.done}: ${counts.join(', ')}.`];
  if (by.unknown.length) {
    lines.push(
      `May have happened (Microsoft Graph got these but did not say; they were not repeated). Check ${report.checkWhere} before trying them again:`,
      ...by.unknown.map(line),
    );
  }
  if (by.not_done.length) lines.push('Not done:', ...by.not_done.map(line));
  return {
    content: [{ type: 'text', text: lines.join('\n') }],
    ...(by.confirmed.length === 0 && total > 0 ? { isError: true } : {}),
  };
}

function graphReason(result: BatchResponse): string {
  const error = (result.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const code = error?.code ?? `HTTP ${result.status}`;
  return error?.message ? `${code}: ${error.message}` : code;
}

function isBatchResponse(value: unknown): value is BatchResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'outcome' in value &&
    'status' in value &&
    typeof (value as { status: unknown }).status === 'number'
  );
}
