/**
 * Where a finished tool call goes besides its log line: a metrics data point (metrics.ts) and,
 * for a tool that may write (not annotated readOnlyHint), one entry in the user's audit trail
 * (core/audit/audit-trail.ts), awaited so a call is never answered before its audit is kept.
 */
import type { AuditEntry } from '../audit/audit-trail';
import { handleStoreFor } from '../handles/handle-store';
import { type CallLog, type CallLogOptions, type CallSinks, type FinishedCall, startCallLog } from '../mcp/call-log';
import { isHandle, type RegisteredTool } from '../plugin';
import { writeCallMetrics } from './metrics';

/**
 * The `startCallLog` every transport hands its MCP server: each call's line, metrics and (for a
 * write) audit entry, for `userKey`'s calls; `defer` takes the lines after the answer.
 *
 * @example
 * createMcpServer({ registry, contextFor, startCallLog: callLogFor(env, identity.userKey, (name) => registry.getTool(name), waitUntil) });
 */
export function callLogFor(
  env: Env,
  userKey: string,
  getTool: (name: string) => RegisteredTool | undefined,
  defer?: CallLogOptions['defer'],
): (tool: string, clientId: string | undefined, args: unknown) => CallLog {
  return (tool, clientId, args) =>
    startCallLog({
      tool,
      userKey,
      clientId,
      sinks: callSinks(env, userKey, getTool(tool), args),
      ...(defer ? { defer } : {}),
    });
}

/**
 * @example
 * startCallLog({ tool, userKey, clientId, sinks: callSinks(env, userKey, registry.getTool(tool), args) });
 */
export function callSinks(
  env: Env,
  userKey: string,
  tool: RegisteredTool | undefined,
  args: unknown,
  store: (entries: AuditEntry[]) => Promise<unknown> = (entries) => handleStoreFor(env, userKey).appendAudit(entries),
): CallSinks {
  const writes = tool !== undefined && tool.tool.annotations.readOnlyHint !== true;
  return {
    async finished(call) {
      writeCallMetrics(env, call);
      if (writes) await store([auditEntryOf(call, args)]);
    },
  };
}

/** The entry of one write call: the handles it named (in its arguments or its audit records), never content. */
export function auditEntryOf(call: FinishedCall, args: unknown): AuditEntry {
  const items = new Set<string>();
  for (const value of topLevelStrings(args)) if (isHandle(value)) items.add(value);
  for (const record of call.audits) for (const item of record.items) if (isHandle(item)) items.add(item);
  const counts = new Map<string, number>();
  for (const record of call.audits) {
    const key = `${record.action} ${record.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + Math.max(1, record.items.length));
  }
  return {
    at: call.at,
    tool: call.tool,
    client: call.client ?? '',
    items: [...items].slice(0, 100),
    outcome: call.outcome,
    writes: [...counts].map(([key, count]) => `${key} ×${count}`),
  };
}

/** String arguments (comma lists split) and strings in array arguments: where tools take item handles. */
function topLevelStrings(args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  return Object.values(args).flatMap((value) =>
    typeof value === 'string'
      ? value.split(',').map((part) => part.trim())
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string')
        : [],
  );
}
