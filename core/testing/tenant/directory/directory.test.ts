import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from './users';
import { FakeTenant } from '../fake-tenant';

const lidia = {
  ...DEMO_USERS[0]!,
  id: '5f1c9e27-8a3d-4b60-9e14-d2c7a8b05f39',
  displayName: 'Lidia Holloway',
  givenName: 'Lidia',
  surname: 'Holloway',
  userPrincipalName: 'LidiaH@contoso.com',
  mail: 'LidiaH@contoso.com',
};

describe('extra tenant members', () => {
  it('come after the demo users with an empty inbox, a calendar and an address book of their own', () => {
    const tenant = new FakeTenant({ extraUsers: [lidia] });
    expect(tenant.users.map((user) => user.userPrincipalName)).toEqual([
      ...DEMO_USERS.map((user) => user.userPrincipalName),
      'LidiaH@contoso.com',
    ]);
    expect(tenant.findUser('lidiah@contoso.com')?.id).toBe(lidia.id);
    expect(tenant.messages(lidia.id, tenant.resolveFolder(lidia.id, 'inbox')!.id)).toEqual([]);
    expect(tenant.calendar.calendars(lidia.id)).toHaveLength(1);
    expect(tenant.contacts.addressBook(lidia.id).user.id).toBe(lidia.id);
    tenant.reset();
    expect(tenant.findUser(lidia.id)).toBeDefined();
  });

  it('may not reuse a demo user’s login or id', () => {
    expect(() => new FakeTenant({ extraUsers: [{ ...lidia, userPrincipalName: 'AdeleV@contoso.com' }] })).toThrow(
      /clashes with a demo user/,
    );
    expect(() => new FakeTenant({ extraUsers: [{ ...lidia, id: DEMO_USERS[1]!.id }] })).toThrow(/clashes/);
  });
});
