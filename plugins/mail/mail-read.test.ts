/** Contract tests of the mail plugin's read tools against the emulated tenant (MSW). */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, type StoredMessage, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { handlesIn, idsBehind, mailTestEnvironment } from './test-support';

const { emulator, registry, callAs } = mailTestEnvironment();
let session: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' });
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(session, tool, args);
const requests = () => emulator.stats.graphRequests;
const query = (search: string) => Object.fromEntries(new URLSearchParams(search));
const TEXT_AND_IMMUTABLE = 'outlook.body-content-type="text", IdType="ImmutableId"';
/** The id Graph shows for a message when asked for immutable ids (it survives moves). */
const immutable = (message: StoredMessage) => emulator.tenant.mailbox(session.user.id).immutableId(message.id);
const inbox = (): StoredMessage[] => {
  const folder = emulator.tenant.resolveFolder(session.user.id, 'inbox')!;
  return [...emulator.tenant.messages(session.user.id, folder.id)].sort((a, b) =>
    b.receivedDateTime.localeCompare(a.receivedDateTime),
  );
};

describe('tool definitions', () => {
  it('publishes all nine tools within 1,500 o200k tokens together', () => {
    const tools = registry.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'createDraft',
      'getAttachment',
      'getEmail',
      'getEmails',
      'listMailFolders',
      'manageEmails',
      'replyToEmail',
      'searchEmails',
      'sendEmail',
    ]);
    const tokens = tools.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
    expect(tokens).toBeLessThanOrEqual(1500);
  });
});

describe('getEmails', () => {
  it('asks Graph for the folder with $select, $top, $orderby and text bodies, and lists 10 messages within 600 tokens', async () => {
    const result = await call('getEmails', {});
    expect(result.isError).toBeFalsy();
    expect(requests()).toHaveLength(1);
    const [request] = requests();
    expect(request).toMatchObject({ method: 'GET', path: '/me/mailFolders/inbox/messages' });
    expect(query(request!.search)).toEqual({
      $select: 'id,subject,from,receivedDateTime,isRead,hasAttachments,importance,flag',
      $top: '10',
      $orderby: 'receivedDateTime desc',
    });
    expect(request!.headers.prefer).toBe(TEXT_AND_IMMUTABLE);
    const shown = handlesIn(result.text, 'message');
    expect(await idsBehind(session, shown)).toEqual(inbox().slice(0, 10).map(immutable));
    expect(result.text).not.toContain(inbox()[0]!.id.slice(0, 40));
    expect(result.text).toMatch(/<untrusted-content source="mailbox of AdeleV@contoso.com">/);
    expect(countTokens(result.text)).toBeLessThanOrEqual(600);
    console.info(`getEmails of 10: ${countTokens(result.text)} o200k tokens`);
  });

  it('shows times in the user time zone', async () => {
    const newest = inbox()[0]!;
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Los_Angeles',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date(newest.receivedDateTime))
      .replace(', ', ' ');
    expect((await call('getEmails', { count: 1 })).text).toContain(local);
  });

  it('accepts the original argument names (folder by display name, count) and pages with an opaque cursor', async () => {
    await call('getEmails', { folder: 'Projects', count: 3 });
    expect(requests().map((r) => r.path)).toEqual([
      '/me/mailFolders',
      expect.stringMatching(/^\/me\/mailFolders\/AAMk.+\/messages$/),
    ]);
    emulator.stats.reset();
    const first = await call('getEmails', { folder: 'Sent Items', count: 3 });
    expect(requests().map((r) => r.path)).toEqual(['/me/mailFolders/sentitems/messages']);
    const cursor = /cursor "([^"]+)"/.exec(first.text)?.[1];
    // The nextLink is kept behind a handle: the cursor is as short as any handle.
    expect(cursor).toMatch(/^c[0-9][0-9a-z]{4}$/);
    emulator.stats.reset();
    const second = await call('getEmails', { cursor });
    expect(query(requests()[0]!.search)).toMatchObject({ $top: '3', $skip: '3' });
    const ids = (text: string) => handlesIn(text, 'message');
    expect(ids(second.text)).toHaveLength(3);
    expect(ids(second.text).some((id) => ids(first.text).includes(id))).toBe(false);
  });

  it('refuses a tampered cursor and an unknown folder without listing anything', async () => {
    const forged = btoa('/me/mailFolders/inbox/messages?$top=500').replace(/=+$/, '');
    expect((await call('getEmails', { cursor: forged })).text).toMatch(/cursor is not valid/);
    expect((await call('getEmails', { cursor: btoa('/users/other/messages?$top=5') })).isError).toBe(true);
    const unknown = await call('getEmails', { folder: 'Receipts' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/No mail folder named "Receipts"\. Folders: .*Inbox/);
    expect(requests().every((r) => r.path === '/me/mailFolders')).toBe(true);
  });
});

