/**
 * ONE scope check per client on every transport: {Streamable HTTP, legacy SSE, WebSocket, plain
 * JSON-RPC, MCP 2026-07-28 (stateless)} × {tools/call, resources/read} × {granted, not granted}. Every call runs while a
 * second client of the same user holds every permission, so the user's Microsoft token (the
 * vault) could do all of it: only the calling client's own grant may decide.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mailAttachment } from '../../plugins/mail/attachment-resource';
import type { Emulator } from '../../core/testing';
import { startEmulator, textOf } from '../workers/harness';
import { tokensFor } from './support';
import { callOver, TRANSPORTS, type Outcome } from './transport-calls';

let emulator: Emulator;
let close: () => void;
/**
 * Tokens of four clients of Megan: only Mail.Read; only Mail.Send; what sendEmail declares (Mail.Send
 * and Mail.Read, for attachments given by resourceUri); and everything.
 */
const tokens: Record<'read' | 'send' | 'sender' | 'all', string> = { read: '', send: '', sender: '', all: '' };
let attachmentUri = '';
const megan = () => emulator.tenant.users[1]!;

beforeAll(async () => {
  ({ emulator, close } = startEmulator());
  const upn = megan().userPrincipalName;
  const all = await tokensFor(upn);
  const read = await tokensFor(upn, { params: { scope: 'Mail.Read' } });
  const send = await tokensFor(upn, { params: { scope: 'Mail.Send' } });
  const sender = await tokensFor(upn, { params: { scope: 'Mail.Send Mail.Read' } });
  Object.assign(tokens, {
    all: all.access_token,
    read: read.access_token,
    send: send.access_token,
    sender: sender.access_token,
  });
  // Each client's token carries what it asked for; the everything-client holds every mail permission.
  expect(read.scope).toBe('Mail.Read');
  expect(send.scope).toBe('Mail.Send');
  expect(all.scope.split(' ')).toEqual(expect.arrayContaining(['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']));
  const [messageId, files] = [...emulator.tenant.mailbox(megan().id).attachments].find(([, list]) => list.length > 0)!;
  attachmentUri = mailAttachment.uri({ messageId, attachmentId: files[0]!.id! });
});
afterAll(() => close());

const sendMail = (subject: string) => ({
  jsonrpc: '2.0' as const,
  id: 7,
  method: 'tools/call',
  params: { name: 'sendEmail', arguments: { to: 'AdeleV@contoso.com', subject, body: 'Scope matrix.' } },
});
const readAttachment = () => ({
  jsonrpc: '2.0' as const,
  id: 8,
  method: 'resources/read',
  params: { uri: attachmentUri },
});
const sentSubjects = () => emulator.tenant.mailbox(megan().id).messages.map((message) => message.subject);

/** A refusal names the missing permission and says how to get it, in the form the transport can carry. */
function expectRefused(outcome: Outcome, scope: string, kind: 'tool' | 'resource') {
  if (outcome.status === 403) {
    // POST transports: the step-up challenge the client can act on.
    expect(outcome.challenge).toMatch(/error="insufficient_scope"/);
    expect(outcome.challenge).toMatch(new RegExp(`scope="[^"]*${scope.replace('.', '\\.')}`));
    return;
  }
  // A WebSocket frame has no HTTP answer: a tool error, or a JSON-RPC error for a read.
  expect(outcome.status).toBe(101);
  const text =
    kind === 'tool' ? textOf((outcome.answer?.result ?? {}) as object) : (outcome.answer?.error?.message ?? '');
  if (kind === 'tool') expect(outcome.answer?.result).toMatchObject({ isError: true });
  else expect(outcome.answer?.error?.code).toBe(-32003);
  expect(text).toContain(scope);
  expect(text).toMatch(/not granted/);
  expect(text).toMatch(/Authorize this app again/);
}

describe('per-client scope matrix', () => {
  describe.each(TRANSPORTS)('%s', (transport) => {
    it('tools/call granted: a client granted what sendEmail declares sends mail', async () => {
      const subject = `granted over ${transport}`;
      const outcome = await callOver(transport, tokens.sender, sendMail(subject));
      expect(outcome.answer?.result).not.toMatchObject({ isError: true });
      expect(textOf((outcome.answer?.result ?? {}) as object)).toMatch(/sent/i);
      expect(sentSubjects()).toContain(subject);
    });

    it('tools/call not granted: a Mail.Read client cannot send mail', async () => {
      const subject = `refused over ${transport}`;
      const outcome = await callOver(transport, tokens.read, sendMail(subject));
      expectRefused(outcome, 'Mail.Send', 'tool');
      expect(sentSubjects()).not.toContain(subject);
    });

    it('resources/read granted: a Mail.Read client reads an attachment', async () => {
      const outcome = await callOver(transport, tokens.read, readAttachment());
      const contents = (outcome.answer?.result as { contents?: Array<{ uri: string; blob?: string; text?: string }> })
        ?.contents;
      expect(contents?.[0]?.uri).toBe(attachmentUri);
      expect((contents?.[0]?.blob ?? contents?.[0]?.text)?.length).toBeGreaterThan(0);
    });

    it('resources/read not granted: a Mail.Send client cannot read an attachment', async () => {
      const outcome = await callOver(transport, tokens.send, readAttachment());
      expectRefused(outcome, 'Mail.Read', 'resource');
      expect(outcome.answer?.result).toBeUndefined();
    });
  });
});
