/**
 * User text in Graph query strings: `$search` and `$filter` values must reach Graph exactly as
 * typed (`&`, `#`, `+`, `%`, quotes, non-ASCII), with the other options intact.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, type StoredMessage, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { handlesIn, idsBehind, mailTestEnvironment } from './test-support';

const { emulator, callAs } = mailTestEnvironment();
let session: ToolTestSession;

/** A sender whose address uses RFC 5322 characters that mean something in a URL, and a non-ASCII one. */
const AWKWARD = "o'brien+r&d#1%@fabrikam.com";
const UNICODE = 'zoë.müller@fabrikam.com';
let awkward: StoredMessage;
let unicode: StoredMessage;

beforeEach(async () => {
  emulator.reset();
  session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  const add = (address: string, subject: string, body: string, day: string) =>
    emulator.tenant.addMessage(session.user.id, 'inbox', {
      subject,
      bodyText: body,
      from: { emailAddress: { name: 'Fabrikam', address } },
      toRecipients: [{ emailAddress: { address: session.user.mail } }],
      receivedDateTime: `2026-11-${day}T10:00:00Z`,
      conversationId: `AAQk${day}query`,
    });
  awkward = add(AWKWARD, 'R&D #42: C++ "budget" at 100% of Q4', 'Numbers for the R&amp;D review.', '20');
  unicode = add(UNICODE, 'Grüße aus Zürich', 'Schöne Grüße.', '21');
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(session, tool, args);
const lastQuery = () => Object.fromEntries(new URLSearchParams(emulator.stats.graphRequests.at(-1)!.search));

describe('searchEmails puts the query into $search intact', () => {
  it.each([
    ['subject:"R&D #42"', () => awkward],
    ['C++ 100%', () => awkward],
    ['"budget" R&D', () => awkward],
    [`from:"${AWKWARD}"`, () => awkward],
    ['Grüße Zürich', () => unicode],
    [`from:${UNICODE}`, () => unicode],
  ])('%s', async (kql, expected) => {
    const result = await call('searchEmails', { query: kql, count: 5 });
    expect(result.isError).toBeFalsy();
    expect(lastQuery()).toEqual({
      $search: `"${kql.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
      $select: 'id,subject,from,receivedDateTime,isRead,hasAttachments,importance,flag',
      $top: '5',
    });
    const immutableId = emulator.tenant.mailbox(session.user.id).immutableId(expected().id);
    expect(await idsBehind(session, handlesIn(result.text, 'message'))).toEqual([immutableId]);
    expect(result.text).toMatch(/: 1 message\b/);
  });
});

describe('getEmails puts the sender into $filter intact', () => {
  it.each([AWKWARD, UNICODE])('%s', async (from) => {
    const result = await call('getEmails', { from });
    expect(result.isError).toBeFalsy();
    expect(lastQuery()).toEqual({
      $select: 'id,subject,from,receivedDateTime,isRead,hasAttachments,importance,flag',
      $top: '10',
      $orderby: 'receivedDateTime desc',
      $filter: `receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq '${from.replace(/'/g, "''")}'`,
    });
    const expected = from === AWKWARD ? awkward : unicode;
    const immutableId = emulator.tenant.mailbox(session.user.id).immutableId(expected.id);
    expect(await idsBehind(session, handlesIn(result.text, 'message'))).toEqual([immutableId]);
    expect(result.text).toMatch(/: 1 message\b/);
  });

  it('pages a filtered list with a cursor that keeps the filter', async () => {
    for (let i = 0; i < 3; i++) {
      emulator.tenant.addMessage(session.user.id, 'inbox', {
        subject: `More ${i}`,
        from: { emailAddress: { address: AWKWARD } },
        receivedDateTime: `2026-11-1${i}T10:00:00Z`,
        conversationId: `AAQkmore${i}`,
      });
    }
    const first = await call('getEmails', { from: AWKWARD, count: 2 });
    const cursor = /cursor "([^"]+)"/.exec(first.text)?.[1];
    expect(cursor).toBeTruthy();
    const second = await call('getEmails', { cursor });
    expect(lastQuery().$filter).toBe(
      `receivedDateTime ge 1900-01-01T00:00:00Z and from/emailAddress/address eq 'o''brien+r&d#1%@fabrikam.com'`,
    );
    expect(second.text).toMatch(/: 2 messages\b/);
    expect(second.text).toContain('More 1');
  });
});
