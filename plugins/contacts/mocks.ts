/**
 * Outlook contacts, people and directory endpoints of Microsoft Graph over the emulated tenant's
 * contacts area (MSW handlers). Served the way Graph serves them: OData options with Graph's
 * errors (contacts take `startswith` and `emailAddresses/any(…)` filters, no `$search`), per-user
 * isolation (another user's contact id is not found), 201/200/204 for writes, people ranked and
 * searched by name and address, /users filtered with advanced-query rules.
 */
import type { Contact } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import {
  CONTACT_PROPERTIES,
  isWellFormedExchangeId,
  type DemoUser,
  type FilterClause,
  type GraphMockEnv,
  type RequestLike,
  type StoredContact,
  type StoredContactFolder,
} from 'm365-mcp-gateway/testing';
import { directoryHandlers } from './mocks-directory';

const READ_SCOPES = ['Contacts.Read', 'Contacts.ReadWrite', 'Contacts.Read.Shared', 'Contacts.ReadWrite.Shared'];
const WRITE_SCOPES = ['Contacts.ReadWrite', 'Contacts.ReadWrite.Shared'];

/** What Exchange filters contacts on: `startswith` on names and company, equality, any() on addresses. */
const STARTSWITH = ['givenName', 'surname', 'displayName', 'companyName', 'fileAs', 'jobTitle', 'department'];
const FILTERABLE = [...STARTSWITH, 'emailAddresses', 'parentFolderId', 'createdDateTime', 'lastModifiedDateTime'];

type Resolved<T> = T | Response;

