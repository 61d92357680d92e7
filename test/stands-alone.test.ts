/**
 * The repository stands alone: no tracked file points at design notes kept outside it. What the
 * code relies on is in docs/ (architecture.md, tools.md, plugins.md, transports.md).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url).slice(root.length);
/** Names of documents that live outside the repository, and any path into a sibling `shared` folder. */
const OUTSIDE = String.raw`DESIGN\.md|TOOLS\.md|TOOLCHAIN|CONVENTIONS|\.\./shared`;

it('no tracked file refers to documents outside the repository', () => {
  let found = '';
  try {
    found = execFileSync('git', ['grep', '-nE', OUTSIDE, '--', '.', `:(exclude)${self}`], {
      cwd: root,
      encoding: 'utf8',
    });
  } catch (error) {
    // git grep exits 1 when nothing matches; anything else (no git, not a work tree) is a real failure.
    if ((error as { status?: number }).status !== 1) throw error;
  }
  expect(found, 'point these at docs/ instead').toBe('');
});
