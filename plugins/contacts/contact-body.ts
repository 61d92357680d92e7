/**
 * Tool arguments → the Graph contact body, and the list merges Graph leaves to the caller: a PATCH
 * replaces `emailAddresses`, `businessPhones` and `homePhones` whole, so additions and removals
 * are applied to the current lists here, and the limits Outlook keeps are checked before sending.
 */
import type { Contact, PhysicalAddress } from '@microsoft/microsoft-graph-types';
import { ToolError } from 'm365-mcp-gateway/plugin';
import type { ContactFields, Phones } from './schemas';

const ADDRESS_KEYS = { business: 'businessAddress', home: 'homeAddress', other: 'otherAddress' } as const;

/** The scalar and whole-list fields given: only what the caller named, so nothing else changes. */
export function contactBody(fields: ContactFields): Contact {
  const body: Contact = {};
  if (fields.givenName !== undefined) body.givenName = fields.givenName;
  if (fields.surname !== undefined) body.surname = fields.surname;
  if (fields.company !== undefined) body.companyName = fields.company;
  if (fields.jobTitle !== undefined) body.jobTitle = fields.jobTitle;
  if (fields.department !== undefined) body.department = fields.department;
  if (fields.notes !== undefined) body.personalNotes = fields.notes;
  if (fields.birthday !== undefined) body.birthday = `${fields.birthday}T00:00:00Z`;
  if (fields.emails !== undefined) body.emailAddresses = fields.emails.map((address) => ({ address }));
  if (fields.phones !== undefined) Object.assign(body, phoneBody(fields.phones));
  for (const a of fields.addresses ?? []) {
    const { type, ...postal } = a;
    body[ADDRESS_KEYS[type]] = Object.fromEntries(
      Object.entries(postal).filter(([, value]) => value),
    ) as PhysicalAddress;
  }
  return body;
}

function phoneBody(phones: Phones): Contact {
  return {
    ...(phones.business !== undefined ? { businessPhones: phones.business } : {}),
    ...(phones.mobile !== undefined ? { mobilePhone: phones.mobile } : {}),
    ...(phones.home !== undefined ? { homePhones: phones.home } : {}),
  };
}

export interface ListChanges {
  addEmails?: string[] | undefined;
  removeEmails?: string[] | undefined;
  addPhones?: Phones | undefined;
  removePhones?: string[] | undefined;
}

export type CurrentLists = Pick<Contact, 'emailAddresses' | 'businessPhones' | 'homePhones' | 'mobilePhone'>;

const digits = (phone: string) => phone.replace(/\D/g, '');
const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The whole lists to send after adding and removing on top of `current` (or of the lists the body
 * already replaces). Throws a ToolError, before anything is sent, when a removal names something
 * the contact does not have or a list would outgrow Outlook's limits.
 */
export function mergeLists(current: CurrentLists, body: Contact, changes: ListChanges): Contact {
  const out: Contact = {};
  if (changes.addEmails || changes.removeEmails) {
    let list = [...(body.emailAddresses ?? current.emailAddresses ?? [])];
    for (const address of changes.removeEmails ?? []) {
      if (!list.some((e) => sameAddress(e.address ?? '', address)))
        throw new ToolError(
          `removeEmails: ${address} is not on this contact (it has: ${list.map((e) => e.address).join(', ') || 'none'}). Nothing was changed.`,
        );
      list = list.filter((e) => !sameAddress(e.address ?? '', address));
    }
    for (const address of changes.addEmails ?? []) {
      if (!list.some((e) => sameAddress(e.address ?? '', address))) list.push({ address });
    }
    if (list.length > 3)
      throw new ToolError(
        `A contact holds at most 3 email addresses; this one would have ${list.length} (${list.map((e) => e.address).join(', ')}). Remove one with removeEmails in the same call. Nothing was changed.`,
      );
    out.emailAddresses = list;
  }
  if (changes.addPhones || changes.removePhones) {
    let business = [...(body.businessPhones ?? current.businessPhones ?? [])];
    let home = [...(body.homePhones ?? current.homePhones ?? [])];
    let mobile = body.mobilePhone !== undefined ? body.mobilePhone : (current.mobilePhone ?? null);
    for (const number of changes.removePhones ?? []) {
      const match = (p: string) => digits(p) === digits(number);
      if (!business.some(match) && !home.some(match) && !(mobile && match(mobile))) {
        const has = [...business, ...(mobile ? [mobile] : []), ...home];
        throw new ToolError(
          `removePhones: ${number} is not on this contact (it has: ${has.join(', ') || 'none'}). Nothing was changed.`,
        );
      }
      business = business.filter((p) => !match(p));
      home = home.filter((p) => !match(p));
      if (mobile && match(mobile)) mobile = null;
    }
    const add = changes.addPhones ?? {};
    const added = (list: string[], more: string[] | undefined) => [
      ...list,
      ...(more ?? []).filter((p) => !list.some((q) => digits(q) === digits(p))),
    ];
    business = added(business, add.business);
    home = added(home, add.home);
    if (add.mobile !== undefined) {
      if (mobile && digits(mobile) !== digits(add.mobile))
        throw new ToolError(
          `The contact already has mobile ${mobile}; Outlook keeps one mobile number. Replace it with phones ["mobile: …"], or add the number as business or home. Nothing was changed.`,
        );
      mobile = add.mobile;
    }
    for (const [kind, list] of [
      ['business', business],
      ['home', home],
    ] as const) {
      if (list.length > 2)
        throw new ToolError(
          `A contact holds at most 2 ${kind} numbers; this one would have ${list.length} (${list.join(', ')}). Remove one with removePhones in the same call. Nothing was changed.`,
        );
    }
    // Only the lists that changed go into the PATCH: the others stay exactly as they are.
    const before = {
      business: body.businessPhones ?? current.businessPhones ?? [],
      home: body.homePhones ?? current.homePhones ?? [],
      mobile: body.mobilePhone !== undefined ? body.mobilePhone : (current.mobilePhone ?? null),
    };
    if (body.businessPhones !== undefined || business.join() !== before.business.join()) out.businessPhones = business;
    if (body.homePhones !== undefined || home.join() !== before.home.join()) out.homePhones = home;
    if (body.mobilePhone !== undefined || mobile !== before.mobile) out.mobilePhone = mobile;
  }
  return out;
}
