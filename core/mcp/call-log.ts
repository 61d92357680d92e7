/**
 * The structured log of one tool call: one JSON line per call (request id, transport and era,
 * tool, plugin, its Graph requests with statuses and sends, retries, duration, outcome) and one
 * line per audited write (action, item ids or handles, outcome). Lines name the user by a hash of
 * the user key and the client by its id; they never hold tokens, arguments, subjects, bodies or
 * addresses. The same call feeds the metrics data point and, for a tool that may write, the
 * user's audit trail (core/ops/call-sinks.ts).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GraphRequestEntry } from '../graph/request-log';
import type { AuditRecord } from '../plugin';
import { currentRequest } from '../ops/request-scope';

/** ok: a result; tool_error: a failure worded for the model; internal_error: a gateway or plugin bug. */
export type CallOutcome = 'ok' | 'tool_error' | 'internal_error';

export interface CallLog {
  /** Set once the tool is known to belong to a plugin. */
  plugin: string | undefined;
  graph(entry: GraphRequestEntry): void;
  audit(record: AuditRecord): void;
  /**
   * Resolves once what must precede the answer is done (the sinks: a write's audit entry); the
   * lines (audit lines first, then the call's) are written then, or handed to `defer`.
   */
  finish(result: CallToolResult | undefined): Promise<void>;
}

export interface CallLogOptions {
  tool: string;
  userKey: string;
  clientId?: string | undefined;
  /** Where lines go (console.info as one JSON line by default; Workers Logs indexes the fields). */
  write?: (line: Record<string, unknown>) => void;
  /** Where the finished call goes besides its line: metrics, the audit trail. */
  sinks?: CallSinks;
  /**
   * Takes the writing of the lines past the answer (a Worker's `waitUntil`): the client need not
   * wait for its log. Without it, `finish` writes them before it resolves.
   */
  defer?: (work: Promise<void>) => void;
}

/** What a finished call tells the sinks: no arguments, no content. */
export interface FinishedCall {
  tool: string;
  plugin: string | undefined;
  client: string | undefined;
  transport: string | undefined;
  era: string | undefined;
  outcome: CallOutcome;
  durationMs: number;
  graph: readonly GraphRequestEntry[];
  retries: number;
  audits: readonly AuditRecord[];
  /** When the call started (epoch ms). */
  at: number;
}

export interface CallSinks {
  /** Awaited before the call's line; a failing sink is logged and never fails the call. */
  finished(call: FinishedCall): Promise<void>;
}

/**
 * @example
 * const log = startCallLog({ tool: 'getEmails', userKey: identity.userKey, clientId });
 * const result = await registry.callTool(name, args, (tool) => contextWith(log));
 * await log.finish(result);
 */
export function startCallLog(options: CallLogOptions): CallLog {
  const started = Date.now();
  const write = options.write ?? ((line) => console.info(JSON.stringify(line)));
  const user = hashUserKey(options.userKey);
  const requests: GraphRequestEntry[] = [];
  const audits: AuditRecord[] = [];
  const pending: Promise<void>[] = [];
  const scope = currentRequest();
  const who = (hashed: string) => ({
    ...(scope ? { requestId: scope.requestId, transport: scope.transport, era: scope.era } : {}),
    tool: options.tool,
    plugin: log.plugin,
    user: hashed,
    ...(options.clientId ? { client: options.clientId } : {}),
  });
  const log: CallLog = {
    plugin: undefined,
    graph: (entry) => {
      requests.push(entry);
    },
    audit: (record) => {
      const line = { action: record.action, items: [...record.items], outcome: record.outcome };
      audits.push(line);
      pending.push(user.then((hashed) => write({ level: 'info', message: 'audit', ...who(hashed), ...line })));
    },
    async finish(result) {
      const outcome = outcomeOf(result);
      const durationMs = Date.now() - started;
      const retries = requests.reduce((sum, entry) => sum + Math.max(0, entry.sends - 1), 0);
      const sunk = await options.sinks
        ?.finished({
          tool: options.tool,
          plugin: log.plugin,
          client: options.clientId,
          transport: scope?.transport,
          era: scope?.era,
          outcome,
          durationMs,
          graph: requests,
          retries,
          audits,
          at: started,
        })
        .then(
          () => undefined,
          (error: unknown) => String(error),
        );
      const lines = (async () => {
        const hashed = await user;
        await Promise.all(pending);
        if (sunk !== undefined) write({ level: 'error', message: 'call sinks failed', ...who(hashed), error: sunk });
        write({
          level: 'info',
          message: 'tool call',
          ...who(hashed),
          outcome,
          durationMs,
          graph: requests,
          graphRequests: requests.length,
          retries,
        });
      })();
      if (options.defer) options.defer(lines);
      else await lines;
    },
  };
  return log;
}

/**
 * A failure the registry wrote for the model is a tool error; its own "Internal error in … (ref …)"
 * answer (core/plugin/call-tool.ts) marks a bug.
 */
function outcomeOf(result: CallToolResult | undefined): CallOutcome {
  if (result === undefined) return 'internal_error';
  if (result.isError !== true) return 'ok';
  const first = result.content[0];
  return first?.type === 'text' && /^Internal error in \S+ \(ref [^)]+\)/.test(first.text)
    ? 'internal_error'
    : 'tool_error';
}

/** First 16 hex digits of SHA-256 of the user key: one user's lines can be joined, the key is not shown. */
export async function hashUserKey(userKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(userKey)));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
