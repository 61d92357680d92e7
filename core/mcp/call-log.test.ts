/**
 * Audit lines through the MCP server with a writing test plugin on the emulated Graph: one line
 * per audited write (hashed user, client, tool, action, item ids, outcome), before the call's line;
 * never content.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../generated/mocks';
import { createGraphClient } from '../graph/graph-client';
import { createRegistry, definePlugin, defineTool, reportWrites, runWrite } from '../plugin';
import { createEmulator, createToolTestSession } from '../testing';
import { startCallLog } from './call-log';
import { createMcpServer } from './mcp-server';

const emulator = createEmulator({
  authorityOrigin: 'https://login.emulator.test',
  graphBaseUrl: 'https://graph.emulator.test/v1.0',
  pluginMocks,
});
const msw = setupServer(...emulator.handlers);
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => msw.close());

const plugin = definePlugin({
  name: 'writer',
  version: '1.0.0',
  description: 'Writes.',
  requires: '^1.0.0',
  tools: [
    defineTool({
      name: 'markRead',
      title: 'Mark read',
      description: 'Marks messages read.',
      input: v.strictObject({ ids: v.array(v.string()) }),
      scopes: ['Mail.ReadWrite'],
      annotations: { idempotentHint: true },
      async run({ ids }, ctx) {
        const results = await ctx.graph.batch(
          ids.map((id) => ({ method: 'PATCH' as const, url: `/me/messages/${id}`, body: { isRead: true } })),
        );
        const items = ids.map((item, i) => ({ item, result: results[i]! }));
        return reportWrites(ctx, { action: 'markRead', done: 'Marked read', items, checkWhere: 'those messages' });
      },
    }),
    defineTool({
      name: 'noteMegan',
      title: 'Note to Megan',
      description: 'Sends Megan a note.',
      input: v.strictObject({ text: v.string() }),
      scopes: ['Mail.Send'],
      annotations: { destructiveHint: false },
      async run({ text }, ctx) {
        const message = {
          subject: text,
          body: { content: text },
          toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
        };
        await runWrite(ctx, { action: 'sendMail', items: [] }, () => ctx.graph.api('/me/sendMail').post({ message }));
        throw new Error('a bug after the send');
      },
    }),
  ],
});

async function connected(lines: Array<Record<string, unknown>>) {
  const session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  const userKey = `${session.user.tenantId}.${session.user.id}`;
  const server = createMcpServer({
    registry: createRegistry([plugin]),
    startCallLog: (tool, clientId) => startCallLog({ tool, userKey, clientId, write: (line) => lines.push(line) }),
    // As the gateway's sessions do (core/mcp/tool-context.ts): Graph observed and audits into the call's log.
    contextFor: (_tool, signal, _progress, _granted, callLog) => ({
      ...session.context(signal),
      graph: createGraphClient({
        graphBaseUrl: emulator.graphBaseUrl,
        tokens: { getToken: async () => session.accessToken },
        signal,
        ...(callLog ? { observe: callLog.graph } : {}),
      }),
      audit: callLog!.audit,
    }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const deliver = serverSide.onmessage;
  serverSide.onmessage = (message, extra) =>
    deliver?.(message, {
      ...extra,
      authInfo: { token: '', clientId: 'client-7', scopes: ['Mail.ReadWrite', 'Mail.Send'] },
    });
  const client = new Client({ name: 'unit', version: '1' });
  await client.connect(clientSide);
  const inbox = emulator.tenant.resolveFolder(session.user.id, 'inbox')!.id;
  return { client, session, ids: emulator.tenant.messages(session.user.id, inbox).map((m) => m.id) };
}

describe('audit lines', () => {
  it('writes one line per outcome of a write, naming items by id, then the call line', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { client, ids, session } = await connected(lines);
    const missing = 'AAMkAGI2TG93AAA-not-there-at-all-0000000000';
    await client.callTool({ name: 'markRead', arguments: { ids: [ids[0], missing] } });

    expect(lines.map((line) => line.message)).toEqual(['audit', 'audit', 'tool call']);
    const [done, notDone, call] = lines;
    expect(done).toMatchObject({ tool: 'markRead', plugin: 'writer', client: 'client-7', action: 'markRead' });
    expect(done).toMatchObject({ items: [ids[0]], outcome: 'confirmed' });
    expect(notDone).toMatchObject({ items: [missing], outcome: 'not_done' });
    expect(done!.user).toMatch(/^[0-9a-f]{16}$/);
    expect(done!.user).toBe(call!.user);
    expect(JSON.stringify(lines)).not.toContain(session.user.id);
    expect(call).toMatchObject({ outcome: 'ok', graph: [{ method: 'POST', path: '/$batch', status: 200, sends: 1 }] });
  });

  it('audits a confirmed send without its content, and a later bug is an internal_error call', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { client } = await connected(lines);
    const result = await client.callTool({ name: 'noteMegan', arguments: { text: 'quarterly numbers' } });
    expect(result.isError).toBe(true);
    expect(lines).toMatchObject([
      { message: 'audit', action: 'sendMail', items: [], outcome: 'confirmed' },
      { message: 'tool call', tool: 'noteMegan', outcome: 'internal_error', retries: 0 },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/quarterly|MeganB/);
  });

  it('writes no line for a tool that does not exist (a protocol error, not a call)', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const { client } = await connected(lines);
    await expect(client.callTool({ name: 'markReed', arguments: {} })).rejects.toThrow(/Unknown tool/);
    expect(lines).toEqual([]);
  });
});

describe('lines after the answer', () => {
  it('resolves once the sinks (a write’s audit entry) are done, and hands the lines to defer, audit line first', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const events: string[] = [];
    let deferred: Promise<void> | undefined;
    let keep!: () => void;
    const kept = new Promise<void>((resolve) => {
      keep = resolve;
    });
    const log = startCallLog({
      tool: 'markRead',
      userKey: 'tenant.user',
      clientId: 'client-7',
      write: (line) => lines.push(line),
      sinks: {
        async finished() {
          await kept;
          events.push('audit kept');
        },
      },
      defer: (work) => {
        deferred = work;
      },
    });
    log.audit({ action: 'markRead', items: ['a'], outcome: 'confirmed' });
    const answered = log
      .finish({ content: [{ type: 'text', text: 'Marked read' }] })
      .then(() => events.push('answered'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual([]);
    keep();
    await answered;
    expect(events).toEqual(['audit kept', 'answered']);
    expect(deferred).toBeInstanceOf(Promise);
    await deferred;
    expect(lines.map((line) => line.message)).toEqual(['audit', 'tool call']);
    expect(lines[1]).toMatchObject({ tool: 'markRead', outcome: 'ok', client: 'client-7' });
  });
});
