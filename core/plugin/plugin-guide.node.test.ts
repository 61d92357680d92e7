/**
 * docs/plugins.md quotes core/plugin/plugin.examples.ts (which tsc checks); this keeps the quotes
 * true: every `//#region` of the examples file must appear verbatim in the guide.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const examples = readFileSync(resolve(import.meta.dirname, 'plugin.examples.ts'), 'utf8');
const guide = readFileSync(resolve(import.meta.dirname, '../../docs/plugins.md'), 'utf8');
const regions = [...examples.matchAll(/\/\/#region (\w+)\n([\s\S]*?)\/\/#endregion \1/g)];

describe('docs/plugins.md', () => {
  it('has the example regions to quote', () => {
    expect(regions.map((match) => match[1])).toEqual(['listTool', 'detailTool', 'middleware', 'plugin']);
  });

  it.each(regions.map((match) => [match[1], match[2] ?? '']))('quotes region %s verbatim', (_name, code) => {
    expect(guide).toContain(code.trim());
  });
});
