import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createRegistry, defineTool } from '../core/plugin';
import { samplePlugin, sampleTool } from '../core/plugin/test-fixtures';
import mail from '../plugins/mail';
import { measureTools, pluginOverBudget, undescribedFields, unknownPermission } from './plugin-checks';

function toolWith(input: v.ObjectSchema<v.ObjectEntries, undefined>, description = 'Add a task.') {
  return defineTool({
    name: 'addTask',
    title: 'Add task',
    description,
    input,
    scopes: ['Tasks.ReadWrite'],
    annotations: {},
    async run() {
      return 'ok';
    },
  });
}

describe('unknownPermission', () => {
  it('fails a scope that is not a Graph delegated permission, naming plugin, tool and scope', () => {
    const error = unknownPermission(samplePlugin('todo', [sampleTool('addTask', ['Tasks.Write'])]));
    expect(error?.code).toBe('GATEWAY_PLUGIN_UNKNOWN_PERMISSION');
    expect(error?.message).toContain('Plugin "todo": tool "addTask" declares scope "Tasks.Write", which is not a');
  });

  it('suggests the right case', () => {
    const plugin = samplePlugin('todo', [sampleTool('addTask', ['mail.read'])]);
    expect(unknownPermission(plugin)?.message).toContain('Did you mean "Mail.Read"?');
  });

  it('passes real permissions', () => {
    expect(unknownPermission(samplePlugin('todo', [sampleTool('addTask', ['Tasks.ReadWrite', 'Mail.Read'])]))).toBe(
      undefined,
    );
    expect(unknownPermission(mail)).toBeUndefined();
  });
});

describe('undescribedFields', () => {
  const listed = (tool: ReturnType<typeof toolWith>) => createRegistry([samplePlugin('todo', [tool])]).listTools();

  it('warns once per tool, listing the fields the model is told nothing about, nested ones too', () => {
    const tool = toolWith(
      v.object({
        title: v.pipe(v.string(), v.description('Task title')),
        due: v.optional(v.string()),
        steps: v.optional(v.array(v.object({ text: v.string(), done: v.boolean() }))),
      }),
    );
    expect(undescribedFields('todo', listed(tool))).toEqual([
      {
        code: 'GATEWAY_PLUGIN_UNDESCRIBED_FIELD',
        plugin: 'todo',
        tool: 'addTask',
        message: expect.stringContaining(
          'tool "addTask" has input fields "due", "steps", "steps[].text", "steps[].done"',
        ),
      },
    ]);
  });

  it('accepts self-describing names of the right type, …Id strings, enums and fields the tool description names', () => {
    const tool = toolWith(
      v.object({
        id: v.string(),
        count: v.optional(v.number()),
        listId: v.string(),
        priority: v.picklist(['low', 'high']),
        due: v.optional(v.string()),
      }),
      'Add a task; due is an ISO date.',
    );
    expect(undescribedFields('todo', listed(tool))).toEqual([]);
    const wrongType = toolWith(v.object({ count: v.string() }));
    expect(undescribedFields('todo', listed(wrongType))[0]?.message).toContain('"count"');
  });
});

describe('pluginOverBudget', () => {
  it('measures the published entries: mail fits its declared 1,500, and would not fit a smaller budget', () => {
    const own = createRegistry([mail]).listTools();
    const total = measureTools(own).reduce((sum, size) => sum + size.tokens, 0);
    expect(total).toBeGreaterThan(1000);
    expect(pluginOverBudget(mail, own)).toBeUndefined();
    const tight = { ...mail, budget: { tokens: total - 1 } };
    expect(pluginOverBudget(tight, own)?.message).toContain(
      `take ${total} tokens in tools/list, over its budget of ${total - 1}.`,
    );
  });
});
