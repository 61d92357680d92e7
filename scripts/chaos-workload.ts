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
import { type CallOutcome, type ChaosSummary, callReport, itemReports, summarize } from './chaos-summary';

export { type ChaosSummary, chaosSummaryLine } from './chaos-summary';

export interface ChaosOptions {
  /**
   * PRNG seed. The same seed gives the same faults and the same summary. The default, 41, is one
   * where every writing tool meets a may-have-happened write that Graph had carried out.
   */
  seed?: number;
  /** Share of Graph requests that fail (default 0.3). */
  faultRate?: number;
  /** Rounds of the script; each user makes 15 writing calls (17 items) and 9 reads a round (default 3). */
  rounds?: number;
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
  const seed = options.seed ?? 41;
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
    const steps = chaosScript(emulator, { rounds: options.rounds ?? 3, seed });
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

    const outcomes: CallOutcome[] = [];
    for (const step of steps) {
      call = new AbortController();
      const context = sessions.get(step.user)!.context(call.signal);
      const write = step.applied !== undefined;
      try {
        const result = await registry.callTool(step.tool, step.args, context);
        const text = result.content.map((part) => ('text' in part ? part.text : '')).join('\n');
        const reported = callReport(result.isError === true, text, write);
        const handles = step.messages?.map((id) => context.handles.show('message', id));
        outcomes.push({ step, text, reported: handles ? itemReports(text, reported, handles) : [reported] });
      } catch (error) {
        outcomes.push({ step, text: String(error), reported: ['threw'] });
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
