/**
 * What a failed tool call or resource read tells the model (one rule for both, used by
 * call-tool.ts and read-resource.ts): a `ToolError` — thrown, or what `mapError` made of the
 * failure — is shown as written; a cancelled call is said to be cancelled; anything else is an
 * internal error, logged in full with a short reference, and the model gets only the reference.
 */
import { isToolError, type ToolError } from './errors';
import type { RegistryOptions, ToolCall, ToolContext } from './types';

export type Failure = { kind: 'shown'; error: ToolError } | { kind: 'cancelled' } | { kind: 'internal'; ref: string };

/**
 * Classifies `error` thrown while running `call`; `subject` names it in the log ("Tool getEmails").
 *
 * @example
 * const failure = classifyFailure(error, call, ctx, mapError, `Tool ${call.tool}`);
 * if (failure.kind === 'internal') return `Internal error (ref ${failure.ref}).`;
 */
export function classifyFailure(
  error: unknown,
  call: ToolCall,
  ctx: ToolContext,
  mapError: RegistryOptions['mapError'],
  subject: string,
): Failure {
  if (isToolError(error)) return { kind: 'shown', error };
  let mapped: unknown;
  try {
    mapped = mapError?.(error, call);
  } catch (mapFailure) {
    const ref = logInternal(ctx, call, `${subject} failed, and mapError threw while mapping the failure`, mapFailure);
    return { kind: 'internal', ref };
  }
  if (isToolError(mapped)) return { kind: 'shown', error: mapped };
  if (ctx.signal.aborted) {
    ctx.log.info(`${subject} aborted`, { plugin: call.plugin, tool: call.tool, ...errorDetail(error) });
    return { kind: 'cancelled' };
  }
  return { kind: 'internal', ref: logInternal(ctx, call, `${subject} threw an unexpected error`, error) };
}

/**
 * Logs an internal problem under a fresh reference and returns the reference (what the model and
 * the user see instead of the problem).
 */
export function logInternal(
  ctx: ToolContext,
  call: Pick<ToolCall, 'plugin' | 'tool'>,
  message: string,
  error?: unknown,
  fields: Record<string, unknown> = {},
): string {
  const ref = referenceId();
  ctx.log.error(message, {
    ref,
    plugin: call.plugin,
    tool: call.tool,
    ...(error === undefined ? {} : errorDetail(error)),
    ...fields,
  });
  return ref;
}

/** The error's name, message and stack as log fields (never shown to the model). */
export function errorDetail(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { error: `${error.name}: ${error.message}`, stack: error.stack }
    : { error: String(error) };
}

/** Eight hex characters: enough to find one log line, short enough to quote. */
function referenceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
