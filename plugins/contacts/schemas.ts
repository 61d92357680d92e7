/**
 * Argument schemas shared by the contacts tools. Rules JSON Schema cannot say (`v.check`) carry
 * their explanation in the error message, so the published schema stays short.
 */
import { graphIdOrHandle } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';

/** A contact as a tool showed it: its handle, or the full Graph id. */
export const contactId = graphIdOrHandle('contact');

/** A contact folder by name (`Suppliers`), handle or id; `Contacts` is the default folder. */
export const folderRef = graphIdOrHandle('folder', { orName: true, maxLength: 100 });

export const cursor = v.optional(graphIdOrHandle('cursor', { description: 'From the previous result' }));

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** An address as RFC 5322 allows it (`o'brien+r&d@…`, non-ASCII), not just the common subset. */
export function isAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/** `+1 (206) 555-0143`, `020 7946 0958`, `+44 7700 900461 ext. 12`: digits with the usual separators. */
const PHONE = /^\+?[0-9 ().\-/]{4,30}(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?$/i;

export function isPhone(value: string): boolean {
  return PHONE.test(value) && (value.match(/[0-9]/g)?.length ?? 0) >= 4;
}

const email = v.pipe(v.string(), v.trim(), v.check(isAddress, 'must be an email address like jordan@tailspintoys.com'));
// Limits are checked, not published: every schema character is paid for on each tools/list.
export const emails = v.pipe(
  v.array(email),
  v.check((list) => list.length <= 3, 'must list at most 3 addresses (Outlook keeps 3 per contact)'),
);
export const emailList = v.array(email);

const PHONE_LINE = /^(business|mobile|home)\s*:\s*(.+)$/i;

/**
 * Phones as `kind: number` lines (`mobile: +1 206 555 0187`), kinds business, mobile and home.
 * Outlook keeps two business, one mobile and two home numbers.
 */
export const phones = v.pipe(
  v.array(v.string()),
  v.check(
    (list) => list.every((line) => PHONE_LINE.test(line.trim()) && isPhone(PHONE_LINE.exec(line.trim())?.[2] ?? '')),
    (issue) => {
      const bad = (issue.input as string[]).filter((l) => !isPhone(PHONE_LINE.exec(l.trim())?.[2] ?? ''));
      return `must be "kind: number" lines like "mobile: +1 206 555 0143", kind business, mobile or home (not valid: ${bad.map((b) => JSON.stringify(b)).join(', ')})`;
    },
  ),
  v.check(
    (list) => list.filter((line) => /^\s*mobile\s*:/i.test(line)).length <= 1,
    'must list at most 1 mobile number (Outlook keeps one)',
  ),
  v.transform((list) => {
    const out: { business?: string[]; mobile?: string; home?: string[] } = {};
    for (const line of list) {
      const [, kind = '', number = ''] = PHONE_LINE.exec(line.trim()) ?? [];
      const k = kind.toLowerCase() as 'business' | 'mobile' | 'home';
      if (k === 'mobile') out.mobile = number.trim();
      else out[k] = [...(out[k] ?? []), number.trim()];
    }
    return out;
  }),
  v.check(
    (p) => (p.business?.length ?? 0) <= 2 && (p.home?.length ?? 0) <= 2,
    'must list at most 2 business and 2 home numbers (Outlook keeps those)',
  ),
);
export type Phones = v.InferOutput<typeof phones>;

const text = (limit: number) =>
  v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.check((s) => s.length <= limit, `must be at most ${limit} characters`),
    ),
  );

/**
 * A postal address as one line, `home: 1208 NE 8th St, Bellevue, WA 98004, United States` (kind
 * first: business, home or other), split into Graph's fields: street, city, then state and postal
 * code, then country. One string costs a fraction of an object schema on every tools/list.
 */
const ADDRESS_LINE = /^(business|home|other)\s*:\s*(.+)$/i;
const postal = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (line) => ADDRESS_LINE.test(line) && line.length <= 500,
    (issue) =>
      `must be "kind: street, city, state postcode, country" with kind business, home or other (not valid: ${JSON.stringify(issue.input)})`,
  ),
  v.transform(parseAddress),
);

export type ParsedAddress = ReturnType<typeof parseAddress>;

function parseAddress(line: string) {
  const [, kind = 'business', rest = ''] = ADDRESS_LINE.exec(line) ?? [];
  const parts = rest.split(',').map((p) => p.trim());
  const [street = '', city = '', region = '', ...country] = parts;
  // `WA 98004`, `98004`, `EC3V 3QQ`: a trailing token with a digit is the postal code.
  const code = /^(.*?)\s*((?=\S*\d)[A-Z0-9][A-Z0-9 -]{1,9})$/i.exec(region);
  return {
    type: kind.toLowerCase() as 'business' | 'home' | 'other',
    street,
    city,
    state: code ? (code[1] ?? '') : region,
    postalCode: code?.[2] ?? '',
    countryOrRegion: country.join(', '),
  };
}

/** The fields of a contact, shared by createContact and updateContact so both take the same shapes. */
export const contactFields = {
  givenName: text(100),
  surname: text(100),
  emails: v.optional(emails),
  phones: v.optional(phones),
  company: text(200),
  jobTitle: text(200),
  department: text(200),
  addresses: v.optional(v.array(postal)),
  birthday: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)), 'must be a date like 1988-04-12'),
    ),
  ),
  notes: text(10_000),
};

export type ContactFields = {
  [K in keyof typeof contactFields]?: v.InferOutput<(typeof contactFields)[K]>;
};
