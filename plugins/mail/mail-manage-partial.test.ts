/**
 * manageEmails over several $batch calls when one of them fails as a whole: the batches already
 * answered are reported as done (by the handles the model listed them with), the failed one as unknown or
 * not done depending on whether Graph may have acted, and the batches after it as not sent. The
 * emulator's tenant shows what really happened.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createToolTestSession,
  type GraphFault,
  type StoredMessage,
  type ToolTestSession,
} from 'm365-mcp-gateway/testing';
import { mailTestEnvironment } from './test-support';

const { emulator, registry } = mailTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
});

const folderId = (name: string) => emulator.tenant.resolveFolder(adele.user.id, name)!.id;
/** Only this file's messages: the seeded mailbox has some of its own. */
const inFolder = (name: string) =>
  emulator.tenant.messages(adele.user.id, folderId(name)).filter((m) => m.subject.startsWith('Partial '));
const batches = () => emulator.stats.graphRequests.filter((r) => r.path === '/$batch');
function seed60(): StoredMessage[] {
  return Array.from({ length: 60 }, (_, i) => {
    const message = emulator.tenant.addMessage(adele.user.id, 'inbox', {
      subject: `Partial ${i}`,
      receivedDateTime: '2026-11-26T08:00:00Z',
      conversationId: `AAQkpartial${i}`,
    });
    immutableIds.set(message, emulator.tenant.mailbox(adele.user.id).immutableId(message.id));
    return message;
  });
}
/** The id Graph shows when asked for immutable ids (what the gateway always asks for, so what a model has). */
const immutableIds = new WeakMap<StoredMessage, string>();
/** Read at seeding time: a move gives the stored message a new default id, but not a new immutable one. */
const immutable = (message: StoredMessage) => immutableIds.get(message)!;
/** The handle a tool shows for a message id (same user, same derivation). */
const h = (id: string) => adele.context().handles.show('message', id);
const text = (result: { content: Array<{ type: string; text?: string }> }) =>
  result.content.map((c) => c.text ?? '').join('\n');
