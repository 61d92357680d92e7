/**
 * The people ranking of one user, as Graph's /me/people serves it: everyone the user mails, is mailed
 * by, meets with or keeps as a contact, most relevant first. Derived live from the other areas, so
 * the ranking follows who mails whom (a message sent now moves its recipients up).
 */
import type { Person } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import { seededGuid } from '../ids';
import type { StoredMessage } from '../mail/mailbox';
import type { StoredContact } from './address-book';
import { type DirectoryUser, isVerifiedAddress } from './colleagues';

export type RankedPerson = Person & { id: string; displayName: string };

/** What the ranking is derived from: the user's mail, meetings and contacts, and the directory. */
export interface RankingSources {
  user: DemoUser;
  messages: readonly StoredMessage[];
  /** Attendee lists of the user's meetings (organizer included). */
  meetings: ReadonlyArray<ReadonlyArray<{ name?: string | null; address?: string | null }>>;
  contacts: readonly StoredContact[];
  directory: readonly DirectoryUser[];
  sentItemsFolderId: string;
}

/** How much one interaction counts: writing to someone weighs more than being written to. */
const WEIGHT = { sentTo: 3, sentCc: 2, meeting: 2, receivedFrom: 1, copiedWith: 0.25, contact: 0.5 } as const;

interface Tally {
  address: string;
  name: string;
  score: number;
  last: string;
}

export function rankPeople(sources: RankingSources): RankedPerson[] {
  const me = sources.user.mail.toLowerCase();
  const tallies = new Map<string, Tally>();
  const count = (who: { name?: string | null; address?: string | null } | undefined, weight: number, when = '') => {
    const address = who?.address?.trim();
    if (!address || address.toLowerCase() === me) return;
    const key = address.toLowerCase();
    const tally = tallies.get(key) ?? { address, name: who?.name?.trim() || address, score: 0, last: '' };
    tally.score += weight;
    if (when > tally.last) tally.last = when;
    tallies.set(key, tally);
  };
  for (const m of sources.messages) {
    if (m.isDraft) continue;
    const recipients = (list: typeof m.toRecipients) => (list ?? []).map((r) => r.emailAddress ?? undefined);
    if (m.parentFolderId === sources.sentItemsFolderId) {
      for (const r of recipients(m.toRecipients)) count(r, WEIGHT.sentTo, m.receivedDateTime);
      for (const r of recipients(m.ccRecipients)) count(r, WEIGHT.sentCc, m.receivedDateTime);
    } else {
      count(m.from?.emailAddress ?? undefined, WEIGHT.receivedFrom, m.receivedDateTime);
      for (const r of [...recipients(m.toRecipients), ...recipients(m.ccRecipients)]) count(r, WEIGHT.copiedWith);
    }
  }
  for (const attendees of sources.meetings) for (const a of attendees) count(a, WEIGHT.meeting);
  for (const c of sources.contacts)
    for (const e of c.emailAddresses) count({ name: c.displayName, address: e.address }, WEIGHT.contact);

  const ranked = [...tallies.values()].sort(
    (a, b) => b.score - a.score || b.last.localeCompare(a.last) || a.name.localeCompare(b.name),
  );
  return ranked.map((t, index) => toPerson(sources, t, ranked.length - index));
}

function toPerson(sources: RankingSources, tally: Tally, relevance: number): RankedPerson {
  const key = tally.address.toLowerCase();
  const member = sources.directory.find((u) => u.mail.toLowerCase() === key);
  // A contact speaks for the person at its first address; a second one (a shared billing box) keeps the name mail gives it.
  const contact = sources.contacts.find((c) => c.emailAddresses[0]?.address?.toLowerCase() === key);
  // Graph's subclasses: a directory member, one of the user's contacts, or someone only seen on mail.
  const subclass =
    member || isVerifiedAddress(tally.address) ? 'OrganizationUser' : contact ? 'PersonalContact' : 'ImplicitContact';
  const name = member?.displayName ?? contact?.displayName ?? tally.name;
  const [given = '', ...rest] = name.includes('@') ? [''] : name.split(' ');
  const phones = member
    ? [
        ...(member.businessPhones ?? []).map((number) => ({ type: 'business' as const, number })),
        ...(member.mobilePhone ? [{ type: 'mobile' as const, number: member.mobilePhone }] : []),
      ]
    : contact
      ? [
          ...contact.businessPhones.map((number) => ({ type: 'business' as const, number })),
          ...(contact.mobilePhone ? [{ type: 'mobile' as const, number: contact.mobilePhone }] : []),
        ]
      : [];
  return {
    id: seededGuid(`person:${sources.user.id}:${key}`),
    displayName: name,
    givenName: member?.givenName ?? contact?.givenName ?? (given || null),
    surname: member?.surname ?? contact?.surname ?? (rest.join(' ') || null),
    birthday: '',
    personNotes: '',
    isFavorite: false,
    jobTitle: member?.jobTitle ?? contact?.jobTitle ?? null,
    companyName: member ? 'Contoso' : (contact?.companyName ?? null),
    yomiCompany: '',
    department: member?.department ?? contact?.department ?? null,
    officeLocation: member?.officeLocation ?? null,
    profession: '',
    userPrincipalName: member?.userPrincipalName ?? '',
    imAddress: member ? `sip:${member.userPrincipalName.toLowerCase()}` : null,
    scoredEmailAddresses: [
      { address: member?.mail ?? tally.address, relevanceScore: relevance, selectionLikelihood: 'notSpecified' },
    ],
    phones,
    postalAddresses: [],
    websites: [],
    personType: { class: 'Person', subclass },
  };
}
