/**
 * The mail plugin end to end: a real MCP SDK client with OAuth against `wrangler dev` and the
 * emulated tenant (one wrangler dev for the file). Two demo users exchange mail through the tools.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalGateway } from '../../scripts/local-gateway';
import { callOk, useDemoGateway } from './demo-gateway';

const demo = useDemoGateway('mail', ['AdeleV@contoso.com', 'MeganB@contoso.com']);
let gateway: LocalGateway;
let adele: Client;
let megan: Client;

beforeAll(() => {
  ({ gateway } = demo);
  [adele, megan] = demo.clients as [Client, Client];
});

const tool = callOk;

describe('mail through a real MCP client', () => {
  it('sends to another user, who finds it, replies, moves it and reads its attachment as a resource', async () => {
    const subject = `Launch brief ${Date.now().toString(36)}`;
    const pdf = Buffer.from('%PDF-1.4\n% launch brief\n%%EOF\n').toString('base64');
    await tool(adele, 'sendEmail', {
      to: 'MeganB@contoso.com',
      subject,
      body: 'Megan, the brief is attached.',
      attachments: [{ name: 'brief.pdf', contentBase64: pdf, contentType: 'application/pdf' }],
    });

    const found = await tool(megan, 'searchEmails', { query: `subject:"${subject}"` });
    expect(found).toContain(subject);
    expect(found).toContain('AdeleV@contoso.com');
    const id = /^- (m\w+) \|/m.exec(found)?.[1]; // the message's short handle
    expect(id).toBeTruthy();

    await tool(megan, 'replyToEmail', { id, body: 'Got it, thanks!' });
    const adeleInbox = await tool(adele, 'searchEmails', { query: `subject:"RE: ${subject}"`, folder: 'inbox' });
    expect(adeleInbox).toContain(`RE: ${subject}`);

    // Immutable ids: the moved message keeps its id, so its handle still reads it.
    const moved = await tool(megan, 'manageEmails', { ids: [id], action: 'move', destination: 'Archive' });
    expect(moved).toBe('Moved to Archive: 1 of 1 succeeded.');
    const newId = id;
    expect(await tool(megan, 'getEmails', { folder: 'archive', count: 50 })).toContain(`- ${newId} |`);

    const detail = await tool(megan, 'getEmail', { id: newId });
    const attachmentId = /- \[1\] (\S+) \| application\/pdf/.exec(detail)?.[1];
    expect(attachmentId).toBeTruthy();
    const link = await megan.callTool({ name: 'getAttachment', arguments: { messageId: newId, attachmentId } });
    const resource = (link.content as Array<{ type: string; uri?: string; mimeType?: string }>).find(
      (item) => item.type === 'resource_link',
    );
    expect(resource?.mimeType).toBe('application/pdf');

    const { resourceTemplates } = await megan.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('m365://mail/{messageId}/attachments/{attachmentId}');
    const read = await megan.readResource({ uri: resource!.uri! });
    expect(read.contents).toEqual([{ uri: resource!.uri, mimeType: 'application/pdf', blob: pdf }]);
    const foreign = await adele.readResource({ uri: resource!.uri! }).then(
      () => 'read',
      (e: Error) => e.message,
    );
    expect(foreign).toMatch(/not found|does not exist/i);
  });

  it('keeps 20 parallel calls of one session to at most 4 requests in flight at Graph', async () => {
    const emulator = gateway.emulator!;
    const adeleId = emulator.tenant.findUser('AdeleV@contoso.com')!.id;
    emulator.stats.reset();
    emulator.injectFault({ path: '/me/mailFolders/inbox/messages', delayMs: 50, times: 20 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => adele.callTool({ name: 'getEmails', arguments: { count: 1 } })),
    );
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(emulator.stats.graphRequests.filter((r) => r.path === '/me/mailFolders/inbox/messages')).toHaveLength(20);
    expect(emulator.stats.maxInFlightByUser[adeleId]).toBeLessThanOrEqual(4);
    expect(emulator.stats.maxInFlightByUser[adeleId]).toBeGreaterThanOrEqual(2);
  });
});
