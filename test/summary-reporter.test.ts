/**
 * The closing line counts a test file that failed without a failed test (an import that throws,
 * a beforeAll that throws) as failed: CI reads that line, so a broken file must not read as green.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('./fixtures/summary-reporter/', import.meta.url));
const vitestCli = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

/** This run's environment without vitest's own variables, which would make the child think it is a worker. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));

it('counts a file whose import or beforeAll throws as one failed, besides failed tests', () => {
  // A separate vitest process: the fixtures fail on purpose and must not touch this run's state.
  const run = spawnSync(process.execPath, [vitestCli, 'run', '--root', fixtures], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  const lines = run.stdout.split('\n').filter((line) => line.startsWith('tests: '));
  // passes: 1 passed + 1 skipped; test-fails: 1 failed; import-throws: 1 failed (no test collected);
  // before-all-fails: 1 failed (its 2 tests are skipped, not failed).
  expect(lines).toEqual(['tests: 1 passed, 3 failed, 3 skipped']);
}, 60_000);