function decode(param: unknown): string {
  const s = String(param ?? '');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

type Leaf = Exclude<FilterClause, { kind: 'or' }>;
const leaves = (clauses: readonly FilterClause[]): Leaf[] =>
  clauses.flatMap((c) => (c.kind === 'or' ? c.alternatives.flatMap(leaves) : [c]));

/** Exchange refuses what it cannot run on contacts (contains, endswith, any() on other members). */
function unsupportedFilter(clauses: readonly FilterClause[]): boolean {
  return leaves(clauses).some(
    (c) =>
      (c.kind === 'function' && (c.name !== 'startswith' || !STARTSWITH.includes(c.property))) ||
      (c.kind === 'any' && (c.property !== 'emailAddresses' || c.member !== 'address')),
  );
}

export default function contactsMocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const ctx = (u: DemoUser, tail: string) => `${base}/$metadata#users('${u.id}')/${tail}`;
  const auth = (request: RequestLike, scopes: string[]): Resolved<DemoUser> =>
    env.authenticate(request, { anyScope: scopes });
  const book = (user: DemoUser) => env.tenant.contacts.addressBook(user.id);
  const notFound = () => env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

  const folderOf = (user: DemoUser, raw: unknown): Resolved<StoredContactFolder> => {
    const idOrName = decode(raw);
    const folder = book(user).folder(idOrName);
    if (folder) return folder;
    if (!isWellFormedExchangeId(idOrName)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    return notFound();
  };

  const contactOf = (user: DemoUser, raw: unknown): Resolved<StoredContact> => {
    const id = decode(raw);
    if (!isWellFormedExchangeId(id)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    // Another user's contact is simply not in this mailbox: Graph says not found, never forbidden.
    return book(user).get(id) ?? notFound();
  };

  const listContacts = (request: RequestLike, contacts: readonly StoredContact[], context: string) => {
    const url = new URL(request.url);
    if (url.searchParams.has('$search'))
      return env.graphError(400, 'ErrorInvalidUrlQuery', "The query parameter '$search' is not supported on contacts.");
    try {
      if (unsupportedFilter(env.odata.parse(url).filter))
        return env.graphError(
          400,
          'ErrorInvalidUrlQueryFilter',
          'The query filter contains one or more invalid nodes.',
        );
    } catch (error) {
      return env.odata.errorResponse(error);
    }
    return env.odata.list(request, contacts, {
      context,
      entityType: 'microsoft.graph.contact',
      properties: CONTACT_PROPERTIES,
      filterable: FILTERABLE,
      filterOr: true,
      defaultTop: 10,
      maxTop: 1000,
      defaultOrderBy: [{ property: 'displayName', desc: false }],
    });
  };

  const readBody = async (request: RequestLike & { text(): Promise<string> }): Promise<Resolved<Contact>> => {
    try {
      const body = JSON.parse(await request.text()) as unknown;
      if (body && typeof body === 'object' && !Array.isArray(body)) return body as Contact;
    } catch {
      // answered below
    }
    return env.graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
  };

  /** The address book's refusal (unknown property, too many addresses) as Graph words it. */
  const refused = (problem: string) =>
    env.graphError(400, problem.startsWith('The property') ? 'BadRequest' : 'ErrorInvalidArgument', problem);

  const entity = (request: RequestLike, user: DemoUser, contact: StoredContact, status = 200) => {
    const response = env.odata.entity(request, contact, {
      context: ctx(user, 'contacts'),
      properties: CONTACT_PROPERTIES,
      entityType: 'microsoft.graph.contact',
    });
    return status === 200 ? response : new Response(response.body, { status, headers: response.headers });
  };

  const create = async (request: RequestLike & { text(): Promise<string> }, user: DemoUser, folderParam?: unknown) => {
    const folder = folderParam === undefined ? book(user).defaultFolder : folderOf(user, folderParam);
    if (folder instanceof Response) return folder;
    const body = await readBody(request);
    if (body instanceof Response) return body;
    const created = book(user).create(folder, body);
    return typeof created === 'string' ? refused(created) : entity(request, user, created, 201);
  };

  return [
    http.get(`${base}/me/contactFolders`, ({ request }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const own = book(user);
      return env.odata.list(
        request,
        own.folders.filter((f) => f.parentFolderId === own.defaultFolder.id),
        {
          context: ctx(user, 'contactFolders'),
          entityType: 'microsoft.graph.contactFolder',
          properties: ['id', 'displayName', 'parentFolderId'],
          filterable: ['displayName'],
        },
      );
    }),
    http.get(`${base}/me/contactFolders/:folder/contacts`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const folder = folderOf(user, params.folder);
      if (folder instanceof Response) return folder;
      return listContacts(
        request,
        book(user).inFolder(folder.id),
        ctx(user, `contactFolders('${folder.id}')/contacts`),
      );
    }),
    http.post(`${base}/me/contactFolders/:folder/contacts`, async ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      return create(request, user, params.folder);
    }),
    http.get(`${base}/me/contacts`, ({ request }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      // /me/contacts is the default Contacts folder only, as at Graph; other folders are asked for by id.
      const own = book(user);
      return listContacts(request, own.inFolder(own.defaultFolder.id), ctx(user, 'contacts'));
    }),
    http.post(`${base}/me/contacts`, async ({ request }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      return create(request, user);
    }),
    http.get(`${base}/me/contacts/:id`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const contact = contactOf(user, params.id);
      return contact instanceof Response ? contact : entity(request, user, contact);
    }),
    http.patch(`${base}/me/contacts/:id`, async ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      const contact = contactOf(user, params.id);
      if (contact instanceof Response) return contact;
      const ifMatch = request.headers.get('if-match');
      if (ifMatch && ifMatch !== '*' && ifMatch !== contact['@odata.etag'])
        return env.graphError(
          412,
          'ErrorIrresolvableConflict',
          'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
        );
      const body = await readBody(request);
      if (body instanceof Response) return body;
      const updated = book(user).update(contact.id, body);
      if (updated === undefined) return notFound();
      return typeof updated === 'string' ? refused(updated) : entity(request, user, updated);
    }),
    http.delete(`${base}/me/contacts/:id`, ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      const contact = contactOf(user, params.id);
      if (contact instanceof Response) return contact;
      book(user).remove(contact.id);
      return new Response(null, { status: 204, headers: { 'request-id': crypto.randomUUID() } });
    }),
    ...directoryHandlers(env),
  ];
}
