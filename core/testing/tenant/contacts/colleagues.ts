/**
 * The tenant's directory as /users and /me/people see it: the demo users (who can sign in) and the
 * colleagues who appear on their mail but have no mailbox here, with their profiles.
 */
import type { User } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import { seededGuid } from '../ids';
import { DEMO_MAIL_DOMAIN, DEMO_TENANT_DOMAIN, OTHER_COLLEAGUES } from '../directory/users';

/** The tenant's verified domains: an address in one of them belongs to the organisation. */
export const VERIFIED_DOMAINS: readonly string[] = [DEMO_MAIL_DOMAIN, DEMO_TENANT_DOMAIN];

export type DirectoryUser = User & { id: string; displayName: string; mail: string; userPrincipalName: string };

const colleague = (
  who: { name: string; address: string },
  profile: Pick<User, 'jobTitle' | 'department' | 'officeLocation' | 'businessPhones'>,
): DirectoryUser => {
  const [givenName = '', ...rest] = who.name.split(' ');
  return {
    id: seededGuid(`directory:${who.address.toLowerCase()}`),
    displayName: who.name,
    givenName,
    surname: rest.join(' '),
    mail: who.address,
    userPrincipalName: who.address,
    mobilePhone: null,
    userType: 'Member',
    ...profile,
  };
};

const COLLEAGUES: readonly DirectoryUser[] = [
  colleague(OTHER_COLLEAGUES.nestor, {
    jobTitle: 'Director',
    department: 'Operations',
    officeLocation: '36/2121',
    businessPhones: ['+1 425 555 0104'],
  }),
  colleague(OTHER_COLLEAGUES.patti, {
    jobTitle: 'President',
    department: 'Executive Management',
    officeLocation: '15/1102',
    businessPhones: ['+1 980 555 0101'],
  }),
  colleague(OTHER_COLLEAGUES.lee, {
    jobTitle: 'Director',
    department: 'Manufacturing',
    officeLocation: '23/3101',
    businessPhones: ['+1 913 555 0101'],
  }),
];

/** Everyone in the tenant's directory (a personal account is no member of it). */
export function directoryUsers(users: readonly DemoUser[], tenantId: string): DirectoryUser[] {
  const members: DirectoryUser[] = users
    .filter((u) => u.tenantId === tenantId)
    .map((u) => ({
      id: u.id,
      displayName: u.displayName,
      givenName: u.givenName,
      surname: u.surname,
      mail: u.mail,
      userPrincipalName: u.userPrincipalName,
      jobTitle: u.jobTitle,
      department: u.department,
      officeLocation: u.officeLocation,
      businessPhones: [...u.businessPhones],
      mobilePhone: u.mobilePhone,
      userType: 'Member',
    }));
  return [...members, ...COLLEAGUES];
}

export function isVerifiedAddress(address: string): boolean {
  const domain = address.split('@')[1]?.toLowerCase() ?? '';
  return VERIFIED_DOMAINS.includes(domain);
}
