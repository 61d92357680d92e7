/**
 * One user's Outlook contacts: the default Contacts folder, its child folders and the contacts in
 * them, with the bookkeeping and the limits Exchange applies (three email addresses, two business
 * and two home phones per contact).
 */
import type { Contact, ContactFolder, EmailAddress } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import { exchangeFolderId, exchangeImmutableId, seededBytes, toBase64 } from '../ids';
import { graphDate } from '../mail/mailbox';

/** A contact as stored: Graph's shape with the fields the emulator always sets made required. */
export type StoredContact = Contact & {
  id: string;
  '@odata.etag': string;
  changeKey: string;
  parentFolderId: string;
  displayName: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  emailAddresses: EmailAddress[];
  businessPhones: string[];
  homePhones: string[];
};

export type StoredContactFolder = ContactFolder & { id: string; displayName: string; parentFolderId: string };

/** What a create or update may set: Graph's writable contact properties. */
export type ContactInput = Omit<
  Contact,
  'id' | 'changeKey' | 'createdDateTime' | 'lastModifiedDateTime' | 'parentFolderId'
>;

/** Outlook keeps Email1–Email3, Business/Business 2 and Home/Home 2: more is refused. */
export const CONTACT_LIMITS = { emailAddresses: 3, businessPhones: 2, homePhones: 2 } as const;

/** Properties a contact has in Graph (what `$select` may name). */
export const CONTACT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'parentFolderId',
  'birthday',
  'fileAs',
  'displayName',
  'givenName',
  'initials',
  'middleName',
  'nickName',
  'surname',
  'title',
  'generation',
  'imAddresses',
  'jobTitle',
  'companyName',
  'department',
  'officeLocation',
  'profession',
  'businessHomePage',
  'assistantName',
  'manager',
  'homePhones',
  'mobilePhone',
  'businessPhones',
  'spouseName',
  'personalNotes',
  'children',
  'emailAddresses',
  'homeAddress',
  'businessAddress',
  'otherAddress',
] as const;

const WRITABLE = new Set<string>(
  CONTACT_PROPERTIES.filter(
    (p) => !['id', 'createdDateTime', 'lastModifiedDateTime', 'changeKey', 'parentFolderId'].includes(p),
  ),
);

export class AddressBook {
  readonly folders: StoredContactFolder[] = [];
  readonly contacts: StoredContact[] = [];
  private seq = 0;

  constructor(readonly user: DemoUser) {
    // The default Contacts folder; its parent is the mailbox root, which contact folders never show.
    this.folders.push({ id: exchangeFolderId(user.id, 'contacts'), displayName: 'Contacts', parentFolderId: '' });
  }

  get defaultFolder(): StoredContactFolder {
    return this.folders[0] as StoredContactFolder;
  }

  addFolder(displayName: string): StoredContactFolder {
    const folder = {
      id: exchangeFolderId(this.user.id, `contacts-${displayName.toLowerCase()}`),
      displayName,
      parentFolderId: this.defaultFolder.id,
    };
    this.folders.push(folder);
    return folder;
  }

  /** By id, or `contacts` for the default folder (as Graph accepts the well-known name). */
  folder(idOrName: string): StoredContactFolder | undefined {
    if (idOrName.toLowerCase() === 'contacts') return this.defaultFolder;
    return this.folders.find((f) => f.id === idOrName);
  }

  inFolder(folderId: string): StoredContact[] {
    return this.contacts.filter((c) => c.parentFolderId === folderId);
  }

  get(id: string): StoredContact | undefined {
    return this.contacts.find((c) => c.id === id);
  }

  /**
   * A new contact in `folder`; a problem with the input is returned as Graph's error text instead.
   *
   * @example
   * const created = book.create(book.defaultFolder, { givenName: 'Lena', businessPhones: ['+1 312 555 0170'] });
   * if (typeof created === 'string') return env.graphError(400, 'ErrorInvalidArgument', created);
   */
  create(folder: StoredContactFolder, input: ContactInput, when = new Date()): StoredContact | string {
    const problem = checkInput(input);
    if (problem) return problem;
    const now = graphDate(when);
    const key = `contact-${this.seq++}`;
    const contact: StoredContact = {
      emailAddresses: [],
      businessPhones: [],
      homePhones: [],
      ...normalised(input),
      id: exchangeImmutableId(this.user.id, key),
      '@odata.etag': '',
      changeKey: '',
      parentFolderId: folder.id,
      displayName: '',
      createdDateTime: now,
      lastModifiedDateTime: now,
    };
    contact.displayName = input.displayName?.trim() || displayNameOf(contact);
    stamp(contact, `${key}:0`);
    this.contacts.push(contact);
    return contact;
  }

  /** Graph's PATCH: the given properties replace the stored ones (arrays whole). */
  update(id: string, patch: ContactInput, when = new Date()): StoredContact | string | undefined {
    const contact = this.get(id);
    if (!contact) return undefined;
    const problem = checkInput(patch);
    if (problem) return problem;
    const next = { ...contact, ...normalised(patch) };
    if (patch.displayName === undefined && (patch.givenName !== undefined || patch.surname !== undefined))
      next.displayName = displayNameOf(next);
    Object.assign(contact, next, { lastModifiedDateTime: graphDate(when) });
    stamp(contact, `${id}:${contact.lastModifiedDateTime}:${this.seq++}`);
    return contact;
  }

  remove(id: string): boolean {
    const index = this.contacts.findIndex((c) => c.id === id);
    if (index < 0) return false;
    this.contacts.splice(index, 1);
    return true;
  }
}

/** The unknown property a body names, or a limit it breaks, in Graph's words; undefined when fine. */
function checkInput(input: ContactInput): string | undefined {
  for (const key of Object.keys(input)) {
    if (!WRITABLE.has(key) && !key.startsWith('@odata.'))
      return `The property '${key}' does not exist on type 'microsoft.graph.contact'. Make sure to only use property names that are defined by the type.`;
  }
  for (const [key, max] of Object.entries(CONTACT_LIMITS)) {
    const list = (input as Record<string, unknown>)[key];
    if (Array.isArray(list) && list.length > max)
      return `The contact property '${key}' holds at most ${max} entries (received ${list.length}).`;
  }
  return undefined;
}

/** The input with its lists copied (a `null` list is stored empty, as Exchange does). */
function normalised(input: ContactInput): Partial<StoredContact> {
  const { emailAddresses, businessPhones, homePhones, ...rest } = input;
  return {
    ...(rest as Partial<StoredContact>),
    ...(emailAddresses !== undefined ? { emailAddresses: [...(emailAddresses ?? [])] } : {}),
    ...(businessPhones !== undefined ? { businessPhones: [...(businessPhones ?? [])] } : {}),
    ...(homePhones !== undefined ? { homePhones: [...(homePhones ?? [])] } : {}),
  };
}

/** Outlook's default display name: given name and surname, else the company, else the first address. */
function displayNameOf(c: Contact): string {
  const name = [c.givenName, c.middleName, c.surname].filter(Boolean).join(' ').trim();
  return name || c.companyName || c.emailAddresses?.[0]?.address || '';
}

function stamp(contact: StoredContact, seed: string): void {
  const changeKey = `EQAAABYAAA${toBase64(seededBytes(`ck:${seed}`, 18))}`;
  contact.changeKey = changeKey;
  contact['@odata.etag'] = `W/"${changeKey}"`;
}
