/**
 * The write-outcome helpers against the emulated Graph (real client, real `$batch`, injected
 * faults): each write is worded and audited as done, not done, or may have happened.
 */
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../generated/mocks';
import { createEmulator, createTestRegistry, createToolTestSession } from '../testing';
import { definePlugin, defineTool, reportWrites, runWrite } from './index';

const emulator = createEmulator({
  authorityOrigin: 'https://login.emulator.test',
  graphBaseUrl: 'https://graph.emulator.test/v1.0',
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

const markRead = defineTool({
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
    return reportWrites(ctx, {
      action: 'markRead',
      done: 'Marked read',
      items: ids.map((item, i) => ({ item, result: results[i]! })),
      checkWhere: 'those messages',
    });
  },
});

const ping = defineTool({
  name: 'ping',
  title: 'Send a note',
  description: 'Sends a note to Megan.',
  input: v.strictObject({}),
  scopes: ['Mail.Send'],
  annotations: { destructiveHint: false },
  async run(_args, ctx) {
    await runWrite(ctx, { action: 'sendMail', items: [] }, () =>
      ctx.graph.api('/me/sendMail').post({
        message: {
          subject: 'Note',
          body: { contentType: 'text', content: 'x' },
          toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
        },
      }),
    );
    return 'Sent.';
  },
});

const registry = createTestRegistry([
  definePlugin({
    name: 'writes',
    version: '1.0.0',
    description: 'Writes.',
    requires: '^1.0.0',
    tools: [markRead, ping],
  }),
]);

async function adele() {
  const session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  const inbox = emulator.tenant.resolveFolder(session.user.id, 'inbox')!.id;
  return { session, ids: emulator.tenant.messages(session.user.id, inbox).map((m) => m.id) };
}

describe('reportWrites', () => {
  it('words each item as done, may have happened or not done, and audits one record per outcome', async () => {
    const { session, ids } = await adele();
    const [done, lost] = ids;
    const missing = 'AAMkAGI2TG93AAA-not-there-at-all-0000000000';
    emulator.injectFault({ path: `/me/messages/${lost}`, method: 'PATCH', status: 503 });
    const result = await registry.callTool('markRead', { ids: [done, lost, missing] }, session.context());

    const text = (result.content[0] as { text: string }).text;
    expect(text.split('\n')[0]).toBe('Marked read: 1 of 3 done, 1 may have happened, 1 not done.');
    expect(text).toMatch(/May have happened .*not repeated.*Check those messages before trying them again:\n- AA/);
    expect(text).toContain(`- ${lost}: `);
    expect(text).toMatch(new RegExp(`Not done:\\n- ${missing}: ErrorItemNotFound`));
    expect(result.isError).toBeUndefined();
    expect(session.audits).toEqual([
      { action: 'markRead', items: [done], outcome: 'confirmed' },
      { action: 'markRead', items: [lost], outcome: 'unknown' },
      { action: 'markRead', items: [missing], outcome: 'not_done' },
    ]);
    // What the emulated Graph really applied agrees with what the tool said was done.
    expect(emulator.journal.map((entry) => entry.itemIds[0])).toEqual([done]);
  });

  it('is an error result when nothing was done', async () => {
    const { session } = await adele();
    const result = await registry.callTool(
      'markRead',
      { ids: ['AAMkAGI2TG93AAA-not-there-at-all-0000000000'] },
      session.context(),
    );
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(/^Marked read: 0 of 1 done, 1 not done\./);
  });
});

describe('runWrite', () => {
  it('audits a confirmed write', async () => {
    const { session } = await adele();
    const result = await registry.callTool('ping', {}, session.context());
    expect(result.isError).toBeUndefined();
    expect(session.audits).toEqual([{ action: 'sendMail', items: [], outcome: 'confirmed' }]);
  });

  it('audits a write whose answer was lost as unknown, and the model is told to check, not repeat', async () => {
    const { session } = await adele();
    emulator.injectFault({ path: '/me/sendMail', status: 503, afterApplying: true });
    const result = await registry.callTool('ping', {}, session.context());
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toMatch(/may have happened.*does not repeat/);
    expect(session.audits).toEqual([{ action: 'sendMail', items: [], outcome: 'unknown' }]);
    expect(emulator.journal.filter((entry) => entry.path === '/me/sendMail')).toHaveLength(1);
  });

  it('audits a refused write as not done', async () => {
    const { session } = await adele();
    emulator.injectFault({ path: '/me/sendMail', status: 429, times: Number.POSITIVE_INFINITY });
    const result = await registry.callTool('ping', {}, session.context());
    expect(result.isError).toBe(true);
    expect(session.audits).toEqual([{ action: 'sendMail', items: [], outcome: 'not_done' }]);
    expect(emulator.journal).toEqual([]);
  });
});
