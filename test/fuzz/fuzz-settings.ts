/**
 * How many cases a fuzz property runs and from which seed, the same on Node and inside workerd.
 * `npm test` runs every property at its base count from one fixed seed, so a run is repeatable and
 * bounded in time; `npm run fuzz` scales the counts (`FUZZ_RUNS`, a multiplier) and draws a fresh
 * seed unless `FUZZ_SEED` replays one. Each property prints its case count and seed.
 */

/** The seed of the default run: any fixed number keeps `npm test` deterministic. */
const DEFAULT_SEED = 20_260_728;

export interface FuzzSettings {
  /** Multiplies every property's base case count (1 in `npm test`). */
  scale: number;
  seed: number;
}

/**
 * Reads the settings from `vars` (`process.env` on Node, the Worker's bindings in workerd).
 *
 * @example
 * const settings = fuzzSettings(process.env); // { scale: 1, seed: 20260728 } in npm test
 */
export function fuzzSettings(vars: Record<string, unknown>): FuzzSettings {
  const scale = Number(vars.FUZZ_RUNS ?? '');
  const seed = Number.parseInt(String(vars.FUZZ_SEED ?? ''), 10);
  return {
    scale: Number.isFinite(scale) && scale > 0 ? scale : 1,
    seed: Number.isSafeInteger(seed) ? seed : DEFAULT_SEED,
  };
}

/**
 * The fast-check parameters of one property with `base` cases at scale 1; logs its count and seed.
 *
 * @example
 * await fc.assert(property, runsOf(settings, 'getEmails beyond its schema', 250));
 */
export function runsOf(settings: FuzzSettings, name: string, base: number): { numRuns: number; seed: number } {
  const numRuns = Math.max(1, Math.round(base * settings.scale));
  console.log(`fuzz: ${name}: ${numRuns} cases (seed ${settings.seed})`);
  return { numRuns, seed: settings.seed };
}

/** A test timeout for `base` milliseconds of work at scale 1. */
export function timeoutOf(settings: FuzzSettings, base: number): number {
  return Math.round(base * settings.scale) + 10_000;
}
