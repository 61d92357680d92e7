/**
 * People as findPeople shows them: one line each with the address mail and invitations need, the
 * role, a phone, and `[external]` for anyone outside the user's organisation. Names and roles of
 * people outside it are chosen by others, so the lines are fenced.
 */
import type { Person, User } from '@microsoft/microsoft-graph-types';
import { fenceUntrusted, oneLine } from 'm365-mcp-gateway/plugin';

/** What findPeople asks /me/people for. */
export const PERSON_FIELDS = [
  'displayName',
  'scoredEmailAddresses',
  'jobTitle',
  'department',
  'companyName',
  'phones',
  'personType',
];
/** What the directory fallback asks /users for (basic profile: User.ReadBasic.All). */
export const USER_FIELDS = ['displayName', 'mail', 'userPrincipalName'];

export interface PersonRow {
  name: string;
  address: string;
  role: string;
  phone: string;
  external: boolean;
}

/**
 * A person of the ranking. External: Graph's personType says it is not a member of the organisation
 * (a personal contact or someone only seen on mail), or the address is in none of the user's domains.
 */
export function personRow(person: Person, ownDomain: string): PersonRow {
  const address = person.scoredEmailAddresses?.[0]?.address ?? '';
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  const member = person.personType?.subclass === 'OrganizationUser';
  const phone = person.phones?.find((p) => p.type === 'business' || p.type === 'mobile')?.number ?? '';
  return {
    name: person.displayName ?? address,
    address,
    role: [person.jobTitle, person.department, member ? '' : person.companyName].filter(Boolean).join(', '),
    phone,
    external: !member && domain !== ownDomain,
  };
}

export function userRow(user: User): PersonRow {
  return {
    name: user.displayName ?? '',
    address: user.mail ?? user.userPrincipalName ?? '',
    role: '',
    phone: '',
    external: false,
  };
}

export function peopleList(rows: readonly PersonRow[], heading: string): string {
  if (rows.length === 0) return `${heading}: no one.`;
  const lines = rows.map(
    (r) =>
      `- ${[oneLine(r.name, 60), r.address || '(no address)', ...(r.role ? [oneLine(r.role, 70)] : []), ...(r.phone ? [r.phone] : [])].join(' | ')}${r.external ? ' [external]' : ''}`,
  );
  return `${heading} (name | address | role | phone):\n${fenceUntrusted(lines.join('\n'), 'people')}`;
}
