/**
 * Compact renderings of contacts: one line per contact in lists (its handle first), every field
 * in detail. Names, companies, addresses and notes may come from others (imported cards, shared
 * address books), so they sit inside an untrusted-content fence; the handles stay outside it.
 */
import type { Contact, PhysicalAddress } from '@microsoft/microsoft-graph-types';
import { compactDate, fenceUntrusted, oneLine, type ToolHandles } from 'm365-mcp-gateway/plugin';

/** What a list shows; every list request sends exactly these in `$select`. */
export const LIST_FIELDS = [
  'id',
  'displayName',
  'companyName',
  'jobTitle',
  'emailAddresses',
  'mobilePhone',
  'businessPhones',
];

/** What the detail shows. */
export const DETAIL_FIELDS = [
  ...LIST_FIELDS,
  'givenName',
  'surname',
  'department',
  'homePhones',
  'businessAddress',
  'homeAddress',
  'otherAddress',
  'birthday',
  'personalNotes',
  'categories',
  'parentFolderId',
  'lastModifiedDateTime',
];

/**
 * `c7k2qx | Jordan Reyes | Tailspin Toys | jordan@… (+1) | +1 206…`: the columns of Outlook's
 * list view. The job title only when there is no company (getContact shows both).
 */
export function contactLine(contact: Contact, handles: ToolHandles): string {
  const emails = (contact.emailAddresses ?? []).map((e) => e.address).filter(Boolean);
  const company = contact.companyName === contact.displayName ? '' : contact.companyName;
  const work = company || contact.jobTitle || '';
  // One number, mobile first: getContact shows them all, labelled.
  const phone = contact.mobilePhone || contact.businessPhones?.[0] || '';
  const parts = [
    handles.show('contact', contact.id ?? ''),
    oneLine(contact.displayName || '(no name)', 60),
    ...(work ? [oneLine(work, 70)] : []),
    ...(emails.length ? [`${emails[0]}${emails.length > 1 ? ` (+${emails.length - 1})` : ''}`] : []),
    ...(phone ? [phone] : []),
  ];
  return `- ${parts.join(' | ')}`;
}

export function contactList(contacts: readonly Contact[], heading: string, handles: ToolHandles, more = ''): string {
  if (contacts.length === 0) return `${heading}: none.${more ? ` ${more}` : ''}`;
  const lines = contacts.map((c) => contactLine(c, handles)).join('\n');
  return `${heading}: ${contacts.length} (handle | name | company or job | email (+N more) | mobile or business phone):\n${fenceUntrusted(lines, 'contacts')}${more ? `\n${more}` : ''}`;
}

function postal(label: string, a: PhysicalAddress | null | undefined): string | undefined {
  if (!a) return undefined;
  const line = [a.street, a.city, [a.state, a.postalCode].filter(Boolean).join(' '), a.countryOrRegion]
    .filter(Boolean)
    .join(', ');
  return line ? `${label}: ${oneLine(line)}` : undefined;
}

/** Every field people use, notes last; the handle outside the fence. */
export function contactDetail(contact: Contact, handles: ToolHandles, timeZone?: string): string {
  const phones = [
    ...(contact.businessPhones ?? []).map((p) => `business ${p}`),
    ...(contact.mobilePhone ? [`mobile ${contact.mobilePhone}`] : []),
    ...(contact.homePhones ?? []).map((p) => `home ${p}`),
  ];
  const emails = (contact.emailAddresses ?? []).map((e) => e.address).filter(Boolean);
  const lines = [
    `Name: ${oneLine(contact.displayName || '(no name)')}`,
    ...(contact.companyName || contact.jobTitle || contact.department
      ? [`Work: ${oneLine([contact.companyName, contact.jobTitle, contact.department].filter(Boolean).join(', '))}`]
      : []),
    `Emails: ${emails.length ? emails.join(', ') : 'none'}`,
    `Phones: ${phones.length ? phones.join(', ') : 'none'}`,
    postal('Business address', contact.businessAddress),
    postal('Home address', contact.homeAddress),
    postal('Other address', contact.otherAddress),
    contact.birthday ? `Birthday: ${contact.birthday.slice(0, 10)}` : undefined,
    contact.categories?.length ? `Categories: ${contact.categories.join(', ')}` : undefined,
    contact.personalNotes ? `Notes: ${contact.personalNotes.trim()}` : undefined,
  ].filter((l): l is string => l !== undefined);
  const changed = contact.lastModifiedDateTime
    ? `, changed ${compactDate(contact.lastModifiedDateTime, timeZone)}`
    : '';
  return `Contact ${handles.show('contact', contact.id ?? '')}${changed}:\n${fenceUntrusted(lines.join('\n'), 'contact card')}`;
}
