/**
 * Where a tools/call's time goes, from the gateway's own log lines (docs/operations.md): each
 * call's `tool call` line joined by `requestId` to the `request` line of the HTTP request that
 * carried it. Per call, then the median of each part:
 *
 * - outside the Worker: the client's round trip minus the request line's duration (the local
 *   runtime's proxy, the client's HTTP stack);
 * - around the call: request minus call (bearer check, era detection, the session object hop for
 *   2025 sessions, framing the answer);
 * - the tool's own code: call minus its Graph requests (validation, policy, handles, formatting);
 * - Microsoft token and mailbox slot: the Graph requests' `ms` minus their `wireMs`;
 * - Graph on the wire: `wireMs`.
 */

interface CallLine {
  requestId: string;
  era: string;
  tool: string;
  durationMs: number;
  graph: Array<{ ms?: number; wireMs?: number }>;
}

interface RequestLine {
  requestId: string;
  durationMs: number;
}

export interface Breakdown {
  calls: number;
  inWorker: number;
  aroundCall: number;
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

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : Number.NaN;
};

/**
 * @example
 * const parts = breakdown(gateway.output().slice(before), '2026-07-28', 'getEmails');
 */
export function breakdown(logText: string, era: string, tool: string): Breakdown {
  const lines = jsonLines(logText);
  const requests = new Map<string, RequestLine>();
  for (const line of lines)
    if (line.message === 'request' && typeof line.requestId === 'string')
      requests.set(line.requestId, line as unknown as RequestLine);
  const parts: Array<Omit<Breakdown, 'calls'>> = [];
  for (const line of lines) {
    if (line.message !== 'tool call' || line.era !== era || line.tool !== tool) continue;
    const call = line as unknown as CallLine;
    const request = requests.get(call.requestId);
    if (!request) continue;
    const graphMs = call.graph.reduce((sum, entry) => sum + (entry.ms ?? 0), 0);
    const wireMs = call.graph.reduce((sum, entry) => sum + (entry.wireMs ?? 0), 0);
    parts.push({
      inWorker: request.durationMs,
      aroundCall: request.durationMs - call.durationMs,
      toolCode: call.durationMs - graphMs,
      tokenAndSlot: graphMs - wireMs,
      graphWire: wireMs,
    });
  }
  const of = (key: keyof Omit<Breakdown, 'calls'>) => median(parts.map((part) => part[key]));
  return {
    calls: parts.length,
    inWorker: of('inWorker'),
    aroundCall: of('aroundCall'),
    toolCode: of('toolCode'),
    tokenAndSlot: of('tokenAndSlot'),
    graphWire: of('graphWire'),
  };
}
