/**
 * The chaos run: the scripted workload of all five plugins (scripts/chaos-script.ts) through the
 * real registry, Graph client and retry policy against the emulated tenant, while the emulator
 * fails a seeded-random share of Graph requests (429 with and without Retry-After, 503, dropped
 * and hanging connections, before and after the write was carried out). Then it counts what the
 * emulator carried out (its journal) against what each tool reported.
 *
 * Deterministic for a seed: the calls run one after another, the faults come from a seeded PRNG,
 * the retry policy's waits are recorded instead of slept, and a hanging request ends by aborting
 * the call (as the gateway's time budget would), not by a wall-clock timer.
 *
 * Used by test/chaos.test.ts (the assertions) and `npm run bench` (the summary row).
 */
import { setupServer } from 'msw/node';
import { pluginMocks } from '../core/generated/mocks';
import { plugins } from '../core/generated/plugins';
import {
  createEmulator,
  createTestRegistry,
  createToolTestSession,
  type GraphFault,
  type PickedRequest,
  type ToolTestSession,
} from '../core/testing';
import { chaosScript } from './chaos-script';

export interface ChaosOptions {
  /** PRNG seed (default 20261206). The same seed gives the same faults and the same summary. */
  seed?: number;
  /** Share of Graph requests that fail (default 0.3). */
  faultRate?: number;
  /** Rounds of the script; each user makes 12 writes and 9 reads per round (default 2). */
  rounds?: number;
}

/** What became of a call, as the tool's answer says. */
export type Reported = 'ok' | 'confirmed' | 'unknown' | 'failed' | 'internal' | 'threw';

export interface ChaosSummary {
  seed: number;
  faultRate: number;
  calls: number;
  graphRequests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  writes: {
    total: number;
    /** Carried out by the emulated Graph (duplicates counted once). */
    applied: number;
    /** Reported as done. */
    confirmed: number;
    /** Reported as "may have happened" (not repeated; check first). */
    reportedUnknown: number;
    /** …of which Graph had carried out. */
    unknownApplied: number;
    /** Reported as not done (refused, throttled, never sent). */
    reportedFailed: number;
    /** Carried out more than once. */
    duplicated: number;
    /** Reported as done but never carried out. */
    lost: number;
    /** Reported as not done but carried out. */
    failedButApplied: number;
  };
  /** Reads answered with data, and with a clear error. */
  reads: { ok: number; err: number };
  /** Calls (reads or writes) answered with an internal error, an empty message or an exception. */
  unclear: number;
  /** Every broken promise, one line each (empty when the run holds). */
  violations: string[];
}

const FIVE = ['mail', 'calendar', 'contacts', 'teams', 'meetings'];

interface FaultKind {
  name: string;
  fault: GraphFault;
  /** No answer at all: only for a top-level request (not a part of a `$batch`). */
  network?: boolean;
}

const KINDS: readonly FaultKind[] = [
  { name: '429 Retry-After', fault: { status: 429, retryAfterSeconds: 1 } },
  { name: '429', fault: { status: 429 } },
  { name: '503', fault: { status: 503 } },
  { name: '503 after applying', fault: { status: 503, afterApplying: true } },
  { name: 'drop', fault: { network: 'drop' }, network: true },
  { name: 'drop after applying', fault: { network: 'drop', afterApplying: true }, network: true },
  { name: 'timeout', fault: { network: 'hang' }, network: true },
  { name: 'timeout after applying', fault: { network: 'hang', afterApplying: true }, network: true },
  { name: 'timeout while answering', fault: { network: 'stall' }, network: true },
];

/**
 * Runs the workload against a fresh emulated tenant (its own MSW server for the run) and returns
 * the summary. Throws only when the workload cannot be set up.
 *
 * @example
 * const summary = await runChaosWorkload({ seed: 7 });
 * console.log(chaosSummaryLine(summary));
 */
export async function runChaosWorkload(options: ChaosOptions = {}): Promise<ChaosSummary> {
  const seed = options.seed ?? 20261206;
  const faultRate = options.faultRate ?? 0.3;
  const enabled = plugins.filter((plugin) => FIVE.includes(plugin.name));
  if (enabled.length !== FIVE.length) throw new Error(`chaos workload: needs the plugins ${FIVE.join(', ')}`);
  const emulator = createEmulator({
    authorityOrigin: 'https://login.chaos.test',
    graphBaseUrl: 'https://graph.chaos.test/v1.0',
    pluginMocks: pluginMocks.filter((mock) => FIVE.includes(mock.name)),
  });
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const registry = createTestRegistry(enabled);
    const steps = chaosScript(emulator, { rounds: options.rounds ?? 2, seed });
    const sessions = new Map<string, ToolTestSession>();
    for (const user of new Set(steps.map((step) => step.user)))
      sessions.set(user, await createToolTestSession({ emulator, user, registry }));

    const random = mulberry32(seed);
    const faultsByKind: Record<string, number> = {};
    let call = new AbortController();
    emulator.stats.reset();
    emulator.pickFaults((request: PickedRequest) => {
      if (random() >= faultRate) return undefined;
      const kinds = request.inBatch ? KINDS.filter((kind) => !kind.network) : KINDS;
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      faultsByKind[kind.name] = (faultsByKind[kind.name] ?? 0) + 1;
      if (kind.fault.network === 'hang' || kind.fault.network === 'stall') {
        // The call's time budget runs out while Graph keeps the request: end it as the gateway would.
        const timedOut = call;
        setTimeout(() => timedOut.abort(new DOMException('The call ran out of time.', 'TimeoutError')), 0);
      }
      return kind.fault;
    });

    const outcomes: Array<{ step: (typeof steps)[number]; reported: Reported; text: string }> = [];
    for (const step of steps) {
      call = new AbortController();
      const write = step.applied !== undefined;
      try {
        const result = await registry.callTool(step.tool, step.args, sessions.get(step.user)!.context(call.signal));
        const text = result.content.map((part) => ('text' in part ? part.text : '')).join('\n');
        outcomes.push({ step, reported: classify(result.isError === true, text, write), text });
      } catch (error) {
        outcomes.push({ step, reported: 'threw', text: String(error) });
      }
    }
    emulator.clearFaults();
    // A request carried out after its call gave up (hang after applying) finishes on a later tick.
    for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setTimeout(resolve, 0));
    const graphRequests = emulator.stats.graphRequests.length;
    return summarize({ seed, faultRate, graphRequests, faultsByKind }, outcomes, emulator.journal);
  } finally {
    server.close();
  }
}

