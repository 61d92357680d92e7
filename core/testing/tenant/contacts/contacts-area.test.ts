/** The contacts area's seed and state: deterministic, reset by the tenant, Exchange's limits, a ranking from mail. */
import { describe, expect, it } from 'vitest';
import { FakeTenant } from '../fake-tenant';

describe('contacts area', () => {
  it('seeds the same folders, contacts and ids every time, and reset() restores them', () => {
    const a = new FakeTenant();
    const b = new FakeTenant();
    const adele = a.users[0]!.id;
    expect(a.contacts.contacts(adele)).toEqual(b.contacts.contacts(adele));
    const before = JSON.stringify(a.contacts.contacts(adele));
    a.contacts.addContact(adele, { givenName: 'Temp' });
    a.contacts.addressBook(adele).remove(a.contacts.contacts(adele)[0]!.id);
    a.reset();
    expect(JSON.stringify(a.contacts.contacts(adele))).toBe(before);
  });

  it('holds several addresses and phones per contact, duplicate names, folders and a hostile note', () => {
    const tenant = new FakeTenant();
    const book = tenant.contacts.addressBook(tenant.users[0]!.id);
    expect(book.folders.map((f) => f.displayName)).toEqual(['Contacts', 'Suppliers', 'Family']);
    expect(book.contacts.filter((c) => c.displayName === 'Jordan Reyes')).toHaveLength(2);
    expect(book.contacts.filter((c) => c.emailAddresses.length > 1).length).toBeGreaterThan(5);
    expect(book.contacts.some((c) => /ignore previous instructions/i.test(c.personalNotes ?? ''))).toBe(true);
    for (const c of book.contacts) expect(c.emailAddresses.length).toBeLessThanOrEqual(3);
  });

  it('refuses what Exchange refuses: a fourth address, a third business phone', () => {
    const tenant = new FakeTenant();
    const book = tenant.contacts.addressBook(tenant.users[0]!.id);
    const four = ['a', 'b', 'c', 'd'].map((x) => ({ address: `${x}@x.com` }));
    expect(book.create(book.defaultFolder, { givenName: 'Q', emailAddresses: four })).toMatch(/at most 3/);
    expect(book.create(book.defaultFolder, { givenName: 'Q', businessPhones: ['1', '2', '3'] })).toMatch(/at most 2/);
  });

  it('ranks people from mail, never the user, and moves up whom the user writes to', () => {
    const tenant = new FakeTenant();
    const adele = tenant.users[0]!;
    const people = () => tenant.contacts.people(adele.id).map((p) => p.scoredEmailAddresses?.[0]?.address);
    expect(people()).not.toContain(adele.mail);
    expect(people()).not.toContain('new.partner@litware.com');
    for (let i = 0; i < 20; i++)
      tenant.sendMail(adele.id, {
        subject: `Offer ${i}`,
        toRecipients: [{ emailAddress: { address: 'new.partner@litware.com' } }],
      });
    expect(people()[0]).toBe('new.partner@litware.com');
    const partner = tenant.contacts.people(adele.id)[0]!;
    expect(partner.personType).toEqual({ class: 'Person', subclass: 'ImplicitContact' });
  });

  it('counts the people the user meets, and forgets a cancelled meeting', () => {
    const tenant = new FakeTenant();
    const adele = tenant.users[0]!;
    const people = () => tenant.contacts.people(adele.id).map((p) => p.scoredEmailAddresses?.[0]?.address);
    const workshop = (i: number) => ({
      subject: `Store layout workshop ${i}`,
      start: { dateTime: `2027-01-${String(10 + i).padStart(2, '0')}T09:00:00`, timeZone: 'Pacific Standard Time' },
      end: { dateTime: `2027-01-${String(10 + i).padStart(2, '0')}T10:00:00`, timeZone: 'Pacific Standard Time' },
      attendees: [
        { emailAddress: { address: 'katrin.vogel@fabrikam.de', name: 'Katrin Vogel' }, type: 'required' as const },
      ],
    });
    expect(people()).not.toContain('katrin.vogel@fabrikam.de');
    const events = Array.from({ length: 30 }, (_, i) =>
      tenant.calendar.createEvent(adele.id, workshop(i % 9), { notify: false }),
    );
    expect(people()[0]).toBe('katrin.vogel@fabrikam.de');
    for (const e of events) tenant.calendar.cancelEvent(adele.id, e.id, undefined, { notify: false });
    expect(people()).not.toContain('katrin.vogel@fabrikam.de');
  });
});
