/**
 * core/encoding holds the only base64 and HTML-escaping implementations in core (gateway and
 * emulated tenant alike): a module that needs them imports them instead of writing its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

describe('encoding helpers have a single source', () => {
  const files = sources(CORE);
  const matching = (pattern: RegExp) =>
    files.filter((path) => pattern.test(readFileSync(path, 'utf8'))).map((path) => relative(CORE, path));

  it('only core/encoding/base64.ts calls btoa or atob', () => {
    expect(matching(/\b(btoa|atob)\s*\(/)).toEqual(['encoding/base64.ts']);
  });

  it('only core/encoding/html.ts defines escapeHtml', () => {
    expect(matching(/function\s+escapeHtml\b/)).toEqual(['encoding/html.ts']);
  });
});
