/** Contract tests of the contacts plugin's read tools against the emulated tenant (MSW). */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolTestSession, type StoredContact, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { SCAN_PAGES } from './tools/get-contacts';
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
const book = () => emulator.tenant.contacts.addressBook(session.user.id);
const LIST_SELECT = 'id,displayName,companyName,jobTitle,emailAddresses,mobilePhone,businessPhones';
/** The default folder's contacts as Outlook sorts them by name. */
const byName = (list: readonly StoredContact[]) => [...list].sort((a, b) => a.displayName.localeCompare(b.displayName));
const defaultFolder = () => byName(book().inFolder(book().defaultFolder.id));

describe('tool definitions', () => {
  it('publishes the six tools within 900 o200k tokens together', () => {
    const tools = registry.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'createContact',
      'deleteContact',
      'findPeople',
      'getContact',
      'getContacts',
      'updateContact',
    ]);
    const tokens = tools.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
    console.info(`contacts tools/list: ${tokens} o200k tokens`);
    expect(tokens).toBeLessThanOrEqual(900);
  });
});

describe('getContacts', () => {
  it('asks Graph for the default folder with $select, $top and $orderby, and lists 20 contacts within 800 tokens', async () => {
    const result = await call('getContacts', {});
    expect(result.isError, result.text).toBeFalsy();
    expect(requests()).toHaveLength(1);
    const [request] = requests();
    expect(request).toMatchObject({ method: 'GET', path: '/me/contacts' });
    expect(query(request!.search)).toEqual({ $select: LIST_SELECT, $top: '20', $orderby: 'displayName' });
    expect(request!.headers.prefer).toBe('IdType="ImmutableId"');
    const expected = defaultFolder().slice(0, 20);
    expect(await idsBehind(session, handlesIn(result.text, 'contact').slice(0, 20))).toEqual(expected.map((c) => c.id));
    for (const c of expected) expect(result.text).toContain(c.displayName);
    expect(result.text).not.toContain(expected[0]!.id.slice(0, 30));
    expect(result.text).toMatch(/<untrusted-content source="contacts">/);
    expect(result.text).toMatch(/More contacts: call again with cursor "c\w+"/);
    const tokens = countTokens(result.text);
    console.info(`getContacts of 20: ${tokens} o200k tokens`);
    expect(tokens).toBeLessThanOrEqual(800);
  });

  it('pages on with the cursor it showed', async () => {
    const first = await call('getContacts', { count: 20 });
    const cursor = /cursor "(\w+)"/.exec(first.text)?.[1];
    emulator.stats.reset();
    const next = await call('getContacts', { cursor });
    expect(next.isError, next.text).toBeFalsy();
    expect(query(requests()[0]!.search)).toMatchObject({ $skip: '20', $top: '20', $select: LIST_SELECT });
    const rest = defaultFolder().slice(20);
    expect(rest.length).toBeGreaterThan(0);
    for (const c of rest) expect(next.text).toContain(c.displayName);
    expect(next.text).not.toContain('More contacts');
  });

  it('finds by the start of a name or company with Graph’s startswith filter, duplicates included', async () => {
    const result = await call('getContacts', { query: 'Jordan' });
    expect(query(requests()[0]!.search)).toEqual({
      $select: LIST_SELECT,
      $top: '20',
      $filter:
        "startswith(givenName,'Jordan') or startswith(surname,'Jordan') or startswith(displayName,'Jordan') or startswith(companyName,'Jordan')",
    });
    expect(result.text.match(/Jordan Reyes/g)).toHaveLength(2);
    expect(result.text).toContain('Jordan Reyes | Tailspin Toys |');
    expect(result.text).toContain('Jordan Reyes | Photographer |');
    const company = await call('getContacts', { query: 'Margie’s' });
    expect(company.text).toContain('bookings@margiestravel.com');
  });

  it('finds a whole address with emailAddresses/any, quoting an apostrophe', async () => {
    const result = await call('getContacts', { query: 'jreyes@tailspintoys.com' });
    expect(query(requests()[0]!.search).$filter).toBe("emailAddresses/any(a:a/address eq 'jreyes@tailspintoys.com')");
    expect(result.text).toContain('Jordan Reyes');
    expect(result.text).toContain('jordan.reyes@tailspintoys.com (+1)');
    emulator.stats.reset();
    await call('getContacts', { query: "o'brien@fabrikam.com" });
    expect(query(requests()[0]!.search).$filter).toBe("emailAddresses/any(a:a/address eq 'o''brien@fabrikam.com')");
  });

  it('matches part of an address in the gateway, over pages of 100 without $filter', async () => {
    const result = await call('getContacts', { query: '@tailspintoys' });
    expect(requests()).toHaveLength(1);
    expect(query(requests()[0]!.search)).toEqual({ $select: LIST_SELECT, $top: '100' });
    expect(result.text).toMatch(/address containing "@tailspintoys": 2/);
    expect(result.text).toContain('Sofia Marchetti');
    expect(result.text.match(/Jordan Reyes/g)).toHaveLength(1);
  });

  it(`says so when the partial-address search stopped after ${SCAN_PAGES} pages`, async () => {
    for (let i = 0; i < SCAN_PAGES * 100; i++)
      emulator.tenant.contacts.addContact(session.user.id, {
        givenName: 'Aaron',
        surname: `Filler ${String(i).padStart(3, '0')}`,
        emailAddresses: [{ address: `aaron.filler${i}@example.org` }],
      });
    const result = await call('getContacts', { query: 'tailspintoys.com' });
    expect(requests()).toHaveLength(SCAN_PAGES);
    expect(result.text).toContain(`Searched the first ${SCAN_PAGES * 100} contacts only`);
    expect(result.text).toMatch(/containing "tailspintoys.com": none\./);
  });

  it('lists a folder by name, and tells the model the folders there are when the name is unknown', async () => {
    const suppliers = book().folders.find((f) => f.displayName === 'Suppliers')!;
    const result = await call('getContacts', { folder: 'suppliers' });
    expect(requests().map((r) => r.path)).toEqual([
      '/me/contactFolders',
      `/me/contactFolders/${encodeURIComponent(suppliers.id)}/contacts`,
    ]);
    expect(query(requests()[0]!.search)).toEqual({ $select: 'id,displayName', $top: '100' });
    expect(result.text).toMatch(/^Contacts in Suppliers: 4/);
    const missing = await call('getContacts', { folder: 'Vendors' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('No contact folder named "Vendors". Folders: Contacts, Suppliers, Family.');
  });

  it('refuses another user’s folder id as not found', async () => {
    const megans = emulator.tenant.contacts.addressBook(emulator.tenant.findUser('MeganB@contoso.com')!.id);
    const result = await call('getContacts', { folder: megans.defaultFolder.id });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('That contact folder does not exist in your mailbox');
  });
});

describe('getContact', () => {
  const jordan = () => book().contacts.find((c) => c.companyName === 'Tailspin Toys' && c.givenName === 'Jordan')!;

  it('reads one contact with $select and fences its notes, which someone else may have written', async () => {
    const result = await call('getContact', { id: jordan().id });
    expect(result.isError, result.text).toBeFalsy();
    expect(requests()).toHaveLength(1);
    expect(requests()[0]).toMatchObject({ method: 'GET', path: `/me/contacts/${encodeURIComponent(jordan().id)}` });
    expect(query(requests()[0]!.search).$select).toBe(
      `${LIST_SELECT},givenName,surname,department,homePhones,businessAddress,homeAddress,otherAddress,birthday,personalNotes,categories,parentFolderId,lastModifiedDateTime`,
    );
    const fenceStart = result.text.indexOf('<untrusted-content source="contact card">');
    expect(fenceStart).toBeGreaterThan(0);
    expect(result.text.indexOf('ignore previous instructions')).toBeGreaterThan(fenceStart);
    // The note's own closing marker is defused: the only real one ends the fence.
    expect(result.text.match(/<\/untrusted-content>/g)).toHaveLength(1);
    expect(result.text).toContain('Emails: jordan.reyes@tailspintoys.com, jreyes@tailspintoys.com');
    expect(result.text).toContain('Phones: business +1 206 555 0143, business +1 206 555 0100, mobile +1 206 555 0187');
    expect(result.text).toContain('Business address: 4 Pike Street, Suite 300, Seattle, WA 98101, United States');
    expect(countTokens(result.text)).toBeLessThanOrEqual(500);
  });

  it('says the contact is unknown for another user’s contact id', async () => {
    const megan = emulator.tenant.findUser('MeganB@contoso.com')!;
    const theirs = emulator.tenant.contacts.contacts(megan.id)[0]!;
    const result = await call('getContact', { id: theirs.id });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('No such contact in your contacts');
  });
});
