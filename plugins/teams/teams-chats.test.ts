/**
 * Chat tools against the emulated tenant: the exact Graph requests, people resolved to directory
 * ids (never addresses where Graph wants an id), 1:1 chats reused, group chats reused only with
 * exactly the same members, and nothing sent for someone outside the directory.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolTestSession } from 'm365-mcp-gateway/testing';
import { handlesIn, idsBehind, query, teamsTestEnvironment } from './test-support';

const { emulator, signIn, callAs } = teamsTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(adele, tool, args);
const requests = () => emulator.stats.graphRequests;
const user = (login: string) => emulator.tenant.findUser(login)!;
const chatsOf = (login: string) => emulator.tenant.teams.chatsOf(user(login).id);
const oneOnOne = (a: string, b: string) =>
  chatsOf(a).find((c) => c.chatType === 'oneOnOne' && c.memberIds.includes(user(b).id))!;
const group = () => chatsOf('AdeleV@contoso.com').find((c) => c.chatType === 'group')!;
const bind = (login: string) => ({
  '@odata.type': '#microsoft.graph.aadUserConversationMember',
  roles: ['owner'],
  'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${user(login).id}')`,
});
const CHAT_QUERY = {
  $select: 'id,topic,chatType,lastUpdatedDateTime',
  $expand: 'members',
  $orderby: 'lastMessagePreview/createdDateTime desc',
};

describe('listChats', () => {
  it('asks for the chats with members, newest first, and lists them with handles and the other members', async () => {
    const result = await call('listChats', {});
    expect(result.isError, result.text).toBeFalsy();
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ method: 'GET', path: '/me/chats' });
    expect(query(requests()[0]!.search)).toEqual({ ...CHAT_QUERY, $top: '20' });
    const shown = handlesIn(result.text, 'chat');
    expect(await idsBehind(adele, shown)).toEqual([
      group().id,
      oneOnOne('AdeleV@contoso.com', 'MeganB@contoso.com').id,
      oneOnOne('AdeleV@contoso.com', 'AlexW@contoso.com').id,
    ]);
    expect(result.text).toContain(
      '| group | Mark 8 launch crew | Megan Bowen <MeganB@contoso.com>, Alex Wilber <AlexW@contoso.com>',
    );
    expect(result.text).toContain('| 1:1 | Megan Bowen <MeganB@contoso.com> | 2026-11-26 05:00');
    expect(result.text).not.toContain('Adele Vance');
    expect(result.text).toContain('<untrusted-content source="chat topics and member names">');
  });

  it('matches a person or topic with query', async () => {
    const result = await call('listChats', { query: 'alex' });
    expect(query(requests()[0]!.search).$top).toBe('50');
    expect(handlesIn(result.text, 'chat')).toHaveLength(2);
    expect(result.text).not.toContain('| 1:1 | Megan Bowen');
  });
});

describe('getChatMessages', () => {
  it('reads a chat by handle, newest first, with text from HTML and files by name', async () => {
    const listed = await call('listChats', {});
    const handle = handlesIn(listed.text, 'chat')[1]!;
    await adele.settled();
    emulator.stats.reset();
    const result = await call('getChatMessages', { chat: handle, count: 3 });
    expect(result.isError, result.text).toBeFalsy();
    const chat = oneOnOne('AdeleV@contoso.com', 'MeganB@contoso.com');
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ method: 'GET', path: `/me/chats/${encodeURIComponent(chat.id)}/messages` });
    expect(query(requests()[0]!.search)).toEqual({ $orderby: 'createdDateTime desc', $top: '3' });
    expect(result.text).toContain('2026-11-26 05:00 | Adele Vance\n  Fixed it, it is the Lloyd Center location now.');
    expect(result.text).toContain('Megan Bowen | files: Flagship stores.xlsx');
    expect(result.text).toMatch(/More: call again with cursor "c[0-9a-z]+"/);
    expect(result.text).toContain('<untrusted-content source="Teams chat messages">');
  });

  it('takes a person’s name as their 1:1 chat', async () => {
    const result = await call('getChatMessages', { chat: 'Megan' });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests().at(-1)!.path).toBe(
      `/me/chats/${encodeURIComponent(oneOnOne('AdeleV@contoso.com', 'MeganB@contoso.com').id)}/messages`,
    );
  });
});

describe('sendChatMessage', () => {
  it('to one person by address: looks up their id, gets the existing 1:1 chat from POST /chats, and they read it', async () => {
    const existing = oneOnOne('AdeleV@contoso.com', 'MeganB@contoso.com');
    const before = chatsOf('MeganB@contoso.com').length;
    const result = await call('sendChatMessage', { to: 'Megan Bowen <MeganB@contoso.com>', message: 'Lunch at 12?' });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /users/meganb%40contoso.com',
      'POST /chats',
      `POST /chats/${encodeURIComponent(existing.id)}/messages`,
    ]);
    expect(query(requests()[0]!.search)).toEqual({ $select: 'id,displayName,userPrincipalName' });
    expect(JSON.parse(requests()[1]!.body!)).toEqual({
      chatType: 'oneOnOne',
      members: [bind('AdeleV@contoso.com'), bind('MeganB@contoso.com')],
    });
    expect(JSON.parse(requests()[2]!.body!)).toEqual({ body: { contentType: 'text', content: 'Lunch at 12?' } });
    expect(chatsOf('MeganB@contoso.com')).toHaveLength(before);
    expect(result.text).toMatch(/^Sent in your 1:1 chat c[0-9a-z]+ with meganb@contoso.com\.$/);

    const megan = await signIn('MeganB@contoso.com');
    const read = await callAs(megan, 'getChatMessages', { chat: 'Adele' });
    expect(read.text).toContain('Adele Vance\n  Lunch at 12?');
  });

  it('to several people: reuses the group chat with exactly them', async () => {
    const result = await call('sendChatMessage', {
      to: ['MeganB@contoso.com', 'AlexW@contoso.com'],
      message: 'Venue confirmed',
    });
    expect(result.isError, result.text).toBeFalsy();
    const lookup = requests().find((r) => r.path === '/me/chats')!;
    expect(query(lookup.search)).toEqual({ ...CHAT_QUERY, $filter: "chatType eq 'group'", $top: '50' });
    expect(requests().filter((r) => r.path === '/chats')).toEqual([]);
    expect(group().messages.at(-1)?.body?.content).toBe('Venue confirmed');
    expect(result.text).toMatch(/^Sent in your group chat c[0-9a-z]+ with meganb@contoso.com, alexw@contoso.com\.$/);
  });

  it('to several people with no group chat of exactly them: creates one and says so', async () => {
    // The seeded group chat loses Alex, so no group chat has exactly Adele, Megan and Alex.
    group().memberIds.splice(group().memberIds.indexOf(user('AlexW@contoso.com').id), 1);
    const result = await call('sendChatMessage', { to: 'MeganB@contoso.com, AlexW@contoso.com', message: 'New crew' });
    expect(result.isError, result.text).toBeFalsy();
    const create = requests().find((r) => r.method === 'POST' && r.path === '/chats')!;
    expect(JSON.parse(create.body!)).toEqual({
      chatType: 'group',
      members: [bind('AdeleV@contoso.com'), bind('MeganB@contoso.com'), bind('AlexW@contoso.com')],
    });
    const created = chatsOf('AlexW@contoso.com').find((c) => c.chatType === 'group')!;
    expect(created.messages.map((m) => m.body?.content)).toEqual(['New crew']);
    expect(result.text).toMatch(/^Started a new group chat c[0-9a-z]+ with meganb@contoso.com, alexw@contoso.com/);
  });

  it('refuses someone outside the directory before creating or sending anything', async () => {
    const result = await call('sendChatMessage', { to: 'MeganB@contoso.com, bob@fabrikam.com', message: 'Hi' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^Not in your organization's directory: bob@fabrikam.com\..*Nothing was sent\./);
    expect(requests().filter((r) => r.method === 'POST')).toEqual([]);
    expect(emulator.journal).toEqual([]);
  });

  it.each([
    [{ message: 'Hi' }, /must give either chat or to, not both/],
    [{ chat: 'Megan', to: 'MeganB@contoso.com', message: 'Hi' }, /must give either chat or to, not both/],
    [{ to: 'not an address', message: 'Hi' }, /"to" must be email addresses/],
    [{ to: 'MeganB@contoso.com', message: '' }, /"message" must not be empty/],
    [{ to: 'AdeleV@contoso.com', message: 'Hi' }, /"to" names only you/],
  ])('refuses bad input %#, with nothing sent', async (args, error) => {
    const result = await call('sendChatMessage', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(error);
    expect(emulator.journal).toEqual([]);
  });

  it('says the message was not sent when setting up the chat got no answer', async () => {
    emulator.injectFault({ path: '/chats', method: 'POST', network: 'drop', afterApplying: true });
    const result = await call('sendChatMessage', { to: 'AlexW@contoso.com', message: 'Are you in today?' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^Microsoft Graph gave no answer while setting up the chat.*the message was not sent\./,
    );
    expect(
      requests()
        .filter((r) => r.method === 'POST')
        .map((r) => r.path),
    ).toEqual(['/chats']);
    const again = await call('sendChatMessage', { to: 'AlexW@contoso.com', message: 'Are you in today?' });
    expect(again.text).toMatch(/^Sent in your 1:1 chat c\w+ with alexw@contoso.com\.$/);
    const chat = oneOnOne('AdeleV@contoso.com', 'AlexW@contoso.com');
    expect(chat.messages.filter((m) => m.body?.content === 'Are you in today?')).toHaveLength(1);
  });

  it('sends in a chat by handle', async () => {
    const listed = await call('listChats', {});
    const handle = handlesIn(listed.text, 'chat')[0]!;
    const result = await call('sendChatMessage', { chat: handle, message: 'Thanks all' });
    expect(result.text).toBe(`Sent in chat ${handle}.`);
    expect(group().messages.at(-1)?.body?.content).toBe('Thanks all');
  });
});
