import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

let gateway: LocalGateway;
let state: string;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-e2e-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

describe('a real MCP client against wrangler dev and the emulated tenant', () => {
  it('discovers, registers, signs in with PKCE through consent and the Microsoft page, then reads the inbox', async () => {
    const tenant = gateway.emulator!.tenant;
    const user = tenant.users[0]!;
    const { client, provider } = await connectWithOAuth(gateway.mcpUrl, user.userPrincipalName);

    expect(provider.tokens()?.access_token).toBeTruthy();
    expect(provider.tokens()?.refresh_token).toBeTruthy();
    expect(provider.clientInformation()?.client_id).toBeTruthy();

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('getEmails');

    const result = await client.callTool({ name: 'getEmails', arguments: { count: 5 } });
    expect(result.isError).toBeFalsy();
    const text = (result.content as Array<{ text: string }>).map((item) => item.text).join('\n');

    const inbox = tenant.resolveFolder(user.id, 'inbox')!;
    const newest = [...tenant.messages(user.id, inbox.id)]
      .sort((a, b) => String(b.receivedDateTime).localeCompare(String(a.receivedDateTime)))
      .slice(0, 5);
    expect(newest).toHaveLength(5);
    let position = -1;
    for (const message of newest) {
      // Replies in one thread share a subject: look for each after the one before.
      const at = text.indexOf(` | ${message.subject.slice(0, 20)}`, position + 1);
      expect(at, `message ${message.subject} listed in order`).toBeGreaterThan(position);
      position = at;
    }
    await client.close();
  });
});
