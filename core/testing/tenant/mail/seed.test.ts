import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The installed plugins' mocks, through the generated list (core never imports a plugin directly).
import { pluginMocks } from '../../../generated/mocks';
import { createEmulator, DEMO_USERS, SEED_ANCHOR, signIn } from '../../index';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({ authorityOrigin: AUTH, graphBaseUrl: GRAPH, pluginMocks });
const server = setupServer(...emulator.handlers);

type Msg = {
  id: string;
  subject: string;
  conversationId: string;
  internetMessageId: string;
  hasAttachments: boolean;
  isRead: boolean;
  parentFolderId: string;
  receivedDateTime: string;
  bodyPreview: string;
  importance: string;
  categories: string[];
  flag: { flagStatus: string };
  body: { contentType: string; content: string };
  from: { emailAddress: { address: string } };
  webLink: string;
};
const mailboxes = new Map<string, { folders: Record<string, string>; messages: Msg[] }>();

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  for (const u of DEMO_USERS) {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: u.userPrincipalName });
    const get = async (path: string) =>
      (await (await fetch(`${GRAPH}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
        value: Array<Record<string, unknown>>;
      };
    const folders: Record<string, string> = {};
    for (const f of (await get('/me/mailFolders?$top=100')).value) folders[String(f.id)] = String(f.displayName);
    const messages = (await get('/me/messages?$top=1000')).value as unknown as Msg[];
    mailboxes.set(u.mail, { folders, messages });
  }
});
afterAll(() => server.close());

const everything = () => [...mailboxes.values()].flatMap((m) => m.messages);

describe('seeded tenant, as seen through Graph', () => {
  it('has three users and at least 60 messages, none shared between mailboxes by id', () => {
    expect(mailboxes.size).toBe(3);
    const all = everything();
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const mb of mailboxes.values()) expect(mb.messages.length).toBeGreaterThanOrEqual(25);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    for (const m of all) expect(m.id.length).toBeGreaterThanOrEqual(100);
  });

  it('has threads that cross mailboxes: the sent copy in one, the received copy in another', () => {
    let crossing = 0;
    const sentBy = new Map<string, string>();
    for (const [mail, mb] of mailboxes) {
      for (const m of mb.messages)
        if (mb.folders[m.parentFolderId] === 'Sent Items') sentBy.set(m.internetMessageId, mail);
    }
    for (const [mail, mb] of mailboxes) {
      for (const m of mb.messages) {
        const sender = sentBy.get(m.internetMessageId);
        if (sender && sender !== mail && mb.folders[m.parentFolderId] === 'Inbox') crossing++;
      }
    }
    expect(crossing).toBeGreaterThanOrEqual(10);
    const byConversation = new Map<string, Set<string>>();
    for (const [mail, mb] of mailboxes)
      for (const m of mb.messages)
        byConversation.set(m.conversationId, (byConversation.get(m.conversationId) ?? new Set()).add(mail));
    expect([...byConversation.values()].filter((s) => s.size === 3).length).toBeGreaterThanOrEqual(2);
  });

  it('has at least 15 messages with attachments, and varied flags, importance, categories and read state', () => {
    const all = everything();
    expect(all.filter((m) => m.hasAttachments).length).toBeGreaterThanOrEqual(15);
    expect(new Set(all.map((m) => m.importance))).toEqual(new Set(['low', 'normal', 'high']));
    expect(new Set(all.map((m) => m.flag.flagStatus))).toEqual(new Set(['notFlagged', 'flagged', 'complete']));
    expect(all.some((m) => m.categories.length > 0)).toBe(true);
    expect(all.some((m) => m.isRead) && all.some((m) => !m.isRead)).toBe(true);
    expect(all.some((m) => !m.from.emailAddress.address.toLowerCase().endsWith('@contoso.com'))).toBe(true);
  });

  it('has HTML bodies with previews, links and dates in the 60 days before the anchor', () => {
    const anchor = Date.parse(SEED_ANCHOR);
    for (const m of everything()) {
      expect(m.body.contentType).toBe('html');
      expect(m.body.content).toMatch(/<html[\s\S]*<\/html>/);
      expect(m.bodyPreview.length).toBeGreaterThan(0);
      expect(m.bodyPreview.length).toBeLessThanOrEqual(255);
      expect(m.bodyPreview).not.toMatch(/<[a-z]/i);
      expect(m.webLink).toMatch(/^https:\/\/outlook\.office365\.com\/owa\/\?ItemID=/);
      const t = Date.parse(m.receivedDateTime);
      expect(t).toBeLessThanOrEqual(anchor);
      expect(t).toBeGreaterThan(anchor - 61 * 86_400_000);
    }
  });

  it('includes an untrusted message that tries to instruct an AI assistant', () => {
    const bait = everything().filter((m) => /ignore previous instructions/i.test(m.body.content));
    expect(bait.length).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic: a reset restores the same ids and contents', () => {
    const before = emulator.tenant
      .allMessages()
      .map(({ message }) => `${message.id}|${message.subject}|${message.receivedDateTime}|${message.isRead}`);
    emulator.tenant.sendMail(DEMO_USERS[0]?.id ?? '', {
      subject: 'x',
      toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
    });
    emulator.reset();
    const after = emulator.tenant
      .allMessages()
      .map(({ message }) => `${message.id}|${message.subject}|${message.receivedDateTime}|${message.isRead}`);
    expect(after).toEqual(before);
    expect(
      everything()
        .map((m) => m.id)
        .sort(),
    ).toEqual(
      emulator.tenant
        .allMessages()
        .map(({ message }) => message.id)
        .sort(),
    );
  });
});
