/** Serving Graph collections and entities with OData options applied, as Graph answers them. */
import {
  applyFilter,
  applyOrderBy,
  filterClauses,
  ODataError,
  parseQuery,
  selectFields,
  type FilterClause,
  type ODataQuery,
  type OrderBy,
} from './odata';
import { graphError, graphJson } from './responses';
import type { RequestLike } from '../types';

export interface ListOptions<T> {
  /** `@odata.context`, e.g. `${graphBaseUrl}/$metadata#users('id')/messages`. */
  context: string;
  /** Graph type name for error messages, e.g. `microsoft.graph.message`. */
  entityType: string;
  /** Properties `$select` and `$orderby` may name. */
  properties: readonly string[];
  /** Property paths `$filter` may name (e.g. `from/emailAddress/address`); none means $filter is refused. */
  filterable?: readonly string[];
  /** `$filter` may join clauses with `or` (contacts, users); refused as before where not said. */
  filterOr?: boolean;
  defaultTop?: number;
  maxTop?: number;
  defaultOrderBy?: readonly OrderBy[];
  /** Graph's Outlook rule: $orderby properties must lead the $filter, else InefficientFilter. */
  orderByMustLeadFilter?: boolean;
  /** Matcher for `$search`; without one, $search is refused. */
  search?: (item: T, query: string) => boolean;
  /** Turn a stored item into its wire form (e.g. body as text, $expand), before $select. */
  shape?: (item: T, query: ODataQuery) => object;
  /** Extra response headers (e.g. `Preference-Applied`). */
  headers?: Record<string, string>;
}

