/**
 * Argument schemas shared by the mail tools. Published JSON Schema is paid for on every
 * tools/list, so rules JSON Schema cannot say (`v.check`, transforms) carry the explanation in
 * their error message instead of a long description.
 */
import * as v from 'valibot';
import { graphIdOrHandle, handleInUri } from 'm365-mcp-gateway/plugin';

/** Graph ids are base64-ish strings; anything else (a subject, a number) is refused before Graph. */
const GRAPH_ID = /^[A-Za-z0-9+/=_-]{20,1024}$/;

export function isGraphId(value: string): boolean {
  return GRAPH_ID.test(value);
}

/** A message (or draft) as a mail tool showed it: its handle, or the full Graph id. */
export const messageId = graphIdOrHandle('message');

/** A folder by name (`Archive`, `inbox`), handle from listMailFolders, or Graph id. */
export const folderRef = (description?: string) =>
  graphIdOrHandle('folder', { orName: true, maxLength: 300, ...(description ? { description } : {}) });

export const count = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 10);

/** A paging cursor: the short handle a list showed (its Graph nextLink is kept behind it) or the cursor itself. */
export const cursor = v.optional(graphIdOrHandle('cursor', { description: 'From the previous result' }));

export const contentType = v.optional(v.pipe(v.picklist(['html', 'text']), v.description('text (default) or html')));

/** A length limit enforced at call time but not published (it would cost tokens on every tools/list). */
export const maxChars = (limit: number) =>
  v.check((value: string) => value.length <= limit, `must be at most ${limit} characters`);

/** Optional free text (subject, body) with an unpublished length limit. */
export const text = (limit: number) => v.optional(v.pipe(v.string(), maxChars(limit)));

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** An address as RFC 5322 allows it (`o'brien+r&d@…`, non-ASCII), not just the common subset. */
export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/** `Name <address>` or a bare address → the address; anything else is returned as is (and refused). */
export function addressOf(entry: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(entry);
  return (angled?.[1] ?? entry).trim();
}

function splitRecipients(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value.flatMap((item) => item.split(/[,;]/)) : value.split(/[,;]/);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * Recipients as the original tools took them (`"a@x.com, b@y.com"`) or as an array; each may be
 * `Name <address>`. Parsed into a list of `{ name?, address }`.
 */
export const recipients = v.pipe(
  v.union([v.string(), v.array(v.string())]),
  v.transform(splitRecipients),
  v.maxLength(500, 'must name at most 500 recipients'),
  v.check(
    (list) => list.every((entry) => ADDRESS.test(addressOf(entry))),
    (issue) => {
      const bad = (issue.input as string[]).filter((entry) => !ADDRESS.test(addressOf(entry)));
      return `must be email addresses, e.g. "megan@contoso.com" or "Megan Bowen <megan@contoso.com>" (not valid: ${bad.map((b) => JSON.stringify(b)).join(', ')})`;
    },
  ),
  v.transform((list) =>
    list.map((entry) => {
      const name = /^(.*?)\s*<[^<>]+>\s*$/.exec(entry)?.[1]?.replace(/^"|"$/g, '').trim();
      return { address: addressOf(entry), ...(name ? { name } : {}) };
    }),
  ),
);

export type ParsedRecipient = { address: string; name?: string };

/** Files to attach: bytes as base64, or an attachment resource URI (forwarding a received file). */
export const attachments = v.optional(
  v.pipe(
    v.array(
      v.strictObject({
        name: v.pipe(v.string(), v.trim(), v.nonEmpty(), maxChars(255)),
        contentBase64: v.optional(
          v.pipe(
            v.string(),
            v.check((b) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(b), 'must be base64'),
          ),
        ),
        resourceUri: v.optional(
          v.pipe(
            v.string(),
            v.check((u) => u.startsWith('m365://mail/'), 'must be an m365://mail/… URI from getAttachment'),
            // getAttachment's URIs carry handles: they are resolved to the full ids before run.
            v.transform((uri) =>
              uri.replace(
                /^m365:\/\/mail\/([^/]+)\/attachments\/([^/]+)$/,
                (_, message: string, attachment: string) =>
                  `m365://mail/${handleInUri('message', message)}/attachments/${handleInUri('attachment', attachment)}`,
              ),
            ),
          ),
        ),
        contentType: v.optional(v.string()),
      }),
    ),
    v.check((list) => list.length <= 20, 'must list at most 20 files'),
    v.check(
      (list) => list.every((a) => (a.contentBase64 === undefined) !== (a.resourceUri === undefined)),
      'must give each file either contentBase64 or resourceUri',
    ),
  ),
);

export type AttachmentInput = NonNullable<v.InferOutput<typeof attachments>>[number];

/** The fields of a new message, shared by sendEmail and createDraft so both accept the same shapes. */
export const composeEntries = {
  to: v.optional(recipients),
  cc: v.optional(recipients),
  bcc: v.optional(recipients),
  subject: text(500),
  body: text(1_000_000),
  contentType,
};
