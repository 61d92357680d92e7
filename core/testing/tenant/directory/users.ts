/** The demo directory of the emulated "Contoso" tenant. */
import type { DemoUser } from '../../types';

/** Fixed tenant id for Contoso, so issuer URLs and user keys are stable across runs. */
export const DEMO_TENANT_ID = '4b2f9c3e-7d1a-4e8b-9c6f-2a5d8e1f0c37';
export const DEMO_TENANT_NAME = 'Contoso';
export const DEMO_TENANT_DOMAIN = 'contoso.onmicrosoft.com';
export const DEMO_MAIL_DOMAIN = 'contoso.com';

export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  {
    id: 'c7a0d3f1-5b2e-4c89-a1f4-6e3b9d20a845',
    tenantId: DEMO_TENANT_ID,
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    userPrincipalName: 'AdeleV@contoso.com',
    mail: 'AdeleV@contoso.com',
    jobTitle: 'Retail Manager',
    department: 'Retail',
    officeLocation: '18/2111',
    mobilePhone: null,
    businessPhones: ['+1 425 555 0109'],
    preferredLanguage: 'en-US',
    timeZone: 'Pacific Standard Time',
    ianaTimeZone: 'America/Los_Angeles',
  },
  {
    id: '2e8b41c6-9f07-4d3a-b5e2-81c4f6a9d013',
    tenantId: DEMO_TENANT_ID,
    displayName: 'Megan Bowen',
    givenName: 'Megan',
    surname: 'Bowen',
    userPrincipalName: 'MeganB@contoso.com',
    mail: 'MeganB@contoso.com',
    jobTitle: 'Marketing Manager',
    department: 'Marketing',
    officeLocation: '12/1110',
    mobilePhone: '+1 412 555 0144',
    businessPhones: ['+1 412 555 0109'],
    preferredLanguage: 'en-US',
    timeZone: 'Eastern Standard Time',
    ianaTimeZone: 'America/New_York',
  },
  {
    id: '9d5f2a7b-3c61-4e0f-8a2d-c4b7e9f10562',
    tenantId: DEMO_TENANT_ID,
    displayName: 'Alex Wilber',
    givenName: 'Alex',
    surname: 'Wilber',
    userPrincipalName: 'AlexW@contoso.com',
    mail: 'AlexW@contoso.com',
    jobTitle: 'Marketing Assistant',
    department: 'Marketing',
    officeLocation: '131/1104',
    mobilePhone: null,
    businessPhones: ['+44 20 7946 0321'],
    preferredLanguage: 'en-GB',
    timeZone: 'GMT Standard Time',
    ianaTimeZone: 'Europe/London',
  },
]);

/** The tenant id Microsoft gives every personal Microsoft account (outlook.com, hotmail.com…). */
export const PERSONAL_ACCOUNT_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * A personal Microsoft account, present only in an emulator made with `personalAccount: true`: it
 * signs in under `common` or `consumers` (not `organizations` or Contoso's tenant), with an empty mailbox.
 */
export const PERSONAL_DEMO_USER: DemoUser = Object.freeze({
  id: '00000000-0000-0000-5a3e-7c1d9b2f4e60',
  tenantId: PERSONAL_ACCOUNT_TENANT_ID,
  displayName: 'Sam Rivera',
  givenName: 'Sam',
  surname: 'Rivera',
  userPrincipalName: 'sam.rivera@outlook.com',
  mail: 'sam.rivera@outlook.com',
  jobTitle: '',
  department: '',
  officeLocation: '',
  mobilePhone: null,
  businessPhones: [],
  preferredLanguage: 'en-US',
  timeZone: 'Pacific Standard Time',
  ianaTimeZone: 'America/Los_Angeles',
});

/** Colleagues who appear on mail but cannot sign in (keeps threads realistic without more mailboxes). */
export const OTHER_COLLEAGUES = {
  nestor: { name: 'Nestor Wilke', address: 'NestorW@contoso.com' },
  patti: { name: 'Patti Fernandez', address: 'PattiF@contoso.com' },
  lee: { name: 'Lee Gu', address: 'LeeG@contoso.com' },
} as const;

export function findUserByLogin(login: string, users: readonly DemoUser[] = DEMO_USERS): DemoUser | undefined {
  const l = login.trim().toLowerCase();
  return users.find((u) => u.userPrincipalName.toLowerCase() === l || u.mail.toLowerCase() === l || u.id === l);
}
