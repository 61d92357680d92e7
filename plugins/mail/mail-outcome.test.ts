/**
 * A write whose outcome is unknown (Graph 5xx, a dropped connection, a timeout after the request
 * left) is reported as "may have happened" and never repeated; one known not to have happened
 * (4xx, throttled) says Graph did not carry it out. The emulator's faults decide whether the write
 * really happened, so each test also checks the tenant.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createToolTestSession, type GraphFault, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { mailTestEnvironment } from './test-support';

const { emulator, registry } = mailTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
});

const text = (result: { content: Array<{ type: string; text?: string }> }) =>
  result.content.map((c) => c.text ?? '').join('\n');
const call = async (tool: string, args: Record<string, unknown>, signal?: AbortSignal) => {
  const result = await registry.callTool(tool, args, adele.context(signal));
  return { isError: result.isError, text: text(result) };
};
const posts = () => emulator.stats.graphRequests.filter((r) => r.method === 'POST');
const folder = (userId: string, name: string) =>
  emulator.tenant.messages(userId, emulator.tenant.resolveFolder(userId, name)!.id);
const megan = () => emulator.tenant.findUser('MeganB@contoso.com')!;
const inMegansInbox = (subject: string) => folder(megan().id, 'inbox').filter((m) => m.subject === subject).length;
const fromMegan = () =>
  folder(adele.user.id, 'inbox').find((m) => m.from?.emailAddress?.address === 'MeganB@contoso.com')!;

const SENT_ITEMS = 'Check Sent Items (getEmails with folder "sentitems") before trying again';
const DRAFTS = 'Check Drafts (getEmails with folder "drafts") before trying again';
const DROPPED = 'the connection to Microsoft Graph dropped after the request was sent';
const CANCELLED = 'the call was cancelled or ran out of time after the request was sent';

describe('sendEmail whose outcome is unknown', () => {
  const mail = { to: 'MeganB@contoso.com', subject: 'Once only', body: 'Exactly once.' };

  it.each([500, 502, 503, 504])('Graph answers %i: may have happened, one request, not repeated', async (status) => {
    emulator.injectFault({ path: '/me/sendMail', status, times: 5 });
    const result = await call('sendEmail', mail);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`^sendEmail may have happened: Microsoft Graph answered ${status} `));
    expect(result.text).toContain(SENT_ITEMS);
    expect(posts()).toHaveLength(1);
    expect(adele.waits).toEqual([]);
    expect(inMegansInbox('Once only')).toBe(0);
  });

  it('the connection drops after Graph sent the mail: may have happened, delivered exactly once', async () => {
    emulator.injectFault({ path: '/me/sendMail', network: 'drop', afterApplying: true });
    const result = await call('sendEmail', mail);
    expect(result.text).toMatch(/^sendEmail may have happened: /);
    expect(result.text).toContain(DROPPED);
    expect(result.text).toContain(SENT_ITEMS);
    expect(posts()).toHaveLength(1);
    expect(inMegansInbox('Once only')).toBe(1);
    expect(folder(adele.user.id, 'sentitems').filter((m) => m.subject === 'Once only')).toHaveLength(1);
  });

  it('the call times out after Graph sent the mail: may have happened, not "before Graph answered"', async () => {
    emulator.injectFault({ path: '/me/sendMail', network: 'hang', afterApplying: true });
    const controller = new AbortController();
    const pending = call('sendEmail', mail, controller.signal);
    await vi.waitFor(() => expect(inMegansInbox('Once only')).toBe(1));
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const result = await pending;
    expect(result.text).toMatch(/^sendEmail may have happened: /);
    expect(result.text).toContain(CANCELLED);
    expect(result.text).toContain(SENT_ITEMS);
    expect(posts()).toHaveLength(1);
  });

  it('cancelled before anything was sent: no "may have happened", no request', async () => {
    const result = await call('sendEmail', mail, AbortSignal.abort(new DOMException('Cancelled', 'AbortError')));
    expect(result.isError).toBe(true);
    expect(result.text).not.toMatch(/may have happened/);
    expect(result.text).toMatch(/cancelled or ran out of time/);
    expect(posts()).toHaveLength(0);
  });

  it.each<[string, GraphFault, RegExp]>([
    [
      '400',
      { status: 400 },
      /^Microsoft Graph refused the request for sendEmail \(UnknownError\) and did not carry it out/,
    ],
    ['403', { status: 403 }, /^Access denied for sendEmail/],
    [
      '429 past the wait budget',
      { status: 429, retryAfterSeconds: 120 },
      /^Microsoft Graph is throttling this mailbox and did not carry out the request for sendEmail .*Wait 120 seconds/,
    ],
  ])('Graph refuses it (%s): says it was not carried out, nothing delivered', async (_name, fault, message) => {
    emulator.injectFault({ path: '/me/sendMail', ...fault });
    const result = await call('sendEmail', mail);
    expect(result.text).toMatch(message);
    expect(result.text).not.toMatch(/may have happened/);
    expect(posts()).toHaveLength(1);
    expect(inMegansInbox('Once only')).toBe(0);
  });
});

describe('replyToEmail whose outcome is unknown', () => {
  const repliesToMegan = (subject: string) =>
    folder(megan().id, 'inbox').filter((m) => m.subject === `RE: ${subject.replace(/^RE: /, '')}`).length;

  it('the connection drops after the reply went out: may have happened, check Sent Items; replied once', async () => {
    const original = fromMegan();
    const before = repliesToMegan(original.subject);
    emulator.injectFault({
      path: `/me/messages/${encodeURIComponent(original.id)}/reply`,
      network: 'drop',
      afterApplying: true,
    });
    const result = await call('replyToEmail', { id: original.id, body: 'On it.' });
    expect(result.text).toMatch(/^replyToEmail may have happened: /);
    expect(result.text).toContain(DROPPED);
    expect(result.text).toContain(SENT_ITEMS);
    expect(posts()).toHaveLength(1);
    expect(repliesToMegan(original.subject)).toBe(before + 1);
  });

  it('Graph answers 503: may have happened, not repeated, no reply made', async () => {
    const original = fromMegan();
    const before = repliesToMegan(original.subject);
    emulator.injectFault({ path: `/me/messages/${encodeURIComponent(original.id)}/reply`, status: 503, times: 5 });
    const result = await call('replyToEmail', { id: original.id, body: 'On it.' });
    expect(result.text).toMatch(/^replyToEmail may have happened: Microsoft Graph answered 503 /);
    expect(result.text).toContain(SENT_ITEMS);
    expect(posts()).toHaveLength(1);
    expect(repliesToMegan(original.subject)).toBe(before);
  });
});

describe('createDraft whose outcome is unknown', () => {
  const drafts = (subject: string) => folder(adele.user.id, 'drafts').filter((m) => m.subject === subject).length;

  it('the connection drops after the draft was saved: may have happened, check Drafts; saved once', async () => {
    emulator.injectFault({ path: '/me/messages', method: 'POST', network: 'drop', afterApplying: true });
    const result = await call('createDraft', { to: 'MeganB@contoso.com', subject: 'Plan B', body: 'Draft.' });
    expect(result.text).toMatch(/^createDraft may have happened: /);
    expect(result.text).toContain(DROPPED);
    expect(result.text).toContain(DRAFTS);
    expect(posts()).toHaveLength(1);
    expect(drafts('Plan B')).toBe(1);
  });

  it('Graph answers 500 to a reply draft: may have happened, check Drafts, not repeated', async () => {
    const original = fromMegan();
    const replyDrafts = () =>
      folder(adele.user.id, 'drafts').filter((m) => m.conversationId === original.conversationId);
    const before = replyDrafts().length;
    emulator.injectFault({
      path: `/me/messages/${encodeURIComponent(original.id)}/createReply`,
      status: 500,
      times: 5,
    });
    const result = await call('createDraft', { replyToId: original.id, body: 'Draft reply.' });
    expect(result.text).toMatch(/^createDraft may have happened: Microsoft Graph answered 500 \(internal error\)/);
    expect(result.text).toContain(DRAFTS);
    expect(posts()).toHaveLength(1);
    expect(replyDrafts()).toHaveLength(before);
  });

  it('the call times out after the draft was saved: may have happened, check Drafts', async () => {
    emulator.injectFault({ path: '/me/messages', method: 'POST', network: 'hang', afterApplying: true });
    const controller = new AbortController();
    const pending = call(
      'createDraft',
      { to: 'MeganB@contoso.com', subject: 'Plan C', body: 'Draft.' },
      controller.signal,
    );
    await vi.waitFor(() => expect(drafts('Plan C')).toBe(1));
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const result = await pending;
    expect(result.text).toMatch(/^createDraft may have happened: /);
    expect(result.text).toContain(CANCELLED);
    expect(result.text).toContain(DRAFTS);
    expect(posts()).toHaveLength(1);
  });
});

describe('a write whose answer is cut off midway', () => {
  it('createDraft: Graph saved it and began answering, then the call timed out: may have happened', async () => {
    emulator.injectFault({ path: '/me/messages', method: 'POST', network: 'stall' });
    const controller = new AbortController();
    const pending = call(
      'createDraft',
      { to: 'MeganB@contoso.com', subject: 'Plan D', body: 'Draft.' },
      controller.signal,
    );
    await vi.waitFor(() => expect(folder(adele.user.id, 'drafts').some((m) => m.subject === 'Plan D')).toBe(true));
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const result = await pending;
    expect(result.text).toMatch(/^createDraft may have happened: /);
    expect(result.text).toContain(DRAFTS);
    expect(posts()).toHaveLength(1);
  });
});

describe('reads keep "try again"', () => {
  it.each<[string, GraphFault]>([
    ['a dropped connection', { network: 'drop' }],
    ['a 500', { status: 500 }],
  ])('getEmails after %s', async (_name, fault) => {
    emulator.injectFault({ path: '/me/mailFolders/inbox/messages', ...fault });
    const result = await call('getEmails', {});
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/Try again in a minute\.$/);
    expect(result.text).not.toMatch(/may have happened/);
  });
});
