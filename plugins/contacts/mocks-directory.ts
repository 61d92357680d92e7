/**
 * The people and directory endpoints the contacts plugin reads: /me/people (the user's ranking from
 * the contacts area, searched by name and address as Graph does) and /users (the tenant's members,
 * filtered with Graph's directory rules: `department` needs an advanced query).
 */
import { http, type RequestHandler } from 'msw';
import type { DemoUser, FilterClause, GraphMockEnv, RankedPerson, RequestLike } from 'm365-mcp-gateway/testing';

const PEOPLE_SCOPES = ['People.Read', 'People.Read.All'];
const USER_SCOPES = ['User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'];

const PERSON_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'birthday',
  'personNotes',
  'isFavorite',
  'jobTitle',
  'companyName',
  'yomiCompany',
  'department',
  'officeLocation',
  'profession',
  'userPrincipalName',
  'imAddress',
  'scoredEmailAddresses',
  'phones',
  'postalAddresses',
  'websites',
  'personType',
];
const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'mail',
  'userPrincipalName',
  'jobTitle',
  'department',
  'officeLocation',
  'businessPhones',
  'mobilePhone',
  'userType',
];
const USER_FILTERABLE = ['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName', 'jobTitle', 'department'];
/** Filters the directory answers only as advanced queries (ConsistencyLevel: eventual and $count=true). */
const ADVANCED_ONLY = ['department'];

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s.,_@'"()-]+/)
    .filter(Boolean);

/** Graph's people search: every word of the query starts a word of the name or the address. */
function personMatches(person: RankedPerson, query: string): boolean {
  const address = person.scoredEmailAddresses?.[0]?.address ?? '';
  const own = [
    ...words(`${person.displayName} ${person.givenName ?? ''} ${person.surname ?? ''} ${address}`),
    address.toLowerCase(),
  ];
  const wanted = words(query);
  return wanted.length > 0 && wanted.every((w) => own.some((o) => o.startsWith(w)));
}

const leaves = (clauses: readonly FilterClause[]): Array<Exclude<FilterClause, { kind: 'or' }>> =>
  clauses.flatMap((c) => (c.kind === 'or' ? c.alternatives.flatMap(leaves) : [c]));

export function directoryHandlers(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const ctx = (u: DemoUser, tail: string) => `${base}/$metadata#users('${u.id}')/${tail}`;

  const advancedQueryProblem = (request: RequestLike): Response | undefined => {
    const url = new URL(request.url);
    let clauses: FilterClause[];
    try {
      clauses = env.odata.parse(url).filter;
    } catch (error) {
      return env.odata.errorResponse(error);
    }
    const advanced =
      /^eventual$/i.test(request.headers.get('consistencylevel') ?? '') && url.searchParams.get('$count') === 'true';
    const needs = leaves(clauses).find((c) => ADVANCED_ONLY.includes(c.property));
    if (needs && !advanced)
      return env.graphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${needs.property}' of resource 'User'.`,
      );
    return undefined;
  };

  return [
    http.get(`${base}/me/people`, ({ request }) => {
      const user = env.authenticate(request, { anyScope: PEOPLE_SCOPES });
      if (user instanceof Response) return user;
      return env.odata.list(request, env.tenant.contacts.people(user.id), {
        context: ctx(user, 'people'),
        entityType: 'microsoft.graph.person',
        properties: PERSON_PROPERTIES,
        defaultTop: 10,
        maxTop: 1000,
        search: personMatches,
      });
    }),
    http.get(`${base}/users`, ({ request }) => {
      const user = env.authenticate(request, { anyScope: USER_SCOPES });
      if (user instanceof Response) return user;
      // A personal Microsoft account has no organisation directory to list.
      if (user.tenantId !== env.tenant.id)
        return env.graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      const problem = advancedQueryProblem(request);
      if (problem) return problem;
      return env.odata.list(request, env.tenant.contacts.directoryUsers(), {
        context: `${base}/$metadata#users`,
        entityType: 'microsoft.graph.user',
        properties: USER_PROPERTIES,
        filterable: USER_FILTERABLE,
        filterOr: true,
        defaultTop: 100,
        maxTop: 999,
        defaultOrderBy: [{ property: 'displayName', desc: false }],
      });
    }),
  ];
}
