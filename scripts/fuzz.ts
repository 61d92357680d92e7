/**
 * `npm run fuzz`: the fuzz suites (test/tool-arguments-fuzz.test.ts, test/security/transport-fuzz.test.ts)
 * at `FUZZ_RUNS` times their `npm test` case counts (default 20), from a fresh seed unless
 * `FUZZ_SEED` replays one. Every property prints its case count and the seed; a failure also
 * prints fast-check's counterexample. Extra arguments go to vitest (e.g. `-t getEmails`).
 *
 * The transport suite is bound by the MCP rate limits (120 requests a minute per client): in a long
 * run it waits for each next minute, so scale it with care (FUZZ_RUNS=5 ≈ 5 minutes).
 */
import { spawnSync } from 'node:child_process';

const runs = process.env.FUZZ_RUNS ?? '20';
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: FUZZ_RUNS=${runs}, seed ${seed} (replay: FUZZ_SEED=${seed} npm run fuzz)`);
const files = ['test/tool-arguments-fuzz.test.ts', 'test/security/transport-fuzz.test.ts'];
const result = spawnSync('vitest', ['run', ...files, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
process.exit(result.status ?? 1);
