/**
 * Where a tools/call's time goes, from the gateway's own `tool call` log lines (docs/operations.md).
 * Per call, then the median of each part:
 *
 * - the call: the line's `durationMs`, from the registry taking the call to its result;
 * - the tool's own code: the call minus its Graph requests (validation, policy, handles, formatting);
 * - Microsoft token and mailbox slot: the Graph requests' `ms` minus their `wireMs`;
 * - Graph on the wire: `wireMs`.
 *
 * The caller adds "outside the call": the client's round trip minus the call (the runtime and its
 * proxy, the bearer check, era detection, the session object hop of 2025 sessions, framing). The
 * `request` line does not measure that: for a streamed answer it ends when the stream starts.
 */
import { p50 } from './percentiles';

interface CallLine {
  era: string;
  tool: string;
  durationMs: number;
  graph: Array<{ ms?: number; wireMs?: number }>;
}

export interface Breakdown {
  calls: number;
  /** The client's round trip minus the call (set by the caller, which timed the round trips). */
  outsideCall?: number;
  call: number;
  toolCode: number;
  tokenAndSlot: number;
  graphWire: number;
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{"level"');
    if (start < 0) continue;
    try {
      lines.push(JSON.parse(line.slice(start)) as Record<string, unknown>);
    } catch {
      // wrangler's own output between the Worker's lines
    }
  }
  return lines;
}

/**
 * @example
 * const parts = breakdown(gateway.output().slice(before), '2026-07-28', 'getEmails');
 */
export function breakdown(logText: string, era: string, tool: string): Breakdown {
  const parts: Array<Omit<Breakdown, 'calls' | 'outsideCall'>> = [];
  for (const line of jsonLines(logText)) {
    if (line.message !== 'tool call' || line.era !== era || line.tool !== tool) continue;
    const call = line as unknown as CallLine;
    const graphMs = call.graph.reduce((sum, entry) => sum + (entry.ms ?? 0), 0);
    const wireMs = call.graph.reduce((sum, entry) => sum + (entry.wireMs ?? 0), 0);
    parts.push({
      call: call.durationMs,
      toolCode: call.durationMs - graphMs,
      tokenAndSlot: graphMs - wireMs,
      graphWire: wireMs,
    });
  }
  const of = (key: keyof (typeof parts)[number]) => p50(parts.map((part) => part[key]));
  return {
    calls: parts.length,
    call: of('call'),
    toolCode: of('toolCode'),
    tokenAndSlot: of('tokenAndSlot'),
    graphWire: of('graphWire'),
  };
}