/**
 * What a tool's answer says happened. A write that "may have happened" is unknown; any other
 * error, not done. An internal error (a bug) and an empty message are never a clear answer.
 */
function classify(isError: boolean, text: string, write: boolean): Reported {
  if (/^Internal error in /.test(text) || text.trim() === '') return 'internal';
  if (!isError) return write ? 'confirmed' : 'ok';
  return write && /may have happened|outcome unknown/i.test(text) ? 'unknown' : 'failed';
}

function summarize(
  run: Pick<ChaosSummary, 'seed' | 'faultRate' | 'graphRequests' | 'faultsByKind'>,
  outcomes: ReadonlyArray<{ step: ReturnType<typeof chaosScript>[number]; reported: Reported; text: string }>,
  journal: Parameters<NonNullable<ReturnType<typeof chaosScript>[number]['applied']>>[0],
): ChaosSummary {
  const writes = { total: 0, applied: 0, confirmed: 0, reportedUnknown: 0, unknownApplied: 0, reportedFailed: 0 };
  const broken = { duplicated: 0, lost: 0, failedButApplied: 0 };
  const reads = { ok: 0, err: 0 };
  let unclear = 0;
  const violations: string[] = [];
  outcomes.forEach(({ step, reported, text }, index) => {
    const what = `#${index + 1} ${step.tool} as ${step.user}`;
    const said = `${reported}: ${text.slice(0, 200)}`;
    if (reported === 'internal' || reported === 'threw') {
      unclear++;
      violations.push(`${what} gave no clear answer (${said})`);
    }
    if (!step.applied) {
      if (reported === 'ok') reads.ok++;
      else if (reported === 'failed') reads.err++;
      return;
    }
    const applied = step.applied(journal);
    writes.total++;
    if (applied > 0) writes.applied++;
    if (reported === 'confirmed') writes.confirmed++;
    if (reported === 'unknown') writes.reportedUnknown++;
    if (reported === 'unknown' && applied > 0) writes.unknownApplied++;
    if (reported === 'failed') writes.reportedFailed++;
    if (applied > 1) {
      broken.duplicated++;
      violations.push(`${what} was carried out ${applied} times (${said})`);
    }
    if (reported === 'confirmed' && applied === 0) {
      broken.lost++;
      violations.push(`${what} was reported done but never carried out (${said})`);
    }
    if (reported === 'failed' && applied > 0) {
      broken.failedButApplied++;
      violations.push(`${what} was reported not done but was carried out (${said})`);
    }
  });
  const faultsInjected = Object.values(run.faultsByKind).reduce((sum, n) => sum + n, 0);
  return {
    ...run,
    calls: outcomes.length,
    faultsInjected,
    writes: { ...writes, ...broken },
    reads,
    unclear,
    violations,
  };
}

/**
 * One line for a log or the bench table.
 *
 * @example
 * chaosSummaryLine(summary);
 * // chaos (seed 20261206, 30% faults: 56 of 211 Graph requests): 72 writes, 60 applied, 50 confirmed, …
 */
export function chaosSummaryLine(summary: ChaosSummary): string {
  const { writes: w, reads: r } = summary;
  return (
    `chaos (seed ${summary.seed}, ${Math.round(summary.faultRate * 100)}% faults: ${summary.faultsInjected} of ` +
    `${summary.graphRequests} Graph requests): ${w.total} writes, ${w.applied} applied, ${w.confirmed} confirmed, ` +
    `${w.reportedUnknown} reported may-have-happened (${w.unknownApplied} of them applied), ${w.reportedFailed} ` +
    `reported not done, ${w.duplicated} duplicated, ${w.lost} lost, ${w.failedButApplied} applied though reported ` +
    `not done; reads ${r.ok} ok, ${r.err} clear errors; ${summary.unclear} unclear answers`
  );
}

/** A small seeded PRNG (mulberry32): the same seed gives the same faults on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