/** The report's lines under `header`, up to the next header. */
function section(report: string, header: RegExp): string[] {
  const lines = report.split('\n');
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('- '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Checks the first 20 are reported moved, with the ids the emulator gave them, and really are. */
function expectFirstChunkMoved(report: string, messages: StoredMessage[]): void {
  const archived = new Set(inFolder('archive').map((m) => m.subject));
  expect(messages.slice(0, 20).every((m) => archived.has(m.subject))).toBe(true);
  // Immutable ids survive the move: the handles the model listed stay valid, so none is renamed.
  const done = report.split('\n').find((line) => line.startsWith('Done: '));
  expect(done).toBe(
    `Done: ${messages
      .slice(0, 20)
      .map((m) => h(immutable(m)))
      .join(', ')}`,
  );
  expect(report).not.toMatch(/New handles/);
}

const SECOND_BATCH = { path: '/$batch', method: 'POST', skip: 1 } satisfies GraphFault;

describe('manageEmails when the second of three $batch calls fails', () => {
  it('503: the first 20 moved and listed as done, the second 20 unknown, the last 20 not sent', async () => {
    const messages = seed60();
    emulator.injectFault({ ...SECOND_BATCH, status: 503 });
    const result = await registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'move', destination: 'Archive' },
      adele.context(),
    );
    const report = text(result);
    expect(result.isError).toBeFalsy();
    expect(report.split('\n')[0]).toBe('Moved to Archive: 20 of 60 succeeded, 20 outcome unknown, 20 failed.');
    expectFirstChunkMoved(report, messages);
    expect(section(report, /^Outcome unknown/)).toEqual(
      messages.slice(20, 40).map((m) => `- ${h(immutable(m))}: Microsoft Graph answered 503 to the batch holding it.`),
    );
    expect(report).toMatch(/Check Archive \(getEmails with folder "Archive"\) before/);
    expect(section(report, /^Failed \(not done\)/)).toEqual(
      messages.slice(40).map((m) => `- ${h(immutable(m))}: not done: not sent, because an earlier batch failed.`),
    );
    expect(batches()).toHaveLength(2);
    expect(inFolder('archive')).toHaveLength(20);
  });

  it('dropped connection after Graph moved them: the second 20 unknown (they were moved), the rest not sent', async () => {
    const messages = seed60();
    emulator.injectFault({ ...SECOND_BATCH, network: 'drop', afterApplying: true });
    const result = await registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'move', destination: 'Archive' },
      adele.context(),
    );
    const report = text(result);
    expect(report.split('\n')[0]).toBe('Moved to Archive: 20 of 60 succeeded, 20 outcome unknown, 20 failed.');
    expectFirstChunkMoved(report, messages);
    expect(section(report, /^Outcome unknown/)).toEqual(
      messages
        .slice(20, 40)
        .map((m) => `- ${h(immutable(m))}: the connection dropped before the batch holding it was answered.`),
    );
    expect(section(report, /^Failed \(not done\)/)).toHaveLength(20);
    expect(batches()).toHaveLength(2);
    // Graph did move the second 20 (hence "unknown", not "failed"); the last 20 stayed.
    expect(inFolder('archive')).toHaveLength(40);
    expect(messages.slice(40).every((m) => emulator.tenant.getMessage(adele.user.id, m.id))).toBe(true);
  });

  it('throttled past the wait budget: the second and third 20 not done, saying how long to wait', async () => {
    const messages = seed60();
    emulator.injectFault({ ...SECOND_BATCH, status: 429, retryAfterSeconds: 120 });
    const result = await registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'move', destination: 'Archive' },
      adele.context(),
    );
    const report = text(result);
    expect(report.split('\n')[0]).toBe('Moved to Archive: 20 of 60 succeeded, 40 failed.');
    expectFirstChunkMoved(report, messages);
    expect(report).not.toMatch(/Outcome unknown/);
    const failed = section(report, /^Failed \(not done\)/);
    expect(failed.slice(0, 20)).toEqual(
      messages
        .slice(20, 40)
        .map((m) => `- ${h(immutable(m))}: throttled by Microsoft Graph; not done. Try again in 120 seconds.`),
    );
    expect(failed.slice(20)).toHaveLength(20);
    expect(batches()).toHaveLength(2);
    expect(adele.waits).toEqual([]);
    expect(inFolder('archive')).toHaveLength(20);
  });

  it('timeout after Graph moved the second 20: those unknown, the rest not sent', async () => {
    const messages = seed60();
    emulator.injectFault({ ...SECOND_BATCH, network: 'hang', afterApplying: true });
    const controller = new AbortController();
    const pending = registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'delete' },
      adele.context(controller.signal),
    );
    await vi.waitFor(() => expect(inFolder('deleteditems').length).toBeGreaterThanOrEqual(40));
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    const report = text(await pending);
    expect(report.split('\n')[0]).toBe(
      'Deleted (moved to Deleted Items): 20 of 60 succeeded, 20 outcome unknown, 20 failed.',
    );
    expect(section(report, /^Outcome unknown/)[0]).toBe(
      `- ${h(immutable(messages[20]!))}: the call was cancelled or ran out of time before the batch holding it was answered.`,
    );
    expect(batches()).toHaveLength(2);
  });

  it('a first batch refused by throttling is the usual error, and nothing is marked', async () => {
    const messages = seed60().slice(0, 3);
    emulator.injectFault({ path: '/$batch', method: 'POST', status: 429, retryAfterSeconds: 120 });
    const result = await registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'markRead' },
      adele.context(),
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^Microsoft Graph is throttling this mailbox and did not carry out the request .*120 seconds/,
    );
    expect(messages.every((m) => emulator.tenant.getMessage(adele.user.id, m.id)?.isRead === false)).toBe(true);
  });

  it('a write Graph answered 503 inside a batch is unknown, not failed, and not repeated', async () => {
    const messages = seed60().slice(0, 3);
    emulator.injectFault({
      path: `/me/messages/${encodeURIComponent(immutable(messages[1]!))}`,
      method: 'PATCH',
      status: 503,
    });
    const result = await registry.callTool(
      'manageEmails',
      { ids: messages.map(immutable), action: 'flag' },
      adele.context(),
    );
    const report = text(result);
    expect(report.split('\n')[0]).toBe('Flagged: 2 of 3 succeeded, 1 outcome unknown.');
    expect(section(report, /^Outcome unknown/)).toEqual([
      `- ${h(immutable(messages[1]!))}: Microsoft Graph answered 503 (ServiceUnavailable)`,
    ]);
    expect(report).toMatch(/Check those messages \(getEmail\) before trying them again/);
    expect(batches()).toHaveLength(1);
  });
});