describe('getEmail', () => {
  it('reads one message with $select, $expand of attachment metadata and a capped, fenced body', async () => {
    const message = inbox().find((m) => m.subject.startsWith('Invoice INV-2026-1163'))!;
    const result = await call('getEmail', { id: message.id, maxBodyChars: 120 });
    const [request] = requests();
    expect(request).toMatchObject({ method: 'GET', path: `/me/messages/${encodeURIComponent(message.id)}` });
    expect(query(request!.search).$select).toBe(
      'id,subject,from,toRecipients,ccRecipients,replyTo,receivedDateTime,sentDateTime,isRead,isDraft,importance,flag,hasAttachments,body,conversationId,webLink,categories',
    );
    expect(query(request!.search).$expand).toBe('attachments($select=id,name,contentType,size,isInline)');
    expect(request!.headers.prefer).toBe(TEXT_AND_IMMUTABLE);
    const mailbox = emulator.tenant.mailbox(session.user.id);
    const attachment = mailbox.getAttachments(message.id)[0]!;
    const line = /- \[1\] (\S+) \| application\/pdf \| 459 B/.exec(result.text);
    expect(await idsBehind(session, [line![1]!])).toEqual([mailbox.immutableAttachmentId(message.id, attachment.id!)]);
    expect(result.text).toMatch(/Subject: Invoice INV-2026-1163 from Northwind Traders/);
    expect(result.text).toMatch(/… \[\d+ more characters\]/);
    expect(result.text.indexOf('<untrusted-content')).toBeLessThan(result.text.indexOf('Subject:'));
  });

  it('asks for HTML when format is html, and explains malformed and unknown ids', async () => {
    const id = inbox()[0]!.id;
    await call('getEmail', { id, format: 'html' });
    expect(requests()[0]!.headers.prefer).toBe('outlook.body-content-type="html", IdType="ImmutableId"');
    const malformed = await call('getEmail', { id: 'Budget review' });
    expect(malformed.text).toMatch(/"id" must be a message handle \(e\.g\. m7k2qx\) or id exactly as/);
    const gone = await call('getEmail', { id: `AAMkAG${'x'.repeat(120)}=` });
    expect(gone.text).toMatch(/^Not found \(id "AAMkAGxxx/);
  });
});

describe('searchEmails', () => {
  it('sends KQL as one quoted $search with $select and $top, and finds matching mail', async () => {
    const result = await call('searchEmails', { query: 'from:northwind subject:"INV-2026-1107"', count: 5 });
    const [request] = requests();
    expect(request).toMatchObject({ method: 'GET', path: '/me/messages' });
    expect(query(request!.search)).toEqual({
      $search: '"from:northwind subject:\\"INV-2026-1107\\""',
      $select: 'id,subject,from,receivedDateTime,isRead,hasAttachments,importance,flag',
      $top: '5',
    });
    expect(result.text).toMatch(/: 1 message/);
    expect(result.text).toContain('Invoice INV-2026-1107');
  });
});

describe('listMailFolders', () => {
  it('lists folders with counts and ids, and subfolders by parentId', async () => {
    const top = await call('listMailFolders', {});
    expect(query(requests()[0]!.search)).toEqual({
      $select: 'id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount',
      $top: '100',
    });
    const unread = inbox().filter((m) => !m.isRead).length;
    expect(top.text).toMatch(new RegExp(`- Inbox \\| ${unread} unread / ${inbox().length} \\| f[0-9]`));
    const projects = /- Projects .*\| 1 subfolder \| (\S+)/.exec(top.text)?.[1];
    const projectsId = emulator.tenant.mailbox(session.user.id).folders.find((f) => f.displayName === 'Projects')!.id;
    expect(await idsBehind(session, [projects!])).toEqual([projectsId]);
    const sub = await call('listMailFolders', { parentId: projects });
    expect(requests()[1]!.path).toBe(`/me/mailFolders/${encodeURIComponent(projectsId)}/childFolders`);
    expect(sub.text).toMatch(/- Mark 8 Launch \| /);
  });
});

describe('getAttachment and the attachment resource', () => {
  const attachmentOf = (subject: string) => {
    const message = inbox().find((m) => m.subject.startsWith(subject))!;
    return { message, attachment: emulator.tenant.mailbox(session.user.id).getAttachments(message.id)[0]! };
  };

  it('returns a text attachment as fenced text', async () => {
    const { message, attachment } = attachmentOf('Mark 8 launch');
    const result = await call('getAttachment', { messageId: message.id, attachmentId: attachment.id });
    expect(requests().map((r) => [r.path, query(r.search).$select])).toEqual([
      [
        `/me/messages/${encodeURIComponent(message.id)}/attachments/${encodeURIComponent(attachment.id!)}`,
        'id,name,contentType,size,isInline,lastModifiedDateTime',
      ],
      [`/me/messages/${encodeURIComponent(message.id)}/attachments/${encodeURIComponent(attachment.id!)}`, undefined],
    ]);
    expect(result.text).toMatch(
      /^Attachment text\/csv, 170 B:\n<untrusted-content source="attachment of an email">\n.*\nFile name: mark8-timeline\.csv\n/,
    );
    expect(result.text).toContain(atob(attachment.contentBytes!).split('\r\n')[0]);
  });

  it('offers a PDF as a resource link, readable with resources/read as a blob of the right type', async () => {
    const { message, attachment } = attachmentOf('Invoice INV-2026-1042');
    const result = await registry.callTool(
      'getAttachment',
      { messageId: message.id, attachmentId: attachment.id },
      session.context(),
    );
    // The URI carries the handles of message and attachment, which resolve to the ids asked for.
    const link = result.content[1] as { uri: string };
    const [, messageHandle, attachmentHandle] = /^m365:\/\/mail\/(m\w+)\/attachments\/(a\w+)$/.exec(link.uri)!;
    expect(await idsBehind(session, [messageHandle!, attachmentHandle!])).toEqual([message.id, attachment.id]);
    const uri = link.uri;
    expect(result.content[1]).toEqual({
      type: 'resource_link',
      uri,
      name: 'attachment.pdf',
      mimeType: 'application/pdf',
      description: '459 B attachment',
    });
    expect(requests()).toHaveLength(1); // no download for a link
    expect(registry.listResourceTemplates()).toEqual([
      expect.objectContaining({ uriTemplate: 'm365://mail/{messageId}/attachments/{attachmentId}' }),
    ]);
    const contents = await registry.readResource(uri, session.context());
    expect(contents).toEqual({ uri, mimeType: 'application/pdf', blob: attachment.contentBytes });
  });

  it('reads a resource by the handles in its URI only for their user, and forwards it by that URI', async () => {
    const { message, attachment } = attachmentOf('Invoice INV-2026-1042');
    const result = await registry.callTool(
      'getAttachment',
      { messageId: message.id, attachmentId: attachment.id },
      session.context(),
    );
    const { uri } = result.content[1] as { uri: string };
    await session.settled();
    const megan = await createToolTestSession({ emulator, user: 'MeganB@contoso.com' });
    await expect(registry.readResource(uri, megan.context())).rejects.toMatchObject({
      reason: 'not_found',
      message: expect.stringMatching(/handles have expired or belong to another sign-in/),
    });
    emulator.stats.reset();
    const sent = await call('sendEmail', {
      to: 'MeganB@contoso.com',
      subject: 'Invoice',
      body: 'FYI',
      attachments: [{ name: 'invoice.pdf', resourceUri: uri }],
    });
    expect(sent.isError).toBeFalsy();
    const sendMail = requests().find((r) => r.path === '/me/sendMail')!;
    const [file] = JSON.parse(sendMail.body!).message.attachments as Array<{ contentBytes: string }>;
    expect(file!.contentBytes).toBe(attachment.contentBytes);
  });

  it('refuses resources over the size limit and unknown URIs', async () => {
    const big = emulator.tenant.addMessage(
      session.user.id,
      'inbox',
      { subject: 'Big', receivedDateTime: '2026-11-27T10:00:00Z', conversationId: 'AAQkbig' },
      [{ name: 'video.mp4', contentType: 'video/mp4', contentBytes: 'A'.repeat(14 * 1024 * 1024) }],
    );
    const attachment = emulator.tenant.mailbox(session.user.id).getAttachments(big.id)[0]!;
    const uri = `m365://mail/${encodeURIComponent(big.id)}/attachments/${encodeURIComponent(attachment.id!)}`;
    await expect(registry.readResource(uri, session.context())).rejects.toThrow(/10\.5 MB, over the 10\.0 MB limit/);
    expect(requests()).toHaveLength(1); // metadata only, no download
    await expect(registry.readResource('m365://calendar/x', session.context())).rejects.toMatchObject({
      reason: 'not_found',
    });
  });
});
