/**
 * Files the seeded mail into the demo mailboxes. Deterministic: dates count back from a fixed anchor
 * and read state follows a hash, so every run (and every reset) yields identical data and ids.
 */
import type { Recipient } from '@microsoft/microsoft-graph-types';
import { conversationIdFor, seededBytes, textToBase64, toBase64Url } from '../ids';
import { graphDate, type Mailbox, type StoredFolder } from './mailbox';
import { EXTERNAL_MAIL } from './seed-mail-external';
import type { SeedAddress, SeedFolder, SeedMail } from './seed-helpers';
import { INTERNAL_MAIL } from './seed-mail-internal';
import { ROUTINE_MAIL } from './seed-mail-routine';

/** The seed's "now": every seeded date lies within the ~60 days before it. */
export const SEED_ANCHOR = '2026-11-27T16:00:00Z';

export const SEED_MAIL: readonly SeedMail[] = [...INTERNAL_MAIL, ...EXTERNAL_MAIL, ...ROUTINE_MAIL];

const recipient = (a: SeedAddress): Recipient => ({ emailAddress: { name: a.name, address: a.address } });

function hash(s: string): number {
  const b = seededBytes(s, 2);
  return ((b[0] ?? 0) << 8) | (b[1] ?? 0);
}

/** Outlook's HTML document shell around a message body. */
function wrapHtml(inner: string): string {
  return (
    '<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    '<style type="text/css" style="display:none">P {margin-top:0;margin-bottom:0;}</style></head>' +
    `<body dir="ltr"><div style="font-family:Aptos,Calibri,Helvetica,sans-serif;font-size:12pt;color:rgb(0,0,0)">\r\n${inner}\r\n</div></body></html>`
  );
}

function internetMessageId(mail: SeedMail, index: number): string {
  const local = toBase64Url(seededBytes(`imid:${mail.thread}:${index}`, 12))
    .replace(/[-_]/g, 'x')
    .toUpperCase();
  const domain = mail.from.address.split('@')[1] ?? 'example.com';
  return domain === 'contoso.com'
    ? `<BY5PR04MB${local}@BY5PR04MB6993.namprd04.prod.outlook.com>`
    : `<${local}@mail.${domain}>`;
}

/** Per-user folders beyond the well-known ones (one with a nested child), created before mail is filed. */
export function createUserFolders(mailbox: Mailbox): Record<'projects' | 'projectChild', StoredFolder> {
  const projects = mailbox.addFolder('Projects', mailbox.root.id);
  const projectChild = mailbox.addFolder('Mark 8 Launch', projects.id);
  return { projects, projectChild };
}

export function seedMail(mailboxes: ReadonlyMap<string, Mailbox>): void {
  const anchor = Date.parse(SEED_ANCHOR);
  const custom = new Map<Mailbox, Record<'projects' | 'projectChild', StoredFolder>>();
  for (const mb of mailboxes.values()) custom.set(mb, createUserFolders(mb));

  const folderOf = (mb: Mailbox, name: SeedFolder | 'sentitems' | 'drafts'): StoredFolder => {
    const extra = custom.get(mb);
    const f = name === 'projects' || name === 'projectChild' ? extra?.[name] : mb.resolveFolder(name);
    if (!f) throw new Error(`seed: no folder ${name}`);
    return f;
  };

  // Oldest first, so a mailbox's insertion order (and so its ids) follows time.
  const ordered = SEED_MAIL.map((m, i) => ({ m, i })).sort(
    (a, b) => b.m.daysAgo - a.m.daysAgo || a.m.time.localeCompare(b.m.time) || a.i - b.i,
  );
  for (const { m, i } of ordered) {
    const [hh, mm] = m.time.split(':').map(Number);
    const sent = new Date(anchor - m.daysAgo * 86_400_000);
    sent.setUTCHours(hh ?? 0, mm ?? 0, hash(`s:${i}`) % 60, 0);
    const received = new Date(sent.getTime() + (3 + (hash(`r:${i}`) % 40)) * 1000);
    const attachments = (m.attachments ?? []).map((a) => ({
      name: a.name,
      contentType: a.contentType,
      contentBytes: textToBase64(a.content),
    }));
    const base = {
      subject: m.subject,
      bodyHtml: wrapHtml(m.html),
      from: recipient(m.from),
      toRecipients: m.to.map(recipient),
      ccRecipients: (m.cc ?? []).map(recipient),
      conversationId: conversationIdFor(m.thread),
      internetMessageId: internetMessageId(m, i),
      importance: m.importance ?? 'normal',
      categories: m.categories ?? [],
    } as const;

    const senderBox = mailboxes.get(m.from.address.toLowerCase());
    if (senderBox) {
      senderBox.insert(
        folderOf(senderBox, m.draft ? 'drafts' : 'sentitems'),
        {
          ...base,
          categories: [...base.categories],
          toRecipients: [...base.toRecipients],
          ccRecipients: [...base.ccRecipients],
          sentDateTime: m.draft ? null : graphDate(sent),
          receivedDateTime: graphDate(m.draft ? sent : received),
          isRead: true,
          isDraft: m.draft ?? false,
        },
        attachments,
      );
    }
    if (m.draft) continue;
    for (const r of [...m.to, ...(m.cc ?? [])]) {
      const box = mailboxes.get(r.address.toLowerCase());
      if (!box) continue;
      const daysOld = m.daysAgo;
      const isRead = m.unread ? false : daysOld > 3 && hash(`read:${m.thread}:${i}:${r.address}`) % 5 !== 0;
      box.insert(
        folderOf(box, m.fileAs?.[r.address] ?? 'inbox'),
        {
          ...base,
          categories: [...base.categories],
          toRecipients: [...base.toRecipients],
          ccRecipients: [...base.ccRecipients],
          sentDateTime: graphDate(sent),
          receivedDateTime: graphDate(received),
          isRead,
          flagStatus: m.flag ?? 'notFlagged',
          inferenceClassification: m.inferenceClassification ?? 'focused',
        },
        attachments,
      );
    }
  }
}
