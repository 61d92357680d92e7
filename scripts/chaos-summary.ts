/**
 * How the chaos run (scripts/chaos-workload.ts) reads the tools' answers and holds them against
 * the emulator's journal: per written item, what the tool reported and how often Graph carried it
 * out. The rules: confirmed → carried out exactly once; may have happened → at most once; not
 * done → never; and every call is answered clearly (no internal error, no exception).
 */
import type { JournalEntry } from '../core/testing';
import type { ChaosStep } from './chaos-script';

/** What became of a call, as the tool's answer says. */
export type Reported = 'ok' | 'confirmed' | 'unknown' | 'failed' | 'internal' | 'threw';

export interface ChaosSummary {
  seed: number;
  faultRate: number;
  calls: number;
  graphRequests: number;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** Per written item: a manageEmails call of three messages counts three. */
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
  /** Per writing tool, what it reported for its items (and how many unknown ones Graph had carried out). */
  writesByTool: Record<string, { confirmed: number; unknown: number; unknownApplied: number; failed: number }>;
  /** Reads answered with data, and with a clear error. */
  reads: { ok: number; err: number };
  /** Calls (reads or writes) answered with an internal error, an empty message or an exception. */
  unclear: number;
  /** Every broken promise, one line each (empty when the run holds). */
  violations: string[];
}

/** One call of the workload: its answer, and what it reported for each item it wrote. */
export interface CallOutcome {
  step: ChaosStep;
  text: string;
  /** One entry per written item (one for a read). */
  reported: Reported[];
}

/**
 * What a tool's answer says happened. A write that "may have happened" (manageEmails: "outcome
 * unknown") is unknown; any other error, not done. An internal error (a bug) and an empty
 * message are never a clear answer.
 *
 * @example
 * callReport(true, 'sendEmail may have happened: …', true); // 'unknown'
 */
export function callReport(isError: boolean, text: string, write: boolean): Reported {
  if (/^Internal error in /.test(text) || text.trim() === '') return 'internal';
  if (!isError) return write ? 'confirmed' : 'ok';
  return write && /may have happened|outcome unknown/i.test(text) ? 'unknown' : 'failed';
}

/**
 * Per message, what manageEmails reported: listed under "Outcome unknown" or "Failed (not done)",
 * else done. An answer without its count line (the call failed before the `$batch`) holds for
 * every message alike.
 *
 * @example
 * itemReports('Moved to Archive: 1 of 2 succeeded, 1 failed.\nDone: m1\nFailed (not done):\n- m2: …', 'confirmed', ['m1', 'm2']);
 * // ['confirmed', 'failed']
 */
export function itemReports(text: string, call: Reported, handles: readonly string[]): Reported[] {
  if (!/: \d+ of \d+ succeeded/.test(text) || call === 'internal') return handles.map(() => call);
  const listed = (title: RegExp) => {
    const lines = text.split('\n');
    const from = lines.findIndex((line) => title.test(line));
    if (from < 0) return new Set<string>();
    const items = [];
    for (const line of lines.slice(from + 1)) {
      if (!line.startsWith('- ')) break;
      items.push(/^- (\S+?):/.exec(line)?.[1] ?? '');
    }
    return new Set(items);
  };
  const unknown = listed(/^Outcome unknown/);
  const failed = listed(/^Failed \(not done\):/);
  return handles.map((handle) => (unknown.has(handle) ? 'unknown' : failed.has(handle) ? 'failed' : 'confirmed'));
}

/**
 * Counts the run and lists every broken rule.
 *
 * @example
 * const summary = summarize({ seed, faultRate, graphRequests, faultsByKind }, outcomes, emulator.journal);
 */
export function summarize(
  run: Pick<ChaosSummary, 'seed' | 'faultRate' | 'graphRequests' | 'faultsByKind'>,
  outcomes: readonly CallOutcome[],
  journal: readonly JournalEntry[],
): ChaosSummary {
  const writes = { total: 0, applied: 0, confirmed: 0, reportedUnknown: 0, unknownApplied: 0, reportedFailed: 0 };
  const broken = { duplicated: 0, lost: 0, failedButApplied: 0 };
  const reads = { ok: 0, err: 0 };
  const writesByTool: ChaosSummary['writesByTool'] = {};
  let unclear = 0;
  const violations: string[] = [];
  outcomes.forEach(({ step, reported, text }, index) => {
    const call = `#${index + 1} ${step.tool} as ${step.user}`;
    const said = `"${text.slice(0, 300)}"`;
    if (reported.some((r) => r === 'internal' || r === 'threw')) {
      unclear++;
      violations.push(`${call} gave no clear answer: ${said}`);
    }
    if (!step.applied) {
      if (reported[0] === 'ok') reads.ok++;
      else if (reported[0] === 'failed') reads.err++;
      return;
    }
    step.applied(journal).forEach((applied, item) => {
      const what = reported.length > 1 ? `${call}, item ${item + 1}` : call;
      const report = reported[item] ?? reported[0];
      writes.total++;
      if (applied > 0) writes.applied++;
      if (report === 'confirmed') writes.confirmed++;
      if (report === 'unknown') writes.reportedUnknown++;
      if (report === 'unknown' && applied > 0) writes.unknownApplied++;
      if (report === 'failed') writes.reportedFailed++;
      const tool = writesByTool[step.tool] ?? { confirmed: 0, unknown: 0, unknownApplied: 0, failed: 0 };
      writesByTool[step.tool] = tool;
      if (report === 'confirmed' || report === 'unknown' || report === 'failed') tool[report]++;
      if (report === 'unknown' && applied > 0) tool.unknownApplied++;
      if (applied > 1) {
        broken.duplicated++;
        violations.push(`${what} was carried out ${applied} times: ${said}`);
      }
      if (report === 'confirmed' && applied === 0) {
        broken.lost++;
        violations.push(`${what} was reported done but never carried out: ${said}`);
      }
      if (report === 'failed' && applied > 0) {
        broken.failedButApplied++;
        violations.push(`${what} was reported not done but was carried out: ${said}`);
      }
    });
  });
  const faultsInjected = Object.values(run.faultsByKind).reduce((sum, n) => sum + n, 0);
  return {
    ...run,
    calls: outcomes.length,
    faultsInjected,
    writes: { ...writes, ...broken },
    writesByTool,
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
 * // chaos (seed 41, 30% faults: 122 of 394 Graph requests): 153 writes, 126 applied, 98 confirmed, …
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
