/**
 * The contacts plugin end to end: a real MCP SDK client with OAuth over Streamable HTTP against
 * `wrangler dev` (serving the plugin as `npm start` does) and the emulated tenant.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

let gateway: LocalGateway;
let state: string;
let adele: Client;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-e2e-contacts-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  adele = (await connectWithOAuth(gateway.mcpUrl, 'AdeleV@contoso.com')).client;
});

afterAll(async () => {
  await adele?.close();
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? '').join('\n');

async function tool(name: string, args: Record<string, unknown>): Promise<string> {
  const result = await adele.callTool({ name, arguments: args });
  expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
  return text(result);
}

describe('contacts through a real MCP client', () => {
  it('finds a colleague, saves them as a contact, adds a mobile, finds it, deletes it', async () => {
    const { tools } = await adele.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['getContacts', 'findPeople', 'createContact']));

    const people = await tool('findPeople', { query: 'Patti' });
    const line = /^- Patti Fernandez \| (\S+@\S+)/m.exec(people);
    expect(line?.[1]).toBe('PattiF@contoso.com');

    const created = await tool('createContact', {
      givenName: 'Patti',
      surname: 'Fernandez',
      company: 'Contoso',
      emails: [line![1]],
    });
    const id = /^Created contact (c\w+)/.exec(created)?.[1];
    expect(id).toBeTruthy();

    const updated = await tool('updateContact', { id, addPhones: ['mobile: +1 980 555 0142'] });
    expect(updated).toContain('Emails: PattiF@contoso.com');
    expect(updated).toContain('Phones: mobile +1 980 555 0142');

    const found = await tool('getContacts', { query: 'Patti' });
    expect(found).toContain(`- ${id} | Patti Fernandez | Contoso | PattiF@contoso.com | +1 980 555 0142`);

    const deleted = await tool('deleteContact', { id });
    expect(deleted).toContain('Patti Fernandez <PattiF@contoso.com>');
    expect(await tool('getContacts', { query: 'Patti' })).toMatch(/matching "Patti": none\./);
  });
});
