/**
 * One `wrangler dev` gateway over the emulated tenant per test file, with demo users signed in
 * through the full OAuth flow as SDK clients: what the plugins' end-to-end files share.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

export interface DemoGateway {
  gateway: LocalGateway;
  /** One signed-in client per user, in the order given. */
  clients: Client[];
}

/**
 * Registers the file's beforeAll/afterAll: start the gateway (its storage in a fresh directory),
 * sign each user in; afterwards close the clients, stop the gateway, remove its storage.
 *
 * @example
 * const demo = useDemoGateway('mail', ['AdeleV@contoso.com', 'MeganB@contoso.com']);
 * it('…', async () => { const [adele] = demo.clients; await callOk(adele, 'getEmails', {}); });
 */
export function useDemoGateway(name: string, users: readonly string[]): DemoGateway {
  const demo = { clients: [] as Client[] } as unknown as DemoGateway;
  let state: string | undefined;
  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), `gateway-e2e-${name}-`));
    demo.gateway = await startLocalGateway({ persistTo: state, emulator: true });
    for (const user of users) demo.clients.push((await connectWithOAuth(demo.gateway.mcpUrl, user)).client);
  });
  afterAll(async () => {
    for (const client of demo.clients) await client.close();
    await demo.gateway?.stop();
    if (state) rmSync(state, { recursive: true, force: true });
  });
  return demo;
}

/** The text of a tool result, its parts joined by newlines. */
export const resultText = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? '').join('\n');

/** Calls a tool and expects a result that is not an error (the message shows the result if it is). */
export async function callOk(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, `${name}: ${resultText(result)}`).toBeFalsy();
  return resultText(result);
}
