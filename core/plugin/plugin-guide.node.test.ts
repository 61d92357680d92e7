/**
 * docs/plugins.md quotes core/plugin/plugin.examples.ts and core/testing/testing.examples.ts (which
 * tsc checks); this keeps the quotes true: every `//#region` of them must appear verbatim in the guide.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const examples = ['plugin.examples.ts', '../testing/testing.examples.ts']
  .map((file) => readFileSync(resolve(import.meta.dirname, file), 'utf8'))
  .join('\n');
const guide = readFileSync(resolve(import.meta.dirname, '../../docs/plugins.md'), 'utf8');
const regions = [...examples.matchAll(/\/\/#region (\w+)\n([\s\S]*?)\/\/#endregion \1/g)];

describe('docs/plugins.md', () => {
  it('has the example regions to quote', () => {
    expect(regions.map((match) => match[1])).toEqual([
      'listTool',
      'detailTool',
      'middleware',
      'plugin',
      'tenantArea',
      'toolTest',
    ]);
  });

  it.each(regions.map((match) => [match[1], match[2] ?? '']))('quotes region %s verbatim', (_name, code) => {
    expect(guide).toContain(code.trim());
  });
});
