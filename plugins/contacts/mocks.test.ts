/** The contacts mocks answer as Graph does: filters, refusals, paging, isolation, concurrency and scopes. */
import { signIn } from 'm365-mcp-gateway/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { contactsTestEnvironment } from './test-support';

const { emulator } = contactsTestEnvironment();
const GRAPH = emulator.graphBaseUrl;
const ALL = ['Contacts.ReadWrite', 'People.Read', 'User.ReadBasic.All'];
let token: string;
beforeEach(async () => {
  emulator.reset();
  ({ accessToken: token } = await signIn({
    authorityOrigin: emulator.authorityOrigin,
    user: 'AdeleV@contoso.com',
    scopes: ALL,
  }));
});

const adele = () => emulator.tenant.findUser('AdeleV@contoso.com')!;
const megan = () => emulator.tenant.findUser('MeganB@contoso.com')!;
interface GraphBody {
  value?: Array<Record<string, unknown>>;
  error?: { code: string; message: string };
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}
const graph = async (path: string, init: RequestInit = {}, bearer = token) => {
  const response = await fetch(`${GRAPH}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as GraphBody };
};
const filter = (f: string) => `/me/contacts?$filter=${encodeURIComponent(f)}`;

describe('contacts', () => {
  it('filters with startswith and emailAddresses/any, and refuses functions Exchange does not run', async () => {
    const ok = await graph(
      filter("startswith(surname,'rey') or emailAddresses/any(a:a/address eq 'PRIYA.RAMAN@fabrikam.com')"),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.value?.map((c) => c.displayName).sort()).toEqual(['Jordan Reyes', 'Jordan Reyes', 'Priya Raman']);
    for (const bad of ["contains(displayName,'rey')", "endswith(surname,'es')", "startswith(personalNotes,'x')"]) {
      const refused = await graph(filter(bad));
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'ErrorInvalidUrlQueryFilter',
        message: 'The query filter contains one or more invalid nodes.',
      });
    }
  });

  it('refuses $search on contacts', async () => {
    const refused = await graph('/me/contacts?$search=%22jordan%22');
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe('ErrorInvalidUrlQuery');
  });

  it('pages the default folder only, with @odata.nextLink', async () => {
    const book = emulator.tenant.contacts.addressBook(adele().id);
    const first = await graph('/me/contacts?$top=5&$select=displayName');
    expect(first.body.value).toHaveLength(5);
    expect(first.body['@odata.nextLink']).toContain('%24skip=5');
    const all = await graph('/me/contacts?$top=100');
    expect(all.body.value).toHaveLength(book.inFolder(book.defaultFolder.id).length);
    expect(all.body.value?.length).toBeLessThan(book.contacts.length);
  });

  it('answers another user’s contact with 404, and a malformed id with 400', async () => {
    const theirs = emulator.tenant.contacts.contacts(megan().id)[0]!;
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const answer = await graph(`/me/contacts/${encodeURIComponent(theirs.id)}`, {
        method,
        ...(method === 'PATCH' ? { body: '{"jobTitle":"x"}' } : {}),
      });
      expect(answer.status, method).toBe(404);
      expect(answer.body.error?.code).toBe('ErrorItemNotFound');
    }
    expect(emulator.tenant.contacts.getContact(megan().id, theirs.id)?.jobTitle).toBe(theirs.jobTitle);
    expect((await graph('/me/contacts/not-an-id')).body.error?.code).toBe('ErrorInvalidIdMalformed');
  });

  it('refuses a stale If-Match with 412, and more than 3 addresses or an unknown property with 400', async () => {
    const contact = emulator.tenant.contacts.contacts(adele().id)[0]!;
    const path = `/me/contacts/${encodeURIComponent(contact.id)}`;
    const fresh = await graph(path, {
      method: 'PATCH',
      body: '{"jobTitle":"A"}',
      headers: { 'if-match': contact['@odata.etag'] },
    });
    expect(fresh.status).toBe(200);
    const stale = await graph(path, { method: 'PATCH', body: '{"jobTitle":"B"}', headers: { 'if-match': 'W/"old"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.error?.code).toBe('ErrorIrresolvableConflict');
    const four = ['a', 'b', 'c', 'd'].map((x) => ({ address: `${x}@x.com` }));
    const tooMany = await graph('/me/contacts', {
      method: 'POST',
      body: JSON.stringify({ givenName: 'Q', emailAddresses: four }),
    });
    expect(tooMany.status).toBe(400);
    const unknown = await graph('/me/contacts', { method: 'POST', body: '{"nickname":"Q"}' });
    expect(unknown.body.error?.message).toContain(
      "The property 'nickname' does not exist on type 'microsoft.graph.contact'",
    );
    expect(emulator.tenant.contacts.getContact(adele().id, contact.id)?.jobTitle).toBe('A');
  });

  it('answers 403 without a Contacts permission', async () => {
    const { accessToken } = await signIn({
      authorityOrigin: emulator.authorityOrigin,
      user: 'AdeleV@contoso.com',
      scopes: ['People.Read'],
    });
    const denied = await graph('/me/contacts', {}, accessToken);
    expect(denied.status).toBe(403);
    expect(denied.body.error?.code).toBe('ErrorAccessDenied');
  });
});

describe('people and directory', () => {
  it('searches /me/people by the start of names and addresses, not roles', async () => {
    const byName = await graph('/me/people?$search=%22meg%22');
    expect(byName.body.value?.[0]).toMatchObject({
      displayName: 'Megan Bowen',
      personType: { class: 'Person', subclass: 'OrganizationUser' },
      scoredEmailAddresses: [{ address: 'MeganB@contoso.com' }],
    });
    expect((await graph('/me/people?$search=%22manager%22')).body.value).toEqual([]);
  });

  it('filters /users by department only as an advanced query', async () => {
    const path = `/users?$filter=${encodeURIComponent("startswith(department,'Mark')")}`;
    const plain = await graph(path);
    expect(plain.status).toBe(400);
    expect(plain.body.error?.code).toBe('Request_UnsupportedQuery');
    const advanced = await graph(`${path}&$count=true`, { headers: { consistencylevel: 'eventual' } });
    expect(advanced.body['@odata.count']).toBe(2);
  });
});
