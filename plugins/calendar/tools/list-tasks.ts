import type { TodoTask } from '@microsoft/microsoft-graph-types';
import { defineTool, graphIdOrHandle, ToolError } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { formatTasks, type ListedTask } from '../format';

export const listCalendarTasks = defineTool({
  name: 'listCalendarTasks',
  title: 'List to-do tasks',
  description: 'Lists the tasks of one Microsoft To Do list: task handle, status, importance and title.',
  input: v.strictObject({
    list: graphIdOrHandle('list', { description: 'The to-do list: its handle (l7k2qx) or Graph id.' }),
    top: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50), v.description('How many tasks, 1-50.')),
      20,
    ),
  }),
  // Least privilege: reading tasks needs Tasks.Read, never Tasks.ReadWrite.
  scopes: ['Tasks.Read'],
  annotations: { readOnlyHint: true, openWorldHint: true },
  async run({ list, top }, ctx) {
    // `list` is the full Graph id here, whether the model sent the handle or the id.
    const page = (await ctx.graph
      .api(`/me/todo/lists/${encodeURIComponent(list)}/tasks`)
      .select(['id', 'title', 'status', 'importance'])
      .top(top)
      .get()
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode === 404) throw new ToolError('No such to-do list. Ask the user which list they mean.');
        throw error;
      })) as { value: TodoTask[] };
    const tasks: ListedTask[] = page.value.map((task) => ({
      handle: ctx.handles.show('task', task.id ?? ''),
      title: task.title ?? '',
      status: task.status ?? 'notStarted',
      importance: task.importance ?? 'normal',
    }));
    return formatTasks(ctx.handles.show('list', list), tasks);
  },
});
