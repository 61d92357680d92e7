import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mailMocks from './mocks';
import { createEmulator, signIn } from 'm365-mcp-gateway/testing';

const AUTH = 'https://login.emulator.test';
const GRAPH = 'https://graph.emulator.test/v1.0';
const emulator = createEmulator({
  authorityOrigin: AUTH,
  graphBaseUrl: GRAPH,
  pluginMocks: [{ name: 'mail', handlers: mailMocks }],
});
const server = setupServer(...emulator.handlers);
const tokens: Record<string, string> = {};
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  for (const user of ['AdeleV@contoso.com', 'MeganB@contoso.com', 'AlexW@contoso.com']) {
    tokens[user] = (await signIn({ authorityOrigin: AUTH, user })).accessToken;
  }
});
afterEach(() => emulator.tenant.reset());
afterAll(() => server.close());

type Msg = Record<string, unknown> & { id: string };
type Page = { value: Msg[]; '@odata.nextLink'?: string; '@odata.count'?: number };
const ADELE = 'AdeleV@contoso.com';

async function call(url: string, user = ADELE, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${tokens[user]}`);
  const res = await fetch(url.startsWith('http') ? url : `${GRAPH}${url}`, { ...init, headers });
  return { res, body: (res.status === 202 || res.status === 204 ? {} : await res.json()) as Record<string, unknown> };
}
const page = async (url: string, user = ADELE) => (await call(url, user)).body as unknown as Page;

/** Follow @odata.nextLink to the end. */
async function all(url: string, user = ADELE): Promise<Msg[]> {
  const out: Msg[] = [];
  let next: string | undefined = url;
  for (let guard = 0; next && guard < 100; guard++) {
    const p: Page = await page(next, user);
    out.push(...p.value);
    next = p['@odata.nextLink'];
  }
  return out;
}

describe('mail folders', () => {
  it('lists well-known folders with live counts, and nested user folders', async () => {
    const folders = await page('/me/mailFolders?$top=50');
    const names = folders.value.map((f) => f.displayName);
    for (const n of ['Inbox', 'Sent Items', 'Drafts', 'Deleted Items', 'Archive', 'Junk Email', 'Projects'])
      expect(names).toContain(n);
    const inbox = folders.value.find((f) => f.displayName === 'Inbox');
    const inboxMsgs = await all('/me/mailFolders/inbox/messages?$select=isRead&$top=7');
    expect(inbox?.totalItemCount).toBe(inboxMsgs.length);
    expect(inbox?.unreadItemCount).toBe(inboxMsgs.filter((m) => m.isRead === false).length);

    const alexFolders = await page('/me/mailFolders?$top=50', 'AlexW@contoso.com');
    const projects = alexFolders.value.find((f) => f.displayName === 'Projects');
    expect(projects?.childFolderCount).toBe(1);
    const children = await page(
      `/me/mailFolders/${encodeURIComponent(projects?.id ?? '')}/childFolders`,
      'AlexW@contoso.com',
    );
    expect(children.value.map((f) => f.displayName)).toEqual(['Mark 8 Launch']);
    expect(children.value[0]?.parentFolderId).toBe(projects?.id);
    const byName = (await call('/me/mailFolders/Inbox?$select=displayName')).body;
    expect(byName.displayName).toBe('Inbox');
    expect(byName.totalItemCount).toBeUndefined();
  });

  it('refuses unknown and malformed folder ids like Graph', async () => {
    expect((await call('/me/mailFolders/notafolder/messages')).body).toMatchObject({
      error: { code: 'ErrorInvalidIdMalformed' },
    });
    const { res } = await call(`/me/mailFolders/AAMkAG${'x'.repeat(100)}=/messages`);
    expect(res.status).toBe(404);
  });
});

describe('messages', () => {
  it('lists the inbox newest first with only the $select-ed fields', async () => {
    const { res, body } = await call(
      '/me/mailFolders/inbox/messages?$select=subject,receivedDateTime&$top=5&$orderby=receivedDateTime desc',
    );
    expect(res.status).toBe(200);
    const p = body as unknown as Page;
    expect(p.value).toHaveLength(5);
    for (const m of p.value)
      expect(Object.keys(m).sort()).toEqual(['@odata.etag', 'id', 'receivedDateTime', 'subject']);
    const dates = p.value.map((m) => Date.parse(String(m.receivedDateTime)));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(p['@odata.nextLink']).toMatch(
      /^https:\/\/graph\.emulator\.test\/v1\.0\/me\/mailFolders\/inbox\/messages\?.*skip=5/,
    );
  });

  it('defaults to 10 items, newest first, and pages through everything without duplicates', async () => {
    const first = await page('/me/mailFolders/inbox/messages?$select=subject');
    expect(first.value).toHaveLength(10);
    const msgs = await all('/me/mailFolders/inbox/messages?$select=receivedDateTime&$top=4');
    const ids = msgs.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const folder = (await call('/me/mailFolders/inbox')).body;
    expect(ids.length).toBe(folder.totalItemCount);
    const big = await page('/me/mailFolders/inbox/messages?$select=id&$top=1000&$count=true');
    expect(big['@odata.nextLink']).toBeUndefined();
    expect(big['@odata.count']).toBe(ids.length);
    expect(new Set(big.value.map((m) => m.id))).toEqual(new Set(ids));
    expect((await call('/me/messages?$top=1001')).res.status).toBe(400);
  });

  it('filters on isRead, sender, date, attachments and conversation', async () => {
    const everything = await all(
      '/me/messages?$select=isRead,from,receivedDateTime,hasAttachments,conversationId&$top=25',
    );
    const unread = await all('/me/messages?$filter=isRead eq false&$select=isRead');
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.every((m) => m.isRead === false)).toBe(true);
    expect(unread.length).toBe(everything.filter((m) => m.isRead === false).length);

    const addr = 'billing@northwindtraders.com';
    const fromNorthwind = await all(
      `/me/messages?$filter=${encodeURIComponent(`from/emailAddress/address eq '${addr}'`)}&$select=from`,
    );
    const expected = everything.filter(
      (m) => (m.from as { emailAddress: { address: string } }).emailAddress.address === addr,
    );
    expect(fromNorthwind.length).toBeGreaterThanOrEqual(3);
    expect(fromNorthwind.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());

    const since = await all('/me/messages?$filter=receivedDateTime ge 2026-11-01T00:00:00Z&$select=receivedDateTime');
    expect(since.length).toBe(everything.filter((m) => String(m.receivedDateTime) >= '2026-11-01T00:00:00Z').length);
    expect(since.length).toBeLessThan(everything.length);

    const both = await all(
      '/me/messages?$filter=hasAttachments eq true and isRead eq true&$select=hasAttachments,isRead',
    );
    expect(both.length).toBe(everything.filter((m) => m.hasAttachments === true && m.isRead === true).length);

    const conv = String(fromNorthwind[0] ? everything.find((m) => m.id === fromNorthwind[0]?.id)?.conversationId : '');
    const thread = await all(`/me/messages?$filter=conversationId eq '${conv}'`);
    expect(thread.length).toBe(everything.filter((m) => m.conversationId === conv).length);
  });

  it('applies Graph’s rule that $orderby properties must lead the $filter', async () => {
    const bad = await call('/me/messages?$filter=isRead eq false&$orderby=receivedDateTime desc');
    expect(bad.res.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: 'InefficientFilter', message: 'The restriction or sort order is too complex for this operation.' },
    });
    const good = await call(
      '/me/messages?$filter=receivedDateTime ge 2026-10-01T00:00:00Z and isRead eq false&$orderby=receivedDateTime desc',
    );
    expect(good.res.status).toBe(200);
  });

  it.each(['isRead eq false or hasAttachments eq true', 'nonsense eq 1', 'isRead eq', "bodyPreview eq 'x'"])(
    'refuses the filter %s with 400',
    async (f) => {
      const { res, body } = await call(`/me/messages?$filter=${encodeURIComponent(f)}`);
      expect(res.status).toBe(400);
      expect((body as { error: { code: string } }).error.code).toBeTruthy();
    },
  );

  it('returns bodies as text when asked with Prefer', async () => {
    const list = await call('/me/messages?$select=body&$top=20', ADELE, {
      headers: { prefer: 'outlook.body-content-type="text"' },
    });
    expect(list.res.headers.get('preference-applied')).toBe('outlook.body-content-type="text"');
    const value = (list.body as unknown as Page).value;
    for (const m of value) {
      const body = m.body as { contentType: string; content: string };
      expect(body.contentType).toBe('text');
      expect(body.content).not.toMatch(/<\/?[a-z][^>]*>/i);
      expect(body.content.length).toBeGreaterThan(10);
    }
    const html = await page('/me/messages?$select=body&$top=3');
    for (const m of html.value) expect((m.body as { contentType: string; content: string }).content).toMatch(/<html/);
  });

  it('serves one message, its attachments and $expand=attachments', async () => {
    const withAtt = await page('/me/messages?$filter=hasAttachments eq true&$select=subject&$top=1');
    const id = withAtt.value[0]?.id ?? '';
    expect(id.length).toBeGreaterThanOrEqual(100);
    const one = (await call(`/me/messages/${id}`)).body;
    expect(one.hasAttachments).toBe(true);
    expect(one.webLink).toContain('outlook.office365.com');
    const atts = await page(`/me/messages/${id}/attachments`);
    expect(atts.value.length).toBeGreaterThan(0);
    const a = atts.value[0] as Record<string, unknown>;
    expect(a['@odata.type']).toBe('#microsoft.graph.fileAttachment');
    expect(['text/csv', 'text/plain', 'application/pdf']).toContain(a.contentType);
    expect(atob(String(a.contentBytes)).length).toBe(a.size);
    const expanded = (await call(`/me/messages/${id}?$select=subject&$expand=attachments($select=name,size)`)).body;
    const ex = expanded.attachments as Array<Record<string, unknown>>;
    expect(ex.map((x) => x.name)).toEqual(atts.value.map((x) => x.name));
    expect(ex[0]?.contentBytes).toBeUndefined();
  });

  it('never shows one user another user’s message', async () => {
    const megans = await page('/me/messages?$select=id&$top=1', 'MeganB@contoso.com');
    const id = megans.value[0]?.id ?? '';
    expect((await call(`/me/messages/${id}`, 'MeganB@contoso.com')).res.status).toBe(200);
    const { res, body } = await call(`/me/messages/${id}`, ADELE);
    expect(res.status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'ErrorItemNotFound' } });
    expect((await call(`/me/messages/${id}/attachments`, ADELE)).res.status).toBe(404);
    expect((await call('/me/messages/not-an-id')).body).toMatchObject({ error: { code: 'ErrorInvalidIdMalformed' } });
  });

  it('searches with $search and refuses $search with $orderby', async () => {
    const hits = await all('/me/messages?$search="invoice"&$select=subject,bodyPreview');
    expect(hits.length).toBeGreaterThan(0);
    for (const m of hits) expect(`${m.subject} ${m.bodyPreview}`.toLowerCase()).toContain('invoice');
    expect((await call('/me/messages?$search="invoice"&$orderby=receivedDateTime desc')).res.status).toBe(400);
  });

  it('needs a Mail scope', async () => {
    const { accessToken } = await signIn({ authorityOrigin: AUTH, user: ADELE, scopes: ['openid', 'User.Read'] });
    const res = await fetch(`${GRAPH}/me/messages`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
  });
});

describe('changing mail', () => {
  it('sendMail puts a copy in Sent Items and delivers to a colleague’s Inbox', async () => {
    const subject = 'Emulator test: shelf plan';
    const { res } = await call('/me/sendMail', ADELE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message: {
          subject,
          body: { contentType: 'Text', content: 'See plan <v2>' },
          toRecipients: [{ emailAddress: { address: 'meganb@contoso.com' } }],
        },
      }),
    });
    expect(res.status).toBe(202);
    const sent = await page(
      `/me/mailFolders/sentitems/messages?$filter=${encodeURIComponent(`subject eq '${subject}'`)}`,
    );
    expect(sent.value).toHaveLength(1);
    const inbox = await page(`/me/mailFolders/inbox/messages?$top=1&$select=subject,isRead,from`, 'MeganB@contoso.com');
    expect(inbox.value[0]).toMatchObject({
      subject,
      isRead: false,
      from: { emailAddress: { address: 'AdeleV@contoso.com' } },
    });
    const bad = await call('/me/sendMail', ADELE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { subject: 'x' } }),
    });
    expect(bad.res.status).toBe(400);
  });

  describe('reply, like Graph: comment above the quote, message.body instead of it, not both', () => {
    const json = (body: unknown): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const fromMegan = async () =>
      (
        await page(
          `/me/mailFolders/inbox/messages?$filter=${encodeURIComponent("from/emailAddress/address eq 'MeganB@contoso.com'")}&$top=1&$select=id,subject,body`,
        )
      ).value[0]!;
    const megansCopy = async (subject: string) =>
      (
        await page(
          `/me/mailFolders/inbox/messages?$search=${encodeURIComponent(`"subject:${subject}"`)}&$select=subject,body`,
          'MeganB@contoso.com',
        )
      ).value[0]!;
    const html = (m: Msg) => String((m.body as { content?: string }).content);

    it('puts the comment (as HTML) above the quoted original', async () => {
      const original = await fromMegan();
      const { res } = await call(`/me/messages/${original.id}/reply`, ADELE, json({ comment: '<p>Works for me</p>' }));
      expect(res.status).toBe(202);
      const body = html(await megansCopy(String(original.subject)));
      expect(body.startsWith('<p>Works for me</p>')).toBe(true);
      expect(body.indexOf('<b>Subject:</b>')).toBeGreaterThan(0);
      expect(body).toContain(html(original));
    });

    it('replaces the whole body, quote included, with message.body', async () => {
      const original = await fromMegan();
      await call(
        `/me/messages/${original.id}/reply`,
        ADELE,
        json({ message: { body: { contentType: 'Text', content: 'Only this' } } }),
      );
      const body = html(await megansCopy(String(original.subject)));
      expect(body).toContain('Only this');
      expect(body).not.toContain('<b>Subject:</b>');
      expect(body).not.toContain(html(original));
    });

    it.each(['reply', 'createReply', 'forward', 'createForward'])(
      'refuses comment with message.body on %s',
      async (endpoint) => {
        const original = await fromMegan();
        const message = {
          body: { contentType: 'Text', content: 'b' },
          toRecipients: [{ emailAddress: { address: 'AlexW@contoso.com' } }],
        };
        const { res, body } = await call(
          `/me/messages/${original.id}/${endpoint}`,
          ADELE,
          json({ comment: 'c', message }),
        );
        expect(res.status).toBe(400);
        expect(body).toMatchObject({ error: { code: 'ErrorInvalidRequest' } });
      },
    );
  });

  it('moves a message (new id) and marks it read', async () => {
    const first = await page('/me/mailFolders/inbox/messages?$top=1&$select=id');
    const id = first.value[0]?.id ?? '';
    const moved = await call(`/me/messages/${id}/move`, ADELE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ destinationId: 'archive' }),
    });
    expect(moved.res.status).toBe(201);
    const newId = String(moved.body.id);
    expect(newId).not.toBe(id);
    expect((await call(`/me/messages/${id}`)).res.status).toBe(404);
    const patched = await call(`/me/messages/${newId}`, ADELE, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ isRead: true }),
    });
    expect(patched.body.isRead).toBe(true);
    const archive = (await call('/me/mailFolders/archive')).body;
    expect(patched.body.parentFolderId).toBe(archive.id);
  });
});
