/** Building blocks for the seeded mail: people, the seed record shape, and tiny attachment bodies. */
import { DEMO_USERS, OTHER_COLLEAGUES } from '../directory/users';

export interface SeedAddress {
  name: string;
  address: string;
}

export interface SeedAttachment {
  name: string;
  contentType: string;
  /** ASCII content; stored base64-encoded as Graph's `contentBytes`. */
  content: string;
}

export type SeedFolder = 'inbox' | 'archive' | 'deleteditems' | 'junkemail' | 'projects' | 'projectChild';

/** One sent message. The builder files a copy in every demo mailbox involved. */
export interface SeedMail {
  /** Conversation key: messages with the same key share a conversationId. */
  thread: string;
  subject: string;
  from: SeedAddress;
  to: SeedAddress[];
  cc?: SeedAddress[];
  /** Days before the anchor date, and UTC time of day `HH:MM`. */
  daysAgo: number;
  time: string;
  /** Inner body HTML (wrapped in Outlook's document shell by the builder). */
  html: string;
  importance?: 'low' | 'normal' | 'high';
  attachments?: SeedAttachment[];
  categories?: string[];
  /** Flag state on the received copies. */
  flag?: 'flagged' | 'complete';
  /** Folder for received copies, per recipient address (default inbox). */
  fileAs?: Record<string, SeedFolder>;
  /** Force the received copies unread (otherwise read state follows a deterministic pattern). */
  unread?: boolean;
  /** An unsent draft: exists only in the sender's Drafts. */
  draft?: boolean;
  inferenceClassification?: 'focused' | 'other';
}

const person = (i: number): SeedAddress => {
  const u = DEMO_USERS[i];
  if (!u) throw new Error(`no demo user ${i}`);
  return { name: u.displayName, address: u.mail };
};

export const ADELE = person(0);
export const MEGAN = person(1);
export const ALEX = person(2);
export const NESTOR: SeedAddress = { ...OTHER_COLLEAGUES.nestor };
export const PATTI: SeedAddress = { ...OTHER_COLLEAGUES.patti };
export const LEE: SeedAddress = { ...OTHER_COLLEAGUES.lee };

/** Paragraphs → HTML; strings starting with `- ` become list items. */
export function body(...blocks: string[]): string {
  const out: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${l}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const b of blocks) {
    if (b.startsWith('- ')) list.push(b.slice(2));
    else {
      flush();
      out.push(`<p>${b}</p>`);
    }
  }
  flush();
  return out.join('\n');
}

export function signature(p: SeedAddress, title?: string): string {
  return `<p>Thanks,<br>${p.name}${title ? `<br><span style="color:#666">${title} | Contoso</span>` : ''}</p>`;
}

export function csv(name: string, rows: ReadonlyArray<ReadonlyArray<string | number>>): SeedAttachment {
  return { name, contentType: 'text/csv', content: `${rows.map((r) => r.join(',')).join('\r\n')}\r\n` };
}

export function txt(name: string, content: string): SeedAttachment {
  return { name, contentType: 'text/plain', content };
}

/** A minimal one-page PDF with a line of text: valid enough for viewers, a few hundred bytes. */
export function pdf(name: string, line: string): SeedAttachment {
  const text = line.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const content = [
    '%PDF-1.4',
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj',
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj',
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj',
    `4 0 obj<</Length ${stream.length}>>stream`,
    stream,
    'endstream endobj',
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj',
    'trailer<</Root 1 0 R>>',
    '%%EOF',
    '',
  ].join('\n');
  return { name, contentType: 'application/pdf', content };
}
