/**
 * Token budgets of tool definitions. Every client sends every enabled tool's `tools/list` entry to
 * the model on every turn, so a plugin's definitions are a standing cost; the build measures them
 * (scripts/build-plugins.ts, o200k_base) and fails a plugin over its budget. Measuring needs a
 * tokenizer, a build-time dependency, so this file only holds the limits and the verdict.
 */
import { PluginError } from './errors';
import type { PluginBudget } from './types';

/** The budget of a plugin that declares none: room for a handful of compact tools. */
export const DEFAULT_BUDGET = Object.freeze({ tokens: 1500, toolTokens: 400 });

/** One tool's measured `tools/list` entry. */
export interface ToolSize {
  tool: string;
  tokens: number;
}

/**
 * `GATEWAY_PLUGIN_OVER_BUDGET` when a tool is over its own limit (`budget.tools[name]`, else
 * `DEFAULT_BUDGET.toolTokens`) or all tools together are over `budget.tokens` (else
 * `DEFAULT_BUDGET.tokens`); `undefined` when the plugin fits.
 *
 * @example
 * overBudget('todo', { tokens: 300 }, [{ tool: 'addTask', tokens: 180 }, { tool: 'listTasks', tokens: 160 }]);
 * // PluginError: Plugin "todo": its tool definitions take 340 tokens, over its budget of 300. Largest: …
 */
export function overBudget(
  plugin: string,
  budget: PluginBudget | undefined,
  sizes: readonly ToolSize[],
): PluginError | undefined {
  const largest = [...sizes].sort((a, b) => b.tokens - a.tokens);
  const listLargest = (n: number) =>
    largest
      .slice(0, n)
      .map((size) => `${size.tool} ${size.tokens}`)
      .join(', ');
  const advice =
    'Shorten descriptions (one line each; say what the tool is for and when to use it, not how it works), ' +
    'drop optional fields the model rarely needs, or raise "budget" in the manifest if every token earns its place.';
  for (const size of largest) {
    const limit = budget?.tools?.[size.tool] ?? DEFAULT_BUDGET.toolTokens;
    if (size.tokens > limit) {
      return new PluginError(
        'GATEWAY_PLUGIN_OVER_BUDGET',
        plugin,
        `Plugin "${plugin}": tool "${size.tool}" takes ${size.tokens} tokens in tools/list, over its budget of ` +
          `${limit}${budget?.tools?.[size.tool] === undefined ? ' (the default per tool; set budget.tools)' : ''}. ${advice}`,
      );
    }
  }
  const total = sizes.reduce((sum, size) => sum + size.tokens, 0);
  const limit = budget?.tokens ?? DEFAULT_BUDGET.tokens;
  if (total > limit) {
    return new PluginError(
      'GATEWAY_PLUGIN_OVER_BUDGET',
      plugin,
      `Plugin "${plugin}": its tool definitions take ${total} tokens in tools/list, over its budget of ${limit}` +
        `${budget?.tokens === undefined ? ' (the default; set budget.tokens)' : ''}. Largest: ${listLargest(3)}. ${advice}`,
    );
  }
  return undefined;
}
