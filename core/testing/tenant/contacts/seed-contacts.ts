/**
 * The seeded Outlook contacts of the demo users: what a retail manager and two marketing colleagues
 * keep in Outlook. Several addresses and phones per contact, two people named Jordan Reyes, a
 * company-only entry, notes written by others (one of them an injection attempt). Dates count back
 * from the mail seed's anchor, so every reset yields identical data and ids.
 */
import { SEED_ANCHOR } from '../mail/seed-mail';
import type { AddressBook, ContactInput } from './address-book';
import { ADELE_CONTACTS, type SeedContact } from './seed-contacts-adele';

const MEGAN: SeedContact[] = [
  {
    given: 'Priya',
    surname: 'Raman',
    company: 'Fabrikam',
    job: 'Retail Insights Analyst',
    emails: [['priya.raman@fabrikam.com']],
    business: ['+1 312 555 0136'],
    age: 90,
  },
  {
    given: 'Carlos',
    surname: 'Mendes',
    company: 'Studio Relay',
    job: 'Creative Director',
    emails: [['carlos@studiorelay.example'], ['accounts@studiorelay.example', 'Studio Relay Accounts']],
    business: ['+1 415 555 0124'],
    mobile: '+1 415 555 0193',
    notes: 'Agency for the Mark 8 launch visuals. Invoices monthly; PO required.',
    age: 160,
  },
  {
    given: 'Adele',
    surname: 'Vance',
    company: 'Contoso',
    job: 'Retail Manager',
    emails: [['AdeleV@contoso.com', 'Adele Vance']],
    business: ['+1 425 555 0109'],
    age: 500,
  },
  {
    given: 'Ines',
    surname: 'Moreau',
    company: 'Lucerne Publishing',
    job: 'Advertising Sales',
    emails: [['ines.moreau@lucernepublishing.com']],
    business: ['+33 1 70 36 39 11'],
    age: 70,
  },
];

const ALEX: SeedContact[] = [
  {
    given: 'Oliver',
    surname: 'Hughes',
    company: 'RetailTech Summit',
    job: 'Speaker Liaison',
    emails: [
      ['speakers@retailtechsummit.example', 'RetailTech Summit Speakers'],
      ['oliver.hughes@retailtechsummit.example'],
    ],
    business: ['+44 20 7946 0412'],
    age: 40,
  },
  {
    given: 'Megan',
    surname: 'Bowen',
    company: 'Contoso',
    job: 'Marketing Manager',
    emails: [['MeganB@contoso.com', 'Megan Bowen']],
    mobile: '+1 412 555 0144',
    age: 300,
  },
];

/** Seed contacts by user mail address (lower case). */
export const SEED_CONTACTS: Readonly<Record<string, readonly SeedContact[]>> = {
  'adelev@contoso.com': ADELE_CONTACTS,
  'meganb@contoso.com': MEGAN,
  'alexw@contoso.com': ALEX,
};

function toInput(seed: SeedContact): ContactInput {
  const name = [seed.given, seed.surname].filter(Boolean).join(' ') || seed.company || '';
  return {
    ...(seed.given ? { givenName: seed.given } : {}),
    ...(seed.surname ? { surname: seed.surname } : {}),
    ...(seed.company ? { companyName: seed.company } : {}),
    ...(seed.job ? { jobTitle: seed.job } : {}),
    ...(seed.department ? { department: seed.department } : {}),
    emailAddresses: seed.emails.map(([address, display]) => ({ address, name: display ?? name })),
    businessPhones: seed.business ?? [],
    homePhones: seed.home ?? [],
    mobilePhone: seed.mobile ?? null,
    personalNotes: seed.notes ?? '',
    birthday: seed.birthday ?? null,
    ...(seed.address ? { businessAddress: seed.address } : {}),
    categories: seed.categories ?? [],
  };
}

/** Files a user's seeded contacts into their address book (folders first, then contacts, oldest first). */
export function seedContacts(book: AddressBook): void {
  const seeds = SEED_CONTACTS[book.user.mail.toLowerCase()] ?? [];
  const folders = new Map<string, ReturnType<AddressBook['addFolder']>>();
  for (const name of ['Suppliers', 'Family'] as const) {
    if (seeds.some((s) => s.folder === name)) folders.set(name, book.addFolder(name));
  }
  const anchor = Date.parse(SEED_ANCHOR);
  const ordered = [...seeds].sort((a, b) => b.age - a.age);
  for (const seed of ordered) {
    const folder = seed.folder ? (folders.get(seed.folder) ?? book.defaultFolder) : book.defaultFolder;
    const created = book.create(folder, toInput(seed), new Date(anchor - seed.age * 86_400_000));
    if (typeof created === 'string') throw new Error(`seed: ${created}`);
  }
}