export interface EntityOptions<T> {
  /** `@odata.context`, e.g. `${graphBaseUrl}/$metadata#users('id')/todo/lists('id')/tasks/$entity`. */
  context: string;
  /** Properties `$select` may name; any other is Graph's 400 BadRequest. */
  properties: readonly string[];
  /** Graph type name for error messages, e.g. `microsoft.graph.todoTask`. */
  entityType: string;
  /** Turn the stored item into its wire form, before $select. */
  shape?: (item: T, query: ODataQuery) => object;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface ODataHelpers {
  /** Parse query options; throws ODataError for malformed ones. */
  parse(url: URL): ODataQuery;
  /** Answer a collection request: filter, search, order, count, page, shape, select, nextLink. */
  list<T extends object>(request: RequestLike, items: readonly T[], options: ListOptions<T>): Response;
  /** Answer a single-entity request with `$select` applied. */
  entity<T extends object>(request: RequestLike, item: T, options: EntityOptions<T>): Response;
  selectFields<T extends object>(item: T, select: readonly string[] | undefined): Partial<T>;
  applyFilter<T>(items: readonly T[], clauses: readonly FilterClause[]): T[];
  applyOrderBy<T>(items: readonly T[], orderBy: readonly OrderBy[]): T[];
  /** An ODataError as a Graph error response; rethrows anything else. */
  errorResponse(error: unknown): Response;
}

const unknownProperty = (name: string, entityType: string) =>
  new ODataError(400, 'BadRequest', `Could not find a property named '${name}' on type '${entityType}'.`);

function checkSelect(select: readonly string[] | undefined, properties: readonly string[], entityType: string): void {
  for (const s of select ?? []) if (!properties.includes(s)) throw unknownProperty(s, entityType);
}

/** Expanded navigation properties come back even when $select does not name them, as in Graph. */
function selectedWithExpand(q: ODataQuery): string[] | undefined {
  return q.select ? [...q.select, ...q.expand.map((e) => e.property)] : undefined;
}

function withSelectContext(context: string, select: readonly string[] | undefined): string {
  return select ? `${context}(${select.join(',')})` : context;
}

function list<T extends object>(request: RequestLike, items: readonly T[], o: ListOptions<T>): Response {
  const url = new URL(request.url);
  const q = parseQuery(url);
  checkSelect(q.select, o.properties, o.entityType);
  const maxTop = o.maxTop ?? 1000;
  if (q.top !== undefined && q.top > maxTop) {
    throw new ODataError(
      400,
      'BadRequest',
      `The limit of '${maxTop}' for Top query has been exceeded. The value from the incoming request is '${q.top}'.`,
    );
  }
  if (!o.filterOr && q.filter.some((c) => c.kind === 'or'))
    throw new ODataError(400, 'BadRequest', "Invalid filter clause: 'or' is not supported by this emulator.");
  for (const c of filterClauses(q.filter)) {
    if (!(o.filterable ?? []).includes(c.property)) {
      if (!o.filterable) throw new ODataError(400, 'BadRequest', `$filter is not supported on this collection.`);
      throw unknownProperty(c.property, o.entityType);
    }
  }
  for (const ob of q.orderBy)
    if (!o.properties.includes(ob.property) && !(o.filterable ?? []).includes(ob.property))
      throw unknownProperty(ob.property, o.entityType);
  if (q.search !== undefined) {
    if (!o.search) throw new ODataError(400, 'BadRequest', '$search is not supported on this collection.');
    if (q.orderBy.length)
      throw new ODataError(400, 'ErrorInvalidUrlQuery', "The query parameter 'OrderBy' is invalid.");
    if (q.filter.length)
      throw new ODataError(400, 'ErrorInvalidUrlQuery', "The query parameter 'Filter' is not supported with 'Search'.");
  }
  if (o.orderByMustLeadFilter && q.orderBy.length && q.filter.length) {
    const filterProps = [...new Set(filterClauses(q.filter).map((c) => c.property.toLowerCase()))];
    const leads = q.orderBy.every((ob, i) => filterProps[i] === ob.property.toLowerCase());
    if (!leads)
      throw new ODataError(
        400,
        'InefficientFilter',
        'The restriction or sort order is too complex for this operation.',
      );
  }

  let matched = applyFilter(items, q.filter);
  if (q.search !== undefined && o.search) {
    const term = q.search;
    matched = matched.filter((item) => o.search?.(item, term));
  }
  matched = applyOrderBy(matched, q.orderBy.length ? q.orderBy : (o.defaultOrderBy ?? []));
  const top = q.top ?? o.defaultTop ?? 10;
  const page = matched.slice(q.skip, q.skip + top);
  const body: Record<string, unknown> = { '@odata.context': withSelectContext(o.context, q.select) };
  if (q.count) body['@odata.count'] = matched.length;
  body.value = page.map((item) => selectFields(o.shape ? o.shape(item, q) : item, selectedWithExpand(q)));
  if (q.skip + top < matched.length && top > 0) {
    const next = new URL(request.url);
    next.searchParams.set('$skip', String(q.skip + top));
    if (q.top === undefined) next.searchParams.set('$top', String(top));
    body['@odata.nextLink'] = next.toString();
  }
  return graphJson(body, o.headers ? { headers: o.headers } : {});
}

export function errorResponse(error: unknown): Response {
  if (error instanceof ODataError) return graphError(error.status, error.code, error.message);
  throw error;
}

export const odataHelpers: ODataHelpers = {
  parse: parseQuery,
  list(request, items, options) {
    try {
      return list(request, items, options);
    } catch (e) {
      return errorResponse(e);
    }
  },
  entity(request, item, o) {
    try {
      const q = parseQuery(new URL(request.url));
      checkSelect(q.select, o.properties, o.entityType);
      const shaped = o.shape ? o.shape(item, q) : item;
      const body = {
        '@odata.context': `${withSelectContext(o.context, q.select)}/$entity`,
        ...selectFields(shaped, selectedWithExpand(q)),
      };
      return graphJson(body, o.headers ? { headers: o.headers } : {});
    } catch (e) {
      return errorResponse(e);
    }
  },
  selectFields,
  applyFilter,
  applyOrderBy,
  errorResponse,
};
