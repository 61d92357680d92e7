/**
 * The whole tools/list a client receives from a default deployment (`npm start`: the plugins
 * wrangler.toml's [vars] ENABLED_PLUGINS enables, plus the built-in authenticate tool) stays within
 * 6,000 o200k tokens, and each plugin within its manifest budget. Generic: a plugin enabled there is
 * measured here without editing this file. Prints the per-plugin totals.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { expect, it } from 'vitest';
import { authenticateTool } from './authenticate-tool';
import { plugins } from '../generated/plugins';
import { createRegistry, type Registry } from '../plugin';
import { enabledLists } from '../../scripts/enabled-plugins';

/** Every tool definition of a deployment together, as tools/list serves it. */
const ALL_TOOLS_BUDGET = 6000;

// The unit project runs this on Node, but core/ type-checks against the Workers types (no node:fs).
const fs = (await import('node:fs' as string)) as { readFileSync(path: string, encoding: 'utf8'): string };
const enabled = enabledLists(fs.readFileSync('wrangler.toml', 'utf8')).find((list) => list.where === '[vars]')!.names;

function deploymentRegistry(): Registry {
  let registry: Registry | undefined;
  registry = createRegistry(plugins, {
    enabled,
    builtinTools: [
      authenticateTool({
        neededScopes: () => registry?.scopes() ?? [],
        // Never called: listing tools reads definitions only.
        vaultStatus: () => Promise.reject(new Error('not signed in')),
        consentUrl: 'https://gateway.test/apps/signin?consent=1',
        workOnlyTools: () => [],
      }),
    ],
  });
  return registry;
}

it(`keeps the default deployment's whole tools/list within ${ALL_TOOLS_BUDGET} tokens, each plugin within its budget`, () => {
  expect(enabled.length).toBeGreaterThan(0);
  expect(enabled.filter((name) => !plugins.some((plugin) => plugin.name === name))).toEqual([]);
  const registry = deploymentRegistry();
  // What a work account's client receives (a personal account's is a subset).
  const tools = registry.listTools();
  const total = countTokens(JSON.stringify({ tools }));
  const rows: Array<[string, number, number | undefined]> = [];
  for (const plugin of plugins.filter((p) => enabled.includes(p.name))) {
    const own = tools.filter((tool) => plugin.tools.some((t) => t.name === tool.name));
    const tokens = own.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
    rows.push([`${plugin.name} (${own.length} tools)`, tokens, plugin.budget?.tokens]);
    if (plugin.budget?.tokens !== undefined) expect(tokens, plugin.name).toBeLessThanOrEqual(plugin.budget.tokens);
  }
  const builtin = tools.filter((tool) => !plugins.some((p) => p.tools.some((t) => t.name === tool.name)));
  rows.push([`built-in (${builtin.map((t) => t.name).join(', ')})`, countTokens(JSON.stringify(builtin)), undefined]);
  console.log(
    [
      `tools/list of ENABLED_PLUGINS="${enabled.join(',')}", o200k tokens:`,
      ...rows.map(
        ([what, tokens, budget]) => `  ${what}: ${tokens}${budget === undefined ? '' : ` (budget ${budget})`}`,
      ),
      `  all ${tools.length} tools as served: ${total} (budget ${ALL_TOOLS_BUDGET})`,
    ].join('\n'),
  );
  expect(total).toBeLessThanOrEqual(ALL_TOOLS_BUDGET);
});
