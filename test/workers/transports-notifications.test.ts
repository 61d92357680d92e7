/**
 * Session notifications over the wire: cancellation reaches the Graph request, and a session
 * rebuilt under a different tool set tells its client tools/list changed.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { connect, mcpClient, startEmulator } from './harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

describe('cancellation', () => {
  it('aborts the Graph request when the client cancels the tool call', async () => {
    const { accessToken } = await connect(emulator.tenant.users[0]!.userPrincipalName);
    const { client } = await mcpClient(accessToken);
    let graphStarted = false;
    let graphAborted = false;
    server.use(
      http.get('https://graph.emulator.test/v1.0/me/mailFolders/:folder/messages', async ({ request }) => {
        graphStarted = true;
        await new Promise<void>((resolve) => {
          request.signal.addEventListener('abort', () => {
            graphAborted = true;
            resolve();
          });
          setTimeout(resolve, 10_000);
        });
        return new Response(null, { status: 504 });
      }),
    );
    const controller = new AbortController();
    const call = client.callTool({ name: 'getEmails', arguments: { count: 1 } }, undefined, {
      signal: controller.signal,
    });
    await expect.poll(() => graphStarted, { timeout: 5_000 }).toBe(true);
    controller.abort('stop');
    await expect(call).rejects.toThrow();
    await expect.poll(() => graphAborted, { timeout: 5_000 }).toBe(true);
    await client.close();
  });
});

describe('tools/list_changed', () => {
  it('tells the client when its evicted session is rebuilt under a different tool set', async () => {
    const user = emulator.tenant.users[0]!;
    const { accessToken } = await connect(user.userPrincipalName);
    const { client, transport } = await mcpClient(accessToken);
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    await client.listTools();
    expect(changed).toBe(0);

    const stub = env.MCP_SESSION.get(env.MCP_SESSION.idFromName(`${user.tenantId}.${user.id}:${transport.sessionId}`));
    await runInDurableObject(stub, async (instance, state) => {
      // As if the session began under an older deployment, and the object was then evicted.
      const stored = (await state.storage.get<{ tools: string }>('initialize'))!;
      expect(stored.tools).toMatch(/^[0-9a-f]{24}$/);
      await state.storage.put('initialize', { ...stored, tools: 'older-deployment' });
      (instance as unknown as { live: unknown }).live = undefined;
    });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('getEmails');
    expect(changed).toBe(1);
    await client.listTools();
    expect(changed).toBe(1);
    await client.close();
  });
});
