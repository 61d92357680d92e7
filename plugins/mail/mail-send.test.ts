/** Contract tests of sending, replying and drafting against the emulated tenant (MSW). */
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, htmlToText, type StoredMessage, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { idsBehind, mailTestEnvironment } from './test-support';

const { emulator, callAs } = mailTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>, session = adele) => callAs(session, tool, args);
const requests = () => emulator.stats.graphRequests;
const megan = () => emulator.tenant.findUser('MeganB@contoso.com')!;
/** The reply text comes first; below it the original's header and its body. */
function expectQuoted(text: string, original: StoredMessage): void {
  const header = text.indexOf(`Subject: ${original.subject}`);
  expect(header).toBeGreaterThan(0);
  expect(text.indexOf(htmlToText(original.body!.content!).slice(0, 60))).toBeGreaterThan(header);
}
const folderMessages = (userId: string, folder: string) =>
  emulator.tenant.messages(userId, emulator.tenant.resolveFolder(userId, folder)!.id);

describe('sendEmail', () => {
  it('posts one sendMail with the exact message, delivers it and files a copy in Sent Items', async () => {
    const result = await call('sendEmail', {
      to: 'MeganB@contoso.com, Alex Wilber <AlexW@contoso.com>',
      subject: 'Launch checklist',
      body: 'Line one\nLine two',
      importance: 'high',
      attachments: [{ name: 'list.txt', contentBase64: btoa('1. ship') }],
    });
    expect(result.isError).toBeFalsy();
    expect(result.text).toBe(
      'Sent "Launch checklist" to MeganB@contoso.com, AlexW@contoso.com with 1 attachment. A copy is in Sent Items.',
    );
    expect(requests()).toHaveLength(1);
    const [request] = requests();
    expect(request).toMatchObject({ method: 'POST', path: '/me/sendMail', search: '' });
    expect(request!.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(request!.body!)).toEqual({
      message: {
        subject: 'Launch checklist',
        body: { contentType: 'text', content: 'Line one\nLine two' },
        toRecipients: [
          { emailAddress: { address: 'MeganB@contoso.com' } },
          { emailAddress: { address: 'AlexW@contoso.com', name: 'Alex Wilber' } },
        ],
        importance: 'high',
        attachments: [
          {
            '@odata.type': '#microsoft.graph.fileAttachment',
            name: 'list.txt',
            contentType: 'application/octet-stream',
            contentBytes: btoa('1. ship'),
          },
        ],
      },
      saveToSentItems: true,
    });
    expect(folderMessages(megan().id, 'inbox').filter((m) => m.subject === 'Launch checklist')).toHaveLength(1);
    expect(folderMessages(adele.user.id, 'sentitems').filter((m) => m.subject === 'Launch checklist')).toHaveLength(1);
  });

  it('accepts recipients as an array and HTML bodies when asked for', async () => {
    await call('sendEmail', {
      to: ['MeganB@contoso.com'],
      cc: 'AlexW@contoso.com',
      subject: 'Hi',
      body: '<p>Hello</p>',
      contentType: 'html',
      saveToSentItems: false,
    });
    const body = JSON.parse(requests()[0]!.body!);
    expect(body.message.body).toEqual({ contentType: 'html', content: '<p>Hello</p>' });
    expect(body.message.ccRecipients).toEqual([{ emailAddress: { address: 'AlexW@contoso.com' } }]);
    expect(body.saveToSentItems).toBe(false);
  });

  it.each([
    [{ to: '', subject: 's', body: 'b' }, /sendEmail needs to \(at least one recipient\)/],
    [{ to: 'megan, bob@', subject: 's', body: 'b' }, /"to" must be email addresses.*not valid: "megan", "bob@"/],
    [{ to: 'MeganB@contoso.com', body: 'b' }, /sendEmail needs subject/],
    [
      {
        to: 'MeganB@contoso.com',
        subject: 's',
        body: 'b',
        attachments: [{ name: 'big.bin', contentBase64: 'A'.repeat(4_300_000) }],
      },
      /over the 3\.0 MB limit.*Nothing was sent/,
    ],
    [
      { to: 'MeganB@contoso.com', subject: 's', body: 'b', attachments: [{ name: 'x' }] },
      /either contentBase64 or resourceUri/,
    ],
    [{ draftId: 'AAMkAG'.padEnd(60, 'x'), subject: 's' }, /leave out subject.*Nothing was sent/],
  ])('refuses bad input with a clear error and sends nothing: %j', async (args, message) => {
    const result = await call('sendEmail', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(requests().filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('forwards a received attachment by its resource URI', async () => {
    const invoice = folderMessages(adele.user.id, 'inbox').find((m) => m.subject.startsWith('Invoice INV-2026-1042'))!;
    const file = emulator.tenant.mailbox(adele.user.id).getAttachments(invoice.id)[0]!;
    const uri = `m365://mail/${encodeURIComponent(invoice.id)}/attachments/${encodeURIComponent(file.id!)}`;
    await call('sendEmail', {
      to: 'MeganB@contoso.com',
      subject: 'FYI invoice',
      body: 'See attached',
      attachments: [{ name: 'invoice.pdf', resourceUri: uri }],
    });
    const sent = JSON.parse(requests().at(-1)!.body!);
    expect(sent.message.attachments[0]).toMatchObject({
      name: 'invoice.pdf',
      contentType: 'application/pdf',
      contentBytes: file.contentBytes,
    });
  });
});

describe('sendEmail permissions', () => {
  it('a resourceUri attachment without Mail.Read names Mail.Read (not Mail.Send) and sends nothing', async () => {
    const sendOnly = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com', scopes: ['Mail.Send'] });
    const invoice = folderMessages(adele.user.id, 'inbox').find((m) => m.subject.startsWith('Invoice INV-2026-1042'))!;
    const file = emulator.tenant.mailbox(adele.user.id).getAttachments(invoice.id)[0]!;
    const uri = `m365://mail/${encodeURIComponent(invoice.id)}/attachments/${encodeURIComponent(file.id!)}`;
    const result = await call(
      'sendEmail',
      {
        to: 'MeganB@contoso.com',
        subject: 'FYI',
        body: 'See attached',
        attachments: [{ name: 'inv.pdf', resourceUri: uri }],
      },
      sendOnly,
    );
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/needs the Microsoft Graph permission Mail\.Read, which this sign-in does not have/);
    expect(result.text).toMatch(/contentBase64/);
    expect(result.text).toMatch(/Nothing was sent/);
    expect(requests().filter((r) => r.method === 'POST')).toHaveLength(0);
    // The same send-only sign-in still sends with the file given inline.
    const inline = await call(
      'sendEmail',
      {
        to: 'MeganB@contoso.com',
        subject: 'FYI',
        body: 'x',
        attachments: [{ name: 'a.txt', contentBase64: btoa('a') }],
      },
      sendOnly,
    );
    expect(inline.isError).toBeFalsy();
  });
});

describe('replyToEmail', () => {
  it('replies in the conversation with the text as comment, and the sender receives it above the quoted original', async () => {
    const original = folderMessages(adele.user.id, 'inbox').find(
      (m) => m.from?.emailAddress?.address === 'MeganB@contoso.com',
    )!;
    const result = await call('replyToEmail', {
      id: original.id,
      body: 'Thanks, <will> do & "ship".\nAdele',
      contentType: 'text',
    });
    expect(result.text).toBe('Replied. A copy is in Sent Items.');
    const [request] = requests();
    expect(request).toMatchObject({ method: 'POST', path: `/me/messages/${encodeURIComponent(original.id)}/reply` });
    expect(JSON.parse(request!.body!)).toEqual({ comment: 'Thanks, &lt;will&gt; do &amp; &quot;ship&quot;.<br>Adele' });
    const received = folderMessages(megan().id, 'inbox')
      .filter(
        (m) =>
          m.subject === `RE: ${original.subject.replace(/^RE: /, '')}` && m.conversationId === original.conversationId,
      )
      .at(-1)!;
    const text = htmlToText(received.body!.content!);
    expect(text.startsWith('Thanks, <will> do & "ship".\r\nAdele')).toBe(true);
    expectQuoted(text, original);
  });

  it('sends HTML replies as given', async () => {
    const original = folderMessages(adele.user.id, 'inbox')[0]!;
    await call('replyToEmail', {
      id: original.id,
      body: '<p>Looks <b>good</b></p>',
      mode: 'replyAll',
      contentType: 'html',
    });
    expect(JSON.parse(requests()[0]!.body!)).toEqual({ comment: '<p>Looks <b>good</b></p>' });
    const sent = folderMessages(adele.user.id, 'sentitems')
      .filter((m) => m.conversationId === original.conversationId && m.subject.startsWith('RE:'))
      .at(-1)!;
    expect(sent.body!.content!.startsWith('<p>Looks <b>good</b></p>')).toBe(true);
    expectQuoted(htmlToText(sent.body!.content!), original);
  });

  it('forwards only with "to", and refuses "to" on a reply', async () => {
    const original = folderMessages(adele.user.id, 'inbox')[0]!;
    expect((await call('replyToEmail', { id: original.id, body: 'x', mode: 'forward' })).text).toMatch(
      /Forwarding needs "to"/,
    );
    expect((await call('replyToEmail', { id: original.id, body: 'x', to: 'MeganB@contoso.com' })).text).toMatch(
      /"to" is only for mode "forward"/,
    );
    expect(requests()).toHaveLength(0);
    await call('replyToEmail', { id: original.id, body: 'FYI', mode: 'forward', to: 'MeganB@contoso.com' });
    expect(JSON.parse(requests()[0]!.body!)).toEqual({
      comment: 'FYI',
      message: { toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }] },
    });
    const forwarded = folderMessages(megan().id, 'inbox')
      .filter((m) => m.subject === `FW: ${original.subject}`)
      .at(-1)!;
    expect(htmlToText(forwarded.body!.content!).startsWith('FYI')).toBe(true);
    expectQuoted(htmlToText(forwarded.body!.content!), original);
  });
});

describe('createDraft', () => {
  it('saves a draft with its Outlook link, which sendEmail then sends by draftId', async () => {
    const draft = await call('createDraft', { to: 'MeganB@contoso.com', subject: 'Draft plan', body: 'Plan v1' });
    expect(requests()[0]).toMatchObject({ method: 'POST', path: '/me/messages' });
    expect(JSON.parse(requests()[0]!.body!)).toEqual({
      subject: 'Draft plan',
      body: { contentType: 'text', content: 'Plan v1' },
      toRecipients: [{ emailAddress: { address: 'MeganB@contoso.com' } }],
    });
    const handle = /Draft: (\S+)/.exec(draft.text)?.[1];
    const [id] = await idsBehind(adele, [handle!]);
    expect(draft.text).toMatch(/Review in Outlook: https:\/\/outlook\.office365\.com\//);
    expect(emulator.tenant.getMessage(adele.user.id, id!)?.isDraft).toBe(true);
    const draftIds = () => folderMessages(adele.user.id, 'drafts').map((m) => m.id);
    const defaultId = emulator.tenant.getMessage(adele.user.id, id!)!.id;
    expect(draftIds()).toContain(defaultId);
    expect(folderMessages(megan().id, 'inbox').some((m) => m.subject === 'Draft plan')).toBe(false);

    const sent = await call('sendEmail', { draftId: handle });
    expect(sent.isError).toBeFalsy();
    expect(requests().at(-1)).toMatchObject({ method: 'POST', path: `/me/messages/${encodeURIComponent(id!)}/send` });
    expect(folderMessages(megan().id, 'inbox').some((m) => m.subject === 'Draft plan')).toBe(true);
    expect(draftIds()).not.toContain(defaultId);
  });

  it('drafts a reply with createReply', async () => {
    const original = folderMessages(adele.user.id, 'inbox')[0]!;
    const draft = await call('createDraft', { replyToId: original.id, body: 'Looking into it' });
    expect(requests()[0]).toMatchObject({
      method: 'POST',
      path: `/me/messages/${encodeURIComponent(original.id)}/createReply`,
    });
    expect(JSON.parse(requests()[0]!.body!)).toEqual({ comment: 'Looking into it' });
    expect(draft.text).toContain(`To: ${original.from?.emailAddress?.address}`);
    const [savedId] = await idsBehind(adele, [/Draft: (\S+)/.exec(draft.text)![1]!]);
    const saved = emulator.tenant.getMessage(adele.user.id, savedId!)!;
    const text = htmlToText(saved.body!.content!);
    expect(text.startsWith('Looking into it')).toBe(true);
    expectQuoted(text, original);
  });
});

describe('a plain-text body with <…> in it', () => {
  const line = 'Write to Megan <megan@contoso.com> about <Q4>';
  /** What the reader sees: HTML rendered to text, plain text as it is. */
  const shown = (message: StoredMessage) =>
    message.body!.contentType === 'html' ? htmlToText(message.body!.content!) : message.body!.content!;
  const received = (subject: RegExp) =>
    folderMessages(megan().id, 'inbox')
      .filter((m) => subject.test(m.subject))
      .at(-1)!;
  const fromMegan = () =>
    folderMessages(adele.user.id, 'inbox').find((m) => m.from?.emailAddress?.address === 'MeganB@contoso.com')!;

  it('reaches the recipient with the address when sent with sendEmail', async () => {
    const result = await call('sendEmail', { to: 'MeganB@contoso.com', subject: 'Contact', body: line });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(requests()[0]!.body!).message.body).toEqual({ contentType: 'text', content: line });
    expect(shown(received(/^Contact$/))).toBe(line);
  });

  it('reaches the recipient with the address as a reply', async () => {
    const original = fromMegan();
    await call('replyToEmail', { id: original.id, body: line });
    expect(shown(received(/^RE: /)).startsWith(line)).toBe(true);
  });

  it('keeps the address in a draft, and in the mail the draft becomes', async () => {
    const draft = await call('createDraft', { to: 'MeganB@contoso.com', subject: 'Drafted contact', body: line });
    await call('sendEmail', { draftId: /Draft: (\S+)/.exec(draft.text)![1] });
    expect(shown(received(/^Drafted contact$/))).toBe(line);
  });

  it('keeps the address in a reply draft', async () => {
    const draft = await call('createDraft', { replyToId: fromMegan().id, body: line });
    const [id] = await idsBehind(adele, [/Draft: (\S+)/.exec(draft.text)![1]!]);
    const saved = emulator.tenant.getMessage(adele.user.id, id!)!;
    expect(shown(saved).startsWith(line)).toBe(true);
  });
});
