/**
 * `npm run new-plugin -- <name>`: starts a plugin the way a third-party author would, in
 * plugins/<name>/ (see scripts/plugin-template.ts for what it holds), then says what to do next.
 *
 *   tsx scripts/new-plugin.ts <name> [--root <dir>]
 *
 * It does not touch wrangler.toml: enabling a plugin changes what a deployment asks its users to
 * consent to, so that stays the author's decision (the build warns about a plugin enabled nowhere).
 * `--root` points it at another tree; the tests use it with a temporary one.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { PLUGIN_NAME_PATTERN } from '../core/plugin/manifest';
import { pluginFiles, templateNames } from './plugin-template';

/**
 * Why `name` cannot be a new plugin in `root`, or undefined when it can.
 *
 * @example
 * nameProblem('Teams', '.'); // 'The name "Teams" must be 2–32 lowercase letters, …'
 */
export function nameProblem(name: string | undefined, root: string): string | undefined {
  if (!name) return 'Name the plugin: npm run new-plugin -- <name> (e.g. teams-chat).';
  if (!PLUGIN_NAME_PATTERN.test(name)) {
    return `The name "${name}" must be 2–32 lowercase letters, digits or dashes, starting with a letter (e.g. teams-chat).`;
  }
  if (name === 'gateway') return 'The name "gateway" is reserved for the gateway’s own tools; choose another.';
  if (existsSync(join(root, 'plugins', name))) return `plugins/${name} already exists; choose another name.`;
  return undefined;
}

/** Writes plugins/<name>/ under `root`; returns the files written, relative to `root`. */
export function scaffold(name: string, root: string): string[] {
  const dir = join(root, 'plugins', name);
  return Object.entries(pluginFiles(templateNames(name))).map(([file, content]) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content, { flag: 'wx' });
    return `plugins/${name}/${file}`;
  });
}

function main(): number {
  const { values, positionals } = parseArgs({ options: { root: { type: 'string' } }, allowPositionals: true });
  const root = resolve(values.root ?? join(import.meta.dirname, '..'));
  const name = positionals[0];
  const problem = positionals.length > 1 ? 'Give one name: npm run new-plugin -- <name>.' : nameProblem(name, root);
  if (problem || !name) {
    console.error(`✖ ${problem}`);
    return 1;
  }
  const written = scaffold(name, root);
  const { tool } = templateNames(name);
  console.log(`Created plugin "${name}" with one example tool, ${tool} (Microsoft To Do, Tasks.Read):`);
  for (const file of written) console.log(`  ${file}`);
  console.log(`
Next steps:
  1. Run its contract test:   npx vitest run --project unit plugins/${name}
  2. Make it yours: tools in plugins/${name}/tools/, their Graph endpoints in mocks.ts, README.md.
  3. Enable it: add "${name}" to ENABLED_PLUGINS in wrangler.toml [vars] (comma-separated), then npm start.
  4. Check everything:        npm test
  5. Publish it as an npm package: docs/plugins.md#publishing-a-plugin-as-an-npm-package
The guide: docs/plugins.md`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
