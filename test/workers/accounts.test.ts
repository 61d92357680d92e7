/**
 * Tools that serve work or school accounts only (`accounts: 'work'`), inside workerd through the
 * gateway's MCP server with a test plugin and the real `authenticate` tool: a personal Microsoft
 * account does not see them, cannot call them, and `authenticate` says which are hidden and why.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticateTool } from '../../core/auth/authenticate-tool';
import { createMcpServer } from '../../core/mcp/mcp-server';
import { createRegistry, definePlugin, defineTool, PERSONAL_ACCOUNT_TENANT_ID, type Registry } from '../../core/plugin';
import { fakeContext } from '../../core/plugin/test-fixtures';
import { DEMO_TENANT_ID } from '../../core/testing';
import { textOf } from './harness';

const echo = (name: string, accounts?: 'work') =>
  defineTool({
    name,
    title: name,
    description: `The ${name} tool.`,
    input: v.object({}),
    scopes: ['Chat.Read'],
    annotations: { readOnlyHint: true },
    ...(accounts ? { accounts } : {}),
    run: async () => `${name} ran`,
  });

const plugin = definePlugin({
  name: 'teams-test',
  version: '1.0.0',
  description: 'Chats.',
  requires: '^1.0.0',
  tools: [echo('listChats', 'work'), echo('listNotes')],
});

let registry: Registry;
registry = createRegistry([plugin], {
  builtinTools: [
    authenticateTool({
      neededScopes: () => registry.scopes(),
      vaultStatus: async () => ({ signedIn: true, scopes: ['Chat.Read'] }) as never,
      consentUrl: 'https://gateway.test/apps/signin?consent=1',
      workOnlyTools: () =>
        registry.tools.filter((entry) => entry.tool.accounts === 'work').map((entry) => entry.tool.name),
    }),
  ],
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function signedInAs(tenantId: string) {
  const account = tenantId === PERSONAL_ACCOUNT_TENANT_ID ? 'personal' : 'work';
  const server = createMcpServer({
    registry,
    account,
    contextFor: (_tool, signal) => {
      const base = fakeContext(signal);
      return { ...base, signal, user: { ...base.user, tenantId, key: `${tenantId}.o` }, grantedScopes: ['Chat.Read'] };
    },
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const deliver = serverSide.onmessage;
  serverSide.onmessage = (message, extra) =>
    deliver?.(message, { ...extra, authInfo: { token: '', clientId: 'c', scopes: ['Chat.Read'] } });
  const client = new Client({ name: 'accounts', version: '1' });
  await client.connect(clientSide);
  closers.push(() => client.close());
  return client;
}

describe("accounts: 'work'", () => {
  it('hides and refuses a work-only tool for a personal Microsoft account, and authenticate says why', async () => {
    const client = await signedInAs(PERSONAL_ACCOUNT_TENANT_ID);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['authenticate', 'listNotes']);

    const refused = await client.callTool({ name: 'listChats', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^listChats works only with a work or school Microsoft 365 account.*personal/);
    expect(textOf(await client.callTool({ name: 'listNotes', arguments: {} }))).toBe('listNotes ran');

    const status = textOf(await client.callTool({ name: 'authenticate', arguments: {} }));
    expect(status).toContain(
      'hidden (work or school accounts only; you are signed in with a personal Microsoft account): listChats',
    );
  });

  it('lists and runs it for a work or school account, and authenticate hides nothing', async () => {
    const client = await signedInAs(DEMO_TENANT_ID);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['authenticate', 'listChats', 'listNotes']);
    expect(textOf(await client.callTool({ name: 'listChats', arguments: {} }))).toBe('listChats ran');
    expect(textOf(await client.callTool({ name: 'authenticate', arguments: {} }))).not.toContain('hidden');
  });
});
