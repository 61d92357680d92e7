import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { createRegistry, defineTool, definePlugin, type ToolContext } from '../plugin';
import { createMcpServer } from './mcp-server';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Says it back.',
  input: v.strictObject({ text: v.optional(v.string(), '') }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args) {
    return args.text;
  },
});

/** Sends raw messages to a session's server; resolves with each answer by id. */
async function rawSession() {
  const registry = createRegistry([
    definePlugin({ name: 'echo', version: '1.0.0', description: 'Echo.', requires: '^1.0.0', tools: [echo] }),
  ]);
  const server = createMcpServer({ registry, contextFor: () => ({}) as unknown as ToolContext });
  const [client, served] = InMemoryTransport.createLinkedPair();
  const answers = new Map<unknown, (message: unknown) => void>();
  client.onmessage = (message) => answers.get((message as { id?: unknown }).id)?.(message);
  await server.connect(served);
  await client.start();
  let id = 0;
  return {
    ask(method: string, params?: unknown) {
      const message = { jsonrpc: '2.0', id: ++id, method, ...(params === undefined ? {} : { params }) };
      const answer = new Promise((resolve) => answers.set(message.id, resolve));
      void client.send(message as JSONRPCMessage);
      return answer as Promise<{ result?: unknown; error?: { code: number; message: string } }>;
    },
  };
}

it('answers malformed params with -32602 naming the field, never -32603 with a zod dump', async () => {
  const session = await rawSession();
  const cases: Array<[string, unknown, RegExp]> = [
    [
      'tools/call',
      { arguments: {} },
      /^MCP error -32602: Invalid params for tools\/call: "name": expected string, received undefined\.$/,
    ],
    [
      'tools/call',
      { name: 5 },
      /^MCP error -32602: Invalid params for tools\/call: "name": expected string, received number\.$/,
    ],
    [
      'resources/templates/list',
      { cursor: {} },
      /^MCP error -32602: Invalid params for resources\/templates\/list: "cursor": expected string, received object\.$/,
    ],
    [
      'initialize',
      { capabilities: {} },
      /^MCP error -32602: Invalid params for initialize: "protocolVersion": expected string/,
    ],
    [
      'tools/list',
      { cursor: 5 },
      /^MCP error -32602: Invalid params for tools\/list: "cursor": expected string, received number\.$/,
    ],
    [
      'resources/read',
      { uri: [] },
      /^MCP error -32602: Invalid params for resources\/read: "uri": expected string, received array\.$/,
    ],
  ];
  for (const [method, params, message] of cases) {
    const answer = await session.ask(method, params);
    expect(answer.error?.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
    expect(answer.error?.message).toMatch(message);
  }
  // Well-formed requests, with or without params, still reach their handlers.
  expect((await session.ask('ping')).result).toEqual({});
  // (Here the client holds no permissions: the call's own answer says so.)
  const call = (await session.ask('tools/call', { name: 'echo', arguments: {} })).result;
  expect(call).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/Mail\.Read/) }] });
});
