/**
 * Plugins import the gateway the way a third-party package must: through its published entry points
 * (`m365-mcp-gateway/plugin`, `m365-mcp-gateway/testing`), never by a relative path into core/. A
 * relative import that leaves the plugin's own folder would work here and break once the plugin is
 * published, so it fails `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
/** Each folder directly under these is one plugin. */
const PLUGIN_HOMES = ['plugins', 'test/fixtures'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.[cm]?[jt]sx?$/.test(entry.name) ? [path] : [];
  });
}

/** Import specifiers (static, dynamic, re-exports, `import type`) of a file, as TypeScript reads them. */
function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((file) => file.fileName);
}

/** The imports in `pluginDir` that reach outside it by a relative path, as "file: specifier". */
function escapingImports(pluginDir: string): string[] {
  return sourceFiles(pluginDir).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((specifier) => specifier.startsWith('.'))
      .filter((specifier) => {
        const target = relative(pluginDir, resolve(dirname(file), specifier));
        return target === '..' || target.startsWith(`..${sep}`);
      })
      .map((specifier) => `${relative(repo, file)}: ${specifier}`),
  );
}

describe('plugin imports', () => {
  it('finds every kind of import, so a relative path into core/ cannot hide', () => {
    const source = [
      "import { a } from '../../core/plugin';",
      "import type { B } from '../../core/testing';",
      "export { c } from '../x';",
      "const d = await import('../../../core/plugin');",
      "import './own';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      '../../core/plugin',
      '../../core/testing',
      '../x',
      '../../../core/plugin',
      './own',
    ]);
  });

  const plugins = PLUGIN_HOMES.flatMap((home) =>
    readdirSync(join(repo, home), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(repo, home, entry.name)),
  );

  it('checks the mail plugin and the packaged fixture', () => {
    const names = plugins.map((dir) => relative(repo, dir).split(sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['plugins/mail', 'test/fixtures/mailbox-time-zone']));
  });

  it.each(plugins.map((dir) => [relative(repo, dir), dir]))('%s imports the gateway only by package name', (_, dir) => {
    const escaping = escapingImports(dir);
    expect(
      escaping,
      'Import the gateway from m365-mcp-gateway/plugin or m365-mcp-gateway/testing, not by a relative path',
    ).toEqual([]);
  });
});
