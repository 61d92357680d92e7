/**
 * core/encoding/base64.ts is the only base64 implementation in core (gateway and emulated
 * tenant alike): a module that needs base64 imports it instead of calling `btoa`/`atob`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '..');
const OWNER = 'encoding/base64.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

describe('base64 single source', () => {
  it('no module in core/ but core/encoding/base64.ts calls btoa or atob', () => {
    const files = sources(CORE);
    expect(files.map((path) => relative(CORE, path))).toContain(OWNER);
    const callers = files
      .filter((path) => relative(CORE, path) !== OWNER)
      .filter((path) => /\b(btoa|atob)\s*\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(CORE, path));
    expect(callers).toEqual([]);
  });
});
