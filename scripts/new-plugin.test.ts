/**
 * `npm run new-plugin` end to end: scaffolds two plugins into a temporary tree inside the repository
 * (.tmp/, git-ignored) and holds what it wrote to what `npm test` holds the repository's own plugins
 * to: biome, both tsconfigs, the build checks (`--root`) and the generated contract tests.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameProblem } from './new-plugin';
import { templateNames } from './plugin-template';

const repo = resolve(import.meta.dirname, '..');
const bin = (tool: string) => join(repo, 'node_modules', '.bin', tool);
// A short name and the longest dashed one, side by side: their tools and tenant areas must not clash.
const NAMES = ['zzdemo', 'zz-scaffold-check-with-long-nam'];
let root: string;

interface TsConfig {
  compilerOptions: { types?: string[] };
}

function run(tool: string, args: string[], cwd = root): SpawnSyncReturns<string> {
  // Tests on a loaded machine: no wall-clock assertions, only a generous ceiling per step.
  return spawnSync(bin(tool), args, { cwd, encoding: 'utf8', timeout: 90_000 });
}
const output = (result: SpawnSyncReturns<string>) => `${result.stdout}\n${result.stderr}`;

describe('the plugin name', () => {
  it('refuses what the contract refuses, the reserved name and an existing plugin', () => {
    expect(nameProblem(undefined, repo)).toMatch(/npm run new-plugin -- <name>/);
    expect(nameProblem('Teams', repo)).toMatch(/"Teams" must be 2–32 lowercase letters/);
    expect(nameProblem('x', repo)).toMatch(/must be 2–32/);
    expect(nameProblem('a'.repeat(33), repo)).toMatch(/must be 2–32/);
    expect(nameProblem('gateway', repo)).toMatch(/reserved/);
    expect(nameProblem('mail', repo)).toMatch(/plugins\/mail already exists/);
    expect(nameProblem('teams-chat', repo)).toBeUndefined();
  });

  it('derives tool and area names that differ per plugin', () => {
    expect(templateNames('zz-demo')).toEqual({
      name: 'zz-demo',
      pascal: 'ZzDemo',
      tool: 'listZzDemoTasks',
      area: 'zz-demo-tasks',
    });
  });
});

describe('npm run new-plugin', () => {
  beforeAll(() => {
    mkdirSync(join(repo, '.tmp'), { recursive: true });
    root = mkdtempSync(join(repo, '.tmp', 'new-plugin-'));
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module', m365Gateway: { plugins: [] } }));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes plugins that pass biome, both tsconfigs, the build checks and their own contract tests', () => {
    for (const name of NAMES) {
      const created = run('tsx', [join(repo, 'scripts/new-plugin.ts'), name, '--root', root]);
      expect(created.status, output(created)).toBe(0);
      expect(created.stdout).toContain(`plugins/${name}/mocks.ts`);
      expect(created.stdout).toContain('docs/plugins.md#publishing-a-plugin-as-an-npm-package');
    }
    const again = run('tsx', [join(repo, 'scripts/new-plugin.ts'), NAMES[0]!, '--root', root]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`plugins/${NAMES[0]} already exists`);

    // .tmp is git-ignored, which biome honours by default: check these files anyway, with the repo's rules.
    const lint = run('biome', ['check', '--error-on-warnings', '--vcs-use-ignore-file=false', root], repo);
    expect(lint.status, output(lint)).toBe(0);

    const build = run('tsx', [join(repo, 'scripts/build-plugins.ts'), '--root', root]);
    expect(build.status, output(build)).toBe(0);
    for (const name of NAMES) expect(build.stdout).toContain(`${name} (1 tool)`);
    expect(build.stderr, 'no warning either (undescribed fields…)').not.toContain('⚠');

    // The repository's own compiler settings, over the generated folder only.
    for (const config of ['tsconfig.json', 'tsconfig.node.json']) {
      const { compilerOptions } = JSON.parse(readFileSync(join(repo, config), 'utf8')) as TsConfig;
      // `types` paths are read from the extending file: keep them pointing into the repository.
      const types = compilerOptions.types?.map((type) => (type.startsWith('.') ? join(repo, type) : type));
      // The worker config gets core's ambient module declarations (node:crypto) from its own include.
      const ambient = config === 'tsconfig.json' ? [join(repo, 'core/**/*.d.ts')] : [];
      const own = {
        extends: join(repo, config),
        compilerOptions: { types },
        include: ['plugins/**/*.ts', ...ambient],
        exclude: [],
      };
      writeFileSync(join(root, config), JSON.stringify(own));
      const checked = run('tsc', ['-p', join(root, config), '--noEmit']);
      expect(checked.status, `${config}: ${output(checked)}`).toBe(0);
    }

    writeFileSync(join(root, 'vitest.config.mjs'), "export default { test: { include: ['plugins/**/*.test.ts'] } };\n");
    const config = join(root, 'vitest.config.mjs');
    const report = join(root, 'vitest-report.json');
    const tests = run('vitest', ['run', '--root', root, '--config', config, '--reporter=json', '--outputFile', report]);
    expect(tests.status, output(tests)).toBe(0);
    const counts = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numTotalTests: number };
    expect(counts).toMatchObject({ numPassedTests: 10, numTotalTests: 10 });
    expect(existsSync(join(root, 'plugins', NAMES[1]!, 'README.md'))).toBe(true);
  }, 240_000);
});
