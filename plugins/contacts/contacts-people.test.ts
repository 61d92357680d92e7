/** Contract tests of findPeople: Graph's people search, roles matched on the ranking, the directory fallback. */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolTestSession, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { contactsTestEnvironment, query } from './test-support';

const { emulator, registry, callAs } = contactsTestEnvironment();
let session: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com', registry });
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(session, tool, args);
const requests = () => emulator.stats.graphRequests;
const PERSON_SELECT = 'displayName,scoredEmailAddresses,jobTitle,department,companyName,phones,personType';
const lineOf = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`- ${name} |`));

describe('findPeople', () => {
  it('asks /me/people with $search, $select and $top, and resolves a colleague to an address', async () => {
    const result = await call('findPeople', { query: 'Megan' });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ method: 'GET', path: '/me/people' });
    expect(query(requests()[0]!.search)).toEqual({ $search: '"Megan"', $select: PERSON_SELECT, $top: '10' });
    expect(lineOf(result.text, 'Megan Bowen')).toBe(
      '- Megan Bowen | MeganB@contoso.com | Marketing Manager, Marketing | +1 412 555 0109',
    );
    expect(result.text).toMatch(/<untrusted-content source="people">/);
  });

  it('marks people outside the organisation as external', async () => {
    const result = await call('findPeople', { query: 'jordan' });
    expect(lineOf(result.text, 'Jordan Reyes')).toMatch(/jordan\.reyes@tailspintoys\.com .*\[external\]$/);
    const inside = await call('findPeople', { query: 'nestor' });
    expect(lineOf(inside.text, 'Nestor Wilke')).not.toContain('[external]');
  });

  it('matches a role on the ranking when no name does, most relevant first', async () => {
    const result = await call('findPeople', { query: 'marketing' });
    expect(requests().map((r) => query(r.search))).toEqual([
      { $search: '"marketing"', $select: PERSON_SELECT, $top: '10' },
      { $select: PERSON_SELECT, $top: '100' },
    ]);
    expect(result.text).toMatch(/^People whose role matches "marketing"/);
    const names = [...result.text.matchAll(/^- ([^|]+) \|/gm)].map((m) => m[1]);
    expect(names).toEqual(['Megan Bowen', 'Alex Wilber']);
  });

  it('follows who the user mails: writing to someone moves them up the ranking', async () => {
    const directors = async () =>
      [...(await call('findPeople', { query: 'director' })).text.matchAll(/^- ([^|]+) \|/gm)].map((m) => m[1]);
    const order = (names: Array<string | undefined>) => [names.indexOf('Nestor Wilke'), names.indexOf('Lee Gu')];
    const [nestor, lee] = order(await directors());
    expect(nestor).toBeGreaterThanOrEqual(0);
    expect(lee).toBeGreaterThan(nestor!);
    for (let i = 0; i < 6; i++)
      emulator.tenant.sendMail(session.user.id, {
        subject: `Line review ${i}`,
        body: { contentType: 'text', content: 'See attached.' },
        toRecipients: [{ emailAddress: { name: 'Lee Gu', address: 'LeeG@contoso.com' } }],
      });
    const [nestorAfter, leeAfter] = order(await directors());
    expect(leeAfter).toBeLessThan(nestorAfter!);
  });

  it('falls back to the directory through /users when none of the user’s people match (a user with no mail, meetings or contacts)', async () => {
    for (const m of [...emulator.tenant.messages(session.user.id)])
      emulator.tenant.deleteMessage(session.user.id, m.id);
    const book = emulator.tenant.contacts.addressBook(session.user.id);
    for (const c of [...book.contacts]) book.remove(c.id);
    const calendar = emulator.tenant.calendar;
    for (const e of [...calendar.events(session.user.id)])
      calendar.deleteEvent(session.user.id, e.id, { notify: false });
    const result = await call('findPeople', { query: 'Pat' });
    expect(requests().map((r) => r.path)).toEqual(['/me/people', '/me/people', '/users']);
    expect(query(requests()[2]!.search)).toEqual({
      $filter:
        "startswith(displayName,'Pat') or startswith(givenName,'Pat') or startswith(surname,'Pat') or startswith(mail,'Pat')",
      $select: 'displayName,mail,userPrincipalName',
      $top: '10',
    });
    expect(result.text).toMatch(/^No one among your people matches "Pat"; from the directory/);
    expect(lineOf(result.text, 'Patti Fernandez')).toBe('- Patti Fernandez | PattiF@contoso.com');
  });

  it('lists 10 people within 400 tokens', async () => {
    // Every address ending in .com matches: the ten most relevant of them.
    const result = await call('findPeople', { query: 'com' });
    expect(result.text.match(/^- /gm)).toHaveLength(10);
    const tokens = countTokens(result.text);
    console.info(`findPeople of 10: ${tokens} o200k tokens`);
    expect(tokens).toBeLessThanOrEqual(400);
  });
});
