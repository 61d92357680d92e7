import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET, overBudget } from './budget';

const sizes = [
  { tool: 'addTask', tokens: 180 },
  { tool: 'listTasks', tokens: 260 },
  { tool: 'getTask', tokens: 90 },
  { tool: 'deleteTask', tokens: 70 },
];

describe('overBudget', () => {
  it('passes a plugin within its budget', () => {
    expect(overBudget('todo', { tokens: 600 }, sizes)).toBeUndefined();
  });

  it('fails over the plugin budget with measured vs budget and the largest tools first', () => {
    const error = overBudget('todo', { tokens: 500 }, sizes);
    expect(error?.code).toBe('GATEWAY_PLUGIN_OVER_BUDGET');
    expect(error?.plugin).toBe('todo');
    expect(error?.message).toContain('take 600 tokens in tools/list, over its budget of 500.');
    expect(error?.message).toContain('Largest: listTasks 260, addTask 180, getTask 90.');
  });

  it('applies the default plugin budget when none is declared, and says so', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ tool: `tool${i}`, tokens: 350 }));
    const error = overBudget('todo', undefined, many);
    expect(error?.message).toContain(
      `1750 tokens in tools/list, over its budget of ${DEFAULT_BUDGET.tokens} (the default`,
    );
  });

  it('fails one tool over its own limit, the default or the declared one, naming the tool', () => {
    const big = [...sizes, { tool: 'importTasks', tokens: DEFAULT_BUDGET.toolTokens + 1 }];
    const error = overBudget('todo', { tokens: 5000 }, big);
    expect(error?.message).toContain(`tool "importTasks" takes ${DEFAULT_BUDGET.toolTokens + 1} tokens`);
    expect(overBudget('todo', { tokens: 5000, tools: { importTasks: 450 } }, big)).toBeUndefined();
    expect(overBudget('todo', { tokens: 5000, tools: { listTasks: 200 } }, sizes)?.message).toContain(
      'tool "listTasks" takes 260 tokens in tools/list, over its budget of 200.',
    );
  });
});
