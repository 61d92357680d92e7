/**
 * The tenant's contacts area: one Outlook address book per user (contact folders and contacts,
 * seeded), the tenant's directory as /users serves it, and each user's people ranking, derived from
 * the mail (and meetings) of the other areas.
 */
import type { DemoUser } from '../../types';
import type { Directory } from '../directory/directory';
import type { MailArea } from '../mail/mail-area';
import { AddressBook, type ContactInput, type StoredContact } from './address-book';
import { type DirectoryUser, directoryUsers } from './colleagues';
import { type RankedPerson, type RankingSources, rankPeople } from './people';
import { seedContacts } from './seed-contacts';

/** The attendee lists of a user's meetings, for the ranking (empty when the tenant models no calendar). */
export type MeetingsOf = (userId: string) => RankingSources['meetings'];

export class ContactsArea {
  private books = new Map<string, AddressBook>();

  constructor(
    private readonly directory: Directory,
    private readonly mail: MailArea,
    private readonly meetingsOf: MeetingsOf = () => [],
  ) {
    this.reset();
  }

  /** Restore the seeded state: the same folders, contacts and ids as a fresh tenant. */
  reset(): void {
    this.books = new Map();
    for (const user of this.directory.users) {
      const book = new AddressBook(user);
      seedContacts(book);
      this.books.set(user.id, book);
    }
  }

  addressBook(userId: string): AddressBook {
    const book = this.books.get(userId);
    if (!book) throw new Error(`FakeTenant: no address book for user ${userId}`);
    return book;
  }

  /** A user's contacts, optionally one folder's; live objects, do not mutate (use the methods). */
  contacts(userId: string, folderId?: string): readonly StoredContact[] {
    const book = this.addressBook(userId);
    return folderId ? book.inFolder(folderId) : book.contacts;
  }

  getContact(userId: string, contactId: string): StoredContact | undefined {
    return this.addressBook(userId).get(contactId);
  }

  /** Whose address book holds a contact id (Graph answers another user's id with 404; tests check who has it). */
  ownerOf(contactId: string): DemoUser | undefined {
    return [...this.books.values()].find((book) => book.get(contactId))?.user;
  }

  /**
   * Adds a contact to a folder (default: Contacts); throws on input Graph would refuse.
   *
   * @example
   * tenant.contacts.addContact(user.id, { givenName: 'Lena', emailAddresses: [{ address: 'lena@fabrikam.com' }] });
   */
  addContact(userId: string, input: ContactInput, folderId?: string): StoredContact {
    const book = this.addressBook(userId);
    const folder = folderId ? book.folder(folderId) : book.defaultFolder;
    if (!folder) throw new Error(`FakeTenant: no contact folder ${folderId}`);
    const created = book.create(folder, input);
    if (typeof created === 'string') throw new Error(`FakeTenant: ${created}`);
    return created;
  }

  /** The tenant's members as /users lists them. */
  directoryUsers(): DirectoryUser[] {
    return directoryUsers(this.directory.users, this.directory.id);
  }

  /**
   * The user's people, most relevant first, from their mail, meetings and contacts as they are now.
   *
   * @example
   * tenant.sendMail(adele.id, { subject: 'Hi', toRecipients: [{ emailAddress: { address: 'lee@x.com' } }] });
   * tenant.contacts.people(adele.id)[0]?.scoredEmailAddresses?.[0]?.address; // moves up with each mail
   */
  people(userId: string): RankedPerson[] {
    const user = this.addressBook(userId).user;
    const sentItems = this.mail.resolveFolder(userId, 'sentitems');
    return rankPeople({
      user,
      messages: this.mail.messages(userId),
      meetings: this.meetingsOf(userId),
      contacts: this.contacts(userId),
      directory: user.tenantId === this.directory.id ? this.directoryUsers() : [],
      sentItemsFolderId: sentItems?.id ?? '',
    });
  }
}
