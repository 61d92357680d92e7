/** Contract tests of the contacts plugin's writes: exact Graph requests, merged lists, refusals that change nothing. */
import { createToolTestSession, type StoredContact, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { contactsTestEnvironment, handlesIn, idsBehind, query } from './test-support';

const { emulator, registry, callAs } = contactsTestEnvironment();
let session: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com', registry });
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(session, tool, args);
const requests = () => emulator.stats.graphRequests;
const writes = () => requests().filter((r) => r.method !== 'GET');
const book = () => emulator.tenant.contacts.addressBook(session.user.id);
const jordan = () => book().contacts.find((c) => c.companyName === 'Tailspin Toys' && c.givenName === 'Jordan')!;
const snapshot = (c: StoredContact) => JSON.parse(JSON.stringify(c)) as StoredContact;

describe('createContact', () => {
  it('POSTs exactly the given fields and returns the new contact’s handle', async () => {
    const result = await call('createContact', {
      givenName: 'Lena',
      surname: "O'Neill",
      company: 'Fabrikam',
      jobTitle: 'Buyer',
      emails: ['lena.oneill@fabrikam.com'],
      phones: ['business: +1 312 555 0170', 'mobile: +1 (312) 555-0171'],
      addresses: ['business: 200 E Randolph St, Chicago, IL 60601, United States'],
      birthday: '1990-02-28',
      notes: 'Met at NRF.',
    });
    expect(result.isError, result.text).toBeFalsy();
    expect(writes()).toHaveLength(1);
    const [post] = writes();
    expect(post).toMatchObject({ method: 'POST', path: '/me/contacts' });
    expect(JSON.parse(post!.body!)).toEqual({
      givenName: 'Lena',
      surname: "O'Neill",
      companyName: 'Fabrikam',
      jobTitle: 'Buyer',
      personalNotes: 'Met at NRF.',
      birthday: '1990-02-28T00:00:00Z',
      emailAddresses: [{ address: 'lena.oneill@fabrikam.com' }],
      businessPhones: ['+1 312 555 0170'],
      mobilePhone: '+1 (312) 555-0171',
      businessAddress: {
        street: '200 E Randolph St',
        city: 'Chicago',
        state: 'IL',
        postalCode: '60601',
        countryOrRegion: 'United States',
      },
    });
    const created = book().contacts.find((c) => c.surname === "O'Neill")!;
    expect(created.displayName).toBe("Lena O'Neill");
    const [handle] = handlesIn(result.text, 'contact');
    expect(await idsBehind(session, [handle!])).toEqual([created.id]);
    expect(result.text).toContain("Lena O'Neill <lena.oneill@fabrikam.com>");
  });

  it('creates in a folder named by the model', async () => {
    const suppliers = book().folders.find((f) => f.displayName === 'Suppliers')!;
    const result = await call('createContact', { company: 'Litware', folder: 'Suppliers' });
    expect(result.text).toMatch(/^Created contact c\w+ in Suppliers:/);
    expect(writes()[0]!.path).toBe(`/me/contactFolders/${encodeURIComponent(suppliers.id)}/contacts`);
    expect(
      book()
        .inFolder(suppliers.id)
        .some((c) => c.companyName === 'Litware'),
    ).toBe(true);
  });

  it.each([
    [
      { givenName: 'X', emails: ['not-an-address'] },
      /"emails\[0\]" must be an email address like jordan@tailspintoys.com \(received "not-an-address"\)/,
    ],
    [{ givenName: 'X', phones: ['mobile: call me'] }, /"phones".*"kind: number".*"mobile: call me"/],
    [{ givenName: 'X', phones: ['+1 206 555 0100'] }, /"phones".*"kind: number"/],
    [{ givenName: 'X', emails: ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com'] }, /"emails" must list at most 3/],
    [{ givenName: 'X', birthday: '12/04/1988' }, /"birthday" must be a date like 1988-04-12/],
    [{ jobTitle: 'Buyer' }, /needs a name, a company or an email\. Nothing was created\./],
  ])('refuses bad input %j with a clear error and sends nothing', async (args, message) => {
    const before = book().contacts.length;
    const result = await call('createContact', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(writes()).toHaveLength(0);
    expect(book().contacts).toHaveLength(before);
  });

  it('reports a create whose answer was lost as may-have-happened, and does not repeat it', async () => {
    emulator.injectFault({ path: '/me/contacts', method: 'POST', network: 'drop', afterApplying: true });
    const result = await call('createContact', { givenName: 'Once', surname: 'Only' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^createContact may have happened: /);
    expect(writes()).toHaveLength(1);
    expect(book().contacts.filter((c) => c.surname === 'Only')).toHaveLength(1);
  });
});

describe('updateContact', () => {
  it('adds a phone and keeps the existing emails and phones: reads the lists, PATCHes the merged one with If-Match', async () => {
    const dana = () => book().contacts.find((c) => c.surname === 'Whitfield')!;
    const before = snapshot(dana());
    expect(before.businessPhones).toEqual(['+1 503 555 0119']);
    const result = await call('updateContact', { id: before.id, addPhones: ['business: +1 503 555 0150'] });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests().map((r) => r.method)).toEqual(['GET', 'PATCH']);
    const [read, patch] = requests();
    expect(query(read!.search)).toEqual({
      $select: 'id,displayName,emailAddresses,businessPhones,homePhones,mobilePhone',
    });
    expect(patch!.path).toBe(`/me/contacts/${encodeURIComponent(before.id)}`);
    expect(patch!.headers['if-match']).toBe(before['@odata.etag']);
    // Graph replaces the whole list on PATCH: the existing number is sent along with the new one.
    expect(JSON.parse(patch!.body!)).toEqual({ businessPhones: ['+1 503 555 0119', '+1 503 555 0150'] });
    const after = dana();
    expect(after.emailAddresses).toEqual(before.emailAddresses);
    expect(after.emailAddresses).toHaveLength(2);
    expect(after.businessPhones).toEqual(['+1 503 555 0119', '+1 503 555 0150']);
    expect(result.text).toContain('Emails: dana.whitfield@northwindtraders.com, billing@northwindtraders.com');
    expect(result.text).toContain('Phones: business +1 503 555 0119, business +1 503 555 0150');
  });

  it('adds a home number to a contact with business and mobile numbers, sending only the home list', async () => {
    const before = snapshot(jordan());
    await call('updateContact', { id: before.id, addPhones: ['home: +1 206 555 0111'] });
    expect(JSON.parse(writes()[0]!.body!)).toEqual({ homePhones: ['+1 206 555 0111'] });
    expect(jordan()).toMatchObject({
      emailAddresses: before.emailAddresses,
      businessPhones: before.businessPhones,
      mobilePhone: before.mobilePhone,
      homePhones: ['+1 206 555 0111'],
    });
  });

  it('adds and removes emails in one call, keeping the rest', async () => {
    const id = jordan().id;
    await call('updateContact', {
      id,
      removeEmails: ['JREYES@tailspintoys.com'],
      addEmails: ['jordan@tailspin.example'],
    });
    expect(JSON.parse(writes()[0]!.body!)).toEqual({
      emailAddresses: [
        { address: 'jordan.reyes@tailspintoys.com', name: 'Jordan Reyes' },
        { address: 'jordan@tailspin.example' },
      ],
    });
    expect(jordan().emailAddresses.map((e) => e.address)).toEqual([
      'jordan.reyes@tailspintoys.com',
      'jordan@tailspin.example',
    ]);
  });

  it('changes only the given fields, without reading first', async () => {
    const before = snapshot(jordan());
    const result = await call('updateContact', { id: before.id, jobTitle: 'Head of Accounts' });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests().map((r) => r.method)).toEqual(['PATCH']);
    expect(JSON.parse(requests()[0]!.body!)).toEqual({ jobTitle: 'Head of Accounts' });
    const { jobTitle, lastModifiedDateTime, changeKey, '@odata.etag': etag, ...rest } = jordan();
    const { jobTitle: _j, lastModifiedDateTime: _l, changeKey: _c, '@odata.etag': _e, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(jobTitle).toBe('Head of Accounts');
  });

  it('refuses a fourth email address, naming the three, and changes nothing', async () => {
    const before = snapshot(jordan());
    await call('updateContact', { id: before.id, addEmails: ['third@tailspintoys.com'] });
    expect(jordan().emailAddresses).toHaveLength(3);
    emulator.stats.reset();
    const result = await call('updateContact', { id: before.id, addEmails: ['fourth@tailspintoys.com'] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('A contact holds at most 3 email addresses; this one would have 4');
    expect(result.text).toContain('Nothing was changed.');
    expect(writes()).toHaveLength(0);
    expect(jordan().emailAddresses.map((e) => e.address)).not.toContain('fourth@tailspintoys.com');
  });

  it.each([
    [{}, /needs at least one field to change.*Nothing was changed/],
    [{ removeEmails: ['nobody@tailspintoys.com'] }, /removeEmails: nobody@tailspintoys.com is not on this contact/],
    [{ removePhones: ['+1 999 555 0000'] }, /removePhones: \+1 999 555 0000 is not on this contact/],
    [{ addPhones: ['mobile: +1 206 555 0199'] }, /already has mobile \+1 206 555 0187/],
    [{ phones: ['business: 12ab'] }, /"phones".*"kind: number"/],
  ])('refuses %j with a clear error and sends no write', async (args, message) => {
    const before = snapshot(jordan());
    const result = await call('updateContact', { id: before.id, ...args });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(writes()).toHaveLength(0);
    expect(jordan()).toEqual(before);
  });

  it('says another user’s contact is not in the user’s contacts, and changes nothing', async () => {
    const megan = emulator.tenant.findUser('MeganB@contoso.com')!;
    const theirs = snapshot(emulator.tenant.contacts.contacts(megan.id)[0]!);
    for (const args of [{ jobTitle: 'Changed' }, { addEmails: ['x@y.com'] }]) {
      const result = await call('updateContact', { id: theirs.id, ...args });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('No such contact in your contacts');
      expect(result.text).toContain('Nothing was changed.');
    }
    expect(emulator.tenant.contacts.getContact(megan.id, theirs.id)).toEqual(theirs);
    expect(emulator.journal).toHaveLength(0);
  });
});

describe('deleteContact', () => {
  it('reads, then DELETEs, and names whom it deleted', async () => {
    const id = jordan().id;
    const result = await call('deleteContact', { id });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /me/contacts/${encodeURIComponent(id)}`,
      `DELETE /me/contacts/${encodeURIComponent(id)}`,
    ]);
    expect(result.text).toContain('Jordan Reyes <jordan.reyes@tailspintoys.com>');
    expect(book().get(id)).toBeUndefined();
  });

  it('refuses a contact from another user’s folder: clear error, no DELETE, their contact kept', async () => {
    const megan = emulator.tenant.findUser('MeganB@contoso.com')!;
    const theirs = emulator.tenant.contacts.contacts(megan.id)[0]!;
    const result = await call('deleteContact', { id: theirs.id });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('No such contact in your contacts: it was deleted, or it belongs to someone else.');
    expect(result.text).toContain('Nothing was deleted.');
    expect(writes()).toHaveLength(0);
    expect(emulator.tenant.contacts.getContact(megan.id, theirs.id)).toBeDefined();
  });
});
