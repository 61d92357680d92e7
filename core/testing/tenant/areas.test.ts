import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  areaItemId,
  createEmulator,
  createTestRegistry,
  createToolTestSession,
  defineTenantArea,
  FakeTenant,
  isWellFormedExchangeId,
  signIn,
} from '../index';
import { completeFirstOpenTask, todo, todoArea, todoMock } from '../testing.examples';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH, pluginMocks: [todoMock] });
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const adele = () => emulator.tenant.findUser('AdeleV@contoso.com') ?? expect.fail('no Adele');
const tokenFor = async (scopes: string[]) =>
  (await signIn({ authorityOrigin: AUTH, user: 'AdeleV@contoso.com', scopes })).accessToken;
const tasksPath = `${GRAPH}/me/todo/lists/tasks/tasks`;
const getTasks = async (token: string, query = '') => {
  const res = await fetch(`${tasksPath}${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { value?: unknown[] } };
};

describe('an added tenant area', () => {
  it('is seeded with deterministic, Graph-like ids per area and key', () => {
    const tasks = emulator.tenant.area(todoArea).get(adele().id) ?? [];
    expect(tasks.map((t) => t.title)).toEqual(['Book travel', 'File expenses', 'Review Q3 plan']);
    for (const t of tasks) expect(isWellFormedExchangeId(t.id)).toBe(true);
    // Another tenant seeds the same ids; another area or key gives another id.
    expect(
      new FakeTenant({ areas: [todoArea] })
        .area(todoArea)
        .get(adele().id)
        ?.map((t) => t.id),
    ).toEqual(tasks.map((t) => t.id));
    expect(areaItemId('todo', 'k')).toBe(areaItemId('todo', 'k'));
    expect(new Set([areaItemId('todo', 'k'), areaItemId('todo', 'j'), areaItemId('files', 'k')]).size).toBe(3);
  });

  it("is served through the plugin's handlers with env.odata.list ($filter, $select, $top, $count)", async () => {
    const token = await tokenFor(['Tasks.Read']);
    const open = await getTasks(token, "?$filter=status eq 'notStarted'&$select=title&$count=true");
    expect(open.status).toBe(200);
    // Graph returns the id with any $select.
    expect(open.body.value).toEqual([
      { id: expect.any(String), title: 'Book travel' },
      { id: expect.any(String), title: 'Review Q3 plan' },
    ]);
    expect(open.body['@odata.count']).toBe(2);
    const page = await getTasks(token, '?$top=1');
    expect(page.body.value).toHaveLength(1);
    expect(page.body['@odata.nextLink']).toContain('%24skip=1');
    const bad = await getTasks(token, '?$select=dueDateTime');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('keeps changes until emulator.reset() reseeds it with the built-in areas', async () => {
    const token = await tokenFor(['Tasks.ReadWrite', 'Mail.Send']);
    const [first] = emulator.tenant.area(todoArea).get(adele().id) ?? [];
    const patched = await fetch(`${tasksPath}/${first?.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'completed' }),
    });
    expect(patched.status).toBe(200);
    emulator.tenant.sendMail(adele().id, { subject: 'Changed', toRecipients: [] });
    const sentBefore = emulator.tenant.messages(adele().id).length;
    expect((await getTasks(token, "?$filter=status eq 'completed'")).body.value).toHaveLength(2);

    emulator.reset();
    const fresh = emulator.tenant.area(todoArea).get(adele().id) ?? [];
    expect(fresh.find((t) => t.id === first?.id)?.status).toBe('notStarted');
    expect(emulator.tenant.messages(adele().id).length).toBe(sentBefore - 1);
  });

  it('uses the reset hook when the area has one', () => {
    let resets = 0;
    const counter = defineTenantArea({
      name: 'counter',
      seed: () => ({ generation: 0 }),
      reset: (previous) => {
        resets++;
        return { generation: previous.generation + 1 };
      },
    });
    const tenant = new FakeTenant({ areas: [counter] });
    tenant.reset();
    tenant.reset();
    expect(tenant.area(counter)).toEqual({ generation: 2 });
    expect(resets).toBe(2);
  });

  it('refuses bad names, clashing definitions and unregistered areas with a clear error', () => {
    expect(() => defineTenantArea({ name: 'mail', seed: () => 0 })).toThrow(/built-in area/);
    expect(() => defineTenantArea({ name: 'To Do', seed: () => 0 })).toThrow(/must match/);
    const other = defineTenantArea({ name: 'todo', seed: () => 0 });
    expect(() =>
      createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH, areas: [other], pluginMocks: [todoMock] }),
    ).toThrow(/two different tenant areas are named 'todo'/);
    expect(() => emulator.tenant.area(other)).toThrow(/another definition of area 'todo'/);
    const files = defineTenantArea({ name: 'files', seed: () => 0 });
    expect(() => emulator.tenant.area(files)).toThrow(/area 'files' is not registered/);
  });
});

describe('createToolTestSession', () => {
  it("grants the registry's scopes by default, so the plugin's tools are not refused", async () => {
    const { list, done, logs } = await completeFirstOpenTask(emulator);
    expect(list.isError).toBeFalsy();
    expect(done).toMatchObject({ content: [{ type: 'text', text: 'Completed.' }] });
    expect(emulator.tenant.area(todoArea).get(adele().id)?.[0]?.status).toBe('completed');
    expect(logs).toEqual([{ level: 'info', message: 'Completing a task' }]);
  });

  it('grants the scopes a test names instead, and mail scopes without a registry', async () => {
    const registry = createTestRegistry([todo]);
    const readOnly = await createToolTestSession({
      emulator,
      user: 'AdeleV@contoso.com',
      registry,
      scopes: ['Tasks.Read'],
    });
    const id = emulator.tenant.area(todoArea).get(adele().id)?.[0]?.id;
    const refused = await registry.callTool('completeTask', { id }, readOnly.context());
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('Tasks.ReadWrite');

    const legacy = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
    const listed = await registry.callTool('listOpenTasks', {}, legacy.context());
    expect(listed.isError).toBe(true);
    expect(emulator.stats.graphRequests.at(-1)?.path).toBe('/me/todo/lists/tasks/tasks');
  });
});
