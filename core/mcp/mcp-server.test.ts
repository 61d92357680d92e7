import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry, defineTool, definePlugin, type ToolContext } from '../plugin';
import { createMcpServer } from './mcp-server';

/** A tool that waits until its signal aborts or `release` is called, reporting `reports` first. */
function slowTool(state: { aborted?: boolean; release?: () => void }) {
  return defineTool({
    name: 'slowWork',
    title: 'Slow work',
    description: 'Works slowly.',
    input: v.object({ reports: v.optional(v.number(), 0) }),
    scopes: ['Mail.Read'],
    annotations: { readOnlyHint: true },
    async run(args, ctx) {
      for (let done = 1; done <= args.reports; done++)
        ctx.progress({ progress: done, total: args.reports, message: `step ${done}` });
      await new Promise<void>((resolve) => {
        state.release = resolve;
        ctx.signal.addEventListener('abort', () => {
          state.aborted = true;
          resolve();
        });
      });
      return 'done';
    },
  });
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function connected(
  state: { aborted?: boolean; release?: () => void },
  heartbeatMs: number,
  grantedScopes: string[] = ['Mail.Read'],
) {
  const plugin = definePlugin({
    name: 'slow',
    version: '1.0.0',
    description: 'Slow tools.',
    requires: '^1.0.0',
    tools: [slowTool(state)],
  });
  const registry = createRegistry([plugin]);
  const server = createMcpServer({
    registry,
    heartbeatMs,
    contextFor: (_tool, signal, progress) =>
      ({
        signal,
        progress,
        log: { debug() {}, info() {}, warn() {}, error() {} },
        config: {},
      }) as unknown as ToolContext,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  // Every message arrives with its client's grant, as the gateway's transports deliver it.
  const deliver = serverSide.onmessage;
  serverSide.onmessage = (message, extra) =>
    deliver?.(message, { ...extra, authInfo: { token: '', clientId: 'unit', scopes: grantedScopes } });
  const client = new Client({ name: 'unit', version: '1' });
  await client.connect(clientSide);
  closers.push(() => client.close());
  return client;
}

describe('long calls', () => {
  it('sends heartbeat progress below 1 while a call runs, only when the client sent a progress token', async () => {
    const state: { release?: () => void } = {};
    const client = await connected(state, 10);
    const seen: Progress[] = [];
    const call = client.callTool({ name: 'slowWork', arguments: {} }, CallToolResultSchema, {
      onprogress: (progress) => seen.push(progress),
    });
    await expect.poll(() => seen.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(3);
    state.release!();
    await call;
    const values = seen.map((progress) => progress.progress);
    expect(values.every((value, index) => value < 1 && (index === 0 || value > values[index - 1]!))).toBe(true);
    expect(seen[0]!.message).toMatch(/still working/);

    // Without onprogress the client sends no token: the server must send nothing (the SDK client
    // would reject an unknown token's notification as an error, failing the call).
    let errors = 0;
    client.onerror = () => void errors++;
    const withoutToken = client.callTool({ name: 'slowWork', arguments: {} });
    await new Promise((done) => setTimeout(done, 50));
    state.release!();
    await withoutToken;
    expect(errors).toBe(0);
  });

  it("relays the tool's own ctx.progress reports, which then replace the heartbeat", async () => {
    const state: { release?: () => void } = {};
    const client = await connected(state, 10);
    const seen: Progress[] = [];
    const call = client.callTool({ name: 'slowWork', arguments: { reports: 3 } }, CallToolResultSchema, {
      onprogress: (progress) => seen.push(progress),
    });
    await expect.poll(() => seen.length).toBe(3);
    await new Promise((done) => setTimeout(done, 50));
    state.release!();
    await call;
    expect(seen).toEqual([
      { progress: 1, total: 3, message: 'step 1' },
      { progress: 2, total: 3, message: 'step 2' },
      { progress: 3, total: 3, message: 'step 3' },
    ]);
  });

  it('aborts ctx.signal when the client cancels the call (notifications/cancelled)', async () => {
    const state: { aborted?: boolean; release?: () => void } = {};
    const client = await connected(state, 1_000);
    const controller = new AbortController();
    const call = client.callTool({ name: 'slowWork', arguments: {} }, CallToolResultSchema, {
      signal: controller.signal,
    });
    await expect.poll(() => state.release).toBeDefined();
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow();
    await expect.poll(() => state.aborted).toBe(true);
  });
});

describe("the calling client's grant", () => {
  it('refuses a tools/call whose scopes the grant lacks before the tool runs, naming the permission', async () => {
    const state: { release?: () => void } = {};
    const client = await connected(state, 1_000, ['Mail.Send']);
    const result = await client.callTool({ name: 'slowWork', arguments: {} });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]!.text;
    expect(text).toContain('Mail.Read');
    expect(text).toMatch(/Authorize this app again/);
    expect(state.release).toBeUndefined();
  });
});
