/**
 * The test-kit examples of docs/plugins.md, kept here so tsc checks them and
 * core/testing/tenant/areas.test.ts runs them (the guide quotes them; when you change one, change the
 * other): a To Do-like plugin whose emulated state lives in a tenant area of its own.
 */
import type { TodoTask } from '@microsoft/microsoft-graph-types';
import { http } from 'msw';
import * as v from 'valibot';
import { definePlugin, defineTool, ToolError } from '../plugin';
import {
  areaItemId,
  createTestRegistry,
  createToolTestSession,
  defineTenantArea,
  type Emulator,
  type GraphMockEnv,
  type PluginMock,
} from './index';

//#region tenantArea
type Task = Required<Pick<TodoTask, 'id' | 'title' | 'status' | 'importance'>>;

/** Each user's tasks, by user id. `seed` runs for a fresh tenant and on every `emulator.reset()`. */
export const todoArea = defineTenantArea({
  name: 'todo',
  seed: (tenant) =>
    new Map<string, Task[]>(
      tenant.users.map((user) => [
        user.id,
        ['Book travel', 'File expenses', 'Review Q3 plan'].map((title, i) => ({
          // Same area + key, same Graph-like id after every reset.
          id: areaItemId('todo', `${user.id}:task:${i}`),
          title,
          status: i === 1 ? 'completed' : 'notStarted',
          importance: i === 2 ? 'high' : 'normal',
        })),
      ]),
    ),
});

const TASK_PROPERTIES = ['id', 'title', 'status', 'importance'];

export function todoMocks(env: GraphMockEnv) {
  const tasksUrl = `${env.graphBaseUrl}/me/todo/lists/:list/tasks`;
  return [
    http.get(tasksUrl, ({ request }) => {
      const user = env.authenticate(request, { anyScope: ['Tasks.Read', 'Tasks.ReadWrite'] });
      if (user instanceof Response) return user; // Graph-shaped 401/403
      const tasks = env.area(todoArea).get(user.id) ?? [];
      // $select, $filter, $orderby, $top/$skip, $count and the nextLink, refused the way Graph does.
      return env.odata.list(request, tasks, {
        context: `${env.graphBaseUrl}/$metadata#users('${user.id}')/todo/lists('tasks')/tasks`,
        entityType: 'microsoft.graph.todoTask',
        properties: TASK_PROPERTIES,
        filterable: ['status', 'importance'],
        defaultTop: 10,
      });
    }),
    http.patch(`${tasksUrl}/:task`, async ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: ['Tasks.ReadWrite'] });
      if (user instanceof Response) return user;
      const task = env
        .area(todoArea)
        .get(user.id)
        ?.find((t) => t.id === params.task);
      if (!task) return env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      const patch = (await request.json()) as Partial<Task>;
      if (patch.status) task.status = patch.status;
      return env.odata.entity(request, task, {
        context: `${env.graphBaseUrl}/$metadata#users('${user.id}')/todo/lists('tasks')/tasks/$entity`,
        entityType: 'microsoft.graph.todoTask',
        properties: TASK_PROPERTIES,
      });
    }),
  ];
}

/** What `plugins/todo/mocks.ts` would hand the emulator: its handlers and the area they keep state in. */
export const todoMock: PluginMock = { name: 'todo', handlers: todoMocks, areas: [todoArea] };
//#endregion tenantArea

export const todo = definePlugin({
  name: 'todo',
  version: '1.0.0',
  description: 'Microsoft To Do tasks.',
  requires: '^1.0.0',
  tools: [
    defineTool({
      name: 'listOpenTasks',
      title: 'List open tasks',
      description: 'Lists the tasks of the default To Do list that are not completed yet.',
      input: v.strictObject({}),
      scopes: ['Tasks.Read'],
      annotations: { readOnlyHint: true, openWorldHint: true },
      async run(_input, ctx) {
        const page = (await ctx.graph
          .api('/me/todo/lists/tasks/tasks')
          .filter("status ne 'completed'")
          .select('id,title')
          .get()) as { value: Task[] };
        return page.value.map((t) => `${t.id} | ${t.title}`).join('\n') || 'No open tasks.';
      },
    }),
    defineTool({
      name: 'completeTask',
      title: 'Complete a task',
      description: 'Marks one task completed.',
      input: v.strictObject({ id: v.pipe(v.string(), v.description('The task id listOpenTasks showed.')) }),
      scopes: ['Tasks.ReadWrite'],
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      async run({ id }, ctx) {
        ctx.log.info('Completing a task');
        await ctx.graph
          .api(`/me/todo/lists/tasks/tasks/${encodeURIComponent(id)}`)
          .patch({ status: 'completed' })
          .catch((error: { statusCode?: number }) => {
            if (error.statusCode === 404) throw new ToolError(`No task with id "${id}". Call listOpenTasks for ids.`);
            throw error;
          });
        return 'Completed.';
      },
    }),
  ],
});

//#region toolTest
export async function completeFirstOpenTask(emulator: Emulator) {
  const registry = createTestRegistry([todo]);
  // Signs in with what the registry's tools declare (Tasks.Read, Tasks.ReadWrite); pass `scopes` to
  // grant something else, e.g. `scopes: ['Tasks.Read']` to test the refusal of completeTask.
  const session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com', registry });
  const list = await registry.callTool('listOpenTasks', {}, session.context());
  const id = list.content[0]?.type === 'text' ? list.content[0].text.split(' | ')[0] : undefined;
  const done = await registry.callTool('completeTask', { id }, session.context());
  return { list, done, logs: session.logs }; // logs: [{ level: 'info', message: 'Completing a task' }]
}
//#endregion toolTest
