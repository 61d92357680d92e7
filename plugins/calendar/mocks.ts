/**
 * Microsoft To Do over the emulated tenant: an area of its own (the tenant does not model To Do)
 * seeded with one list per user, and the Graph endpoint the plugin calls, answered the way Graph does.
 */
import type { TodoTask } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import { areaItemId, defineTenantArea, type GraphMockEnv } from 'm365-mcp-gateway/testing';

type Task = Required<Pick<TodoTask, 'id' | 'title' | 'status' | 'importance'>>;

const AREA = 'calendar-tasks';

/** The id of a user's one seeded to-do list; the same after every reset. */
export const listIdOf = (userId: string): string => areaItemId(AREA, `${userId}:list`);

/** Each user's list id and its tasks, by user id. */
export const tasksArea = defineTenantArea({
  name: AREA,
  seed: (tenant) =>
    new Map<string, { listId: string; tasks: Task[] }>(
      tenant.users.map((user) => [
        user.id,
        {
          listId: listIdOf(user.id),
          tasks: ['Book travel', 'File expenses', 'Review Q3 plan'].map((title, i) => ({
            id: areaItemId(AREA, `${user.id}:task:${i}`),
            title,
            status: i === 1 ? 'completed' : 'notStarted',
            importance: i === 2 ? 'high' : 'normal',
          })),
        },
      ]),
    ),
});

/** The build hands these to the emulator with the handlers below. */
export const areas = [tasksArea];

export default function mocks(env: GraphMockEnv): RequestHandler[] {
  return [
    http.get(`${env.graphBaseUrl}/me/todo/lists/:list/tasks`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: ['Tasks.Read', 'Tasks.ReadWrite'] });
      if (user instanceof Response) return user; // Graph-shaped 401/403
      const own = env.area(tasksArea).get(user.id);
      if (!own || own.listId !== params.list) {
        return env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      }
      return env.odata.list(request, own.tasks, {
        context: `${env.graphBaseUrl}/$metadata#users('${user.id}')/todo/lists('${own.listId}')/tasks`,
        entityType: 'microsoft.graph.todoTask',
        properties: ['id', 'title', 'status', 'importance'],
        filterable: ['status', 'importance'],
        defaultTop: 10,
      });
    }),
  ];
}
