/**
 * The subset of OData query options Graph's Outlook endpoints accept, with Graph's error answers:
 * $select, $top, $skip, $orderby, $filter (comparisons, contains/startswith, any() on values or on a
 * member of each element, joined by `and` and `or` with `and` binding tighter, as OData's grammar
 * says), $count, $expand (with nested $select) and $search (handed to the caller's matcher).
 */

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null | { dateTime: string };
export type FilterClause =
  | { kind: 'compare'; property: string; op: Comparison; value: Literal }
  | { kind: 'function'; name: 'contains' | 'startswith' | 'endswith'; property: string; value: string }
  /** `categories/any(c:c eq 'x')`, or with `member` `emailAddresses/any(a:a/address eq 'x')`. */
  | { kind: 'any'; property: string; value: string; member?: string }
  /** `A or B and C`: true when every clause of one alternative is. */
  | { kind: 'or'; alternatives: FilterClause[][] };

export interface OrderBy {
  property: string;
  desc: boolean;
}
export interface Expand {
  property: string;
  select?: string[];
}

export interface ODataQuery {
  select?: string[];
  top?: number;
  skip: number;
  orderBy: OrderBy[];
  filter: FilterClause[];
  count: boolean;
  expand: Expand[];
  search?: string;
}

const PROP = '[A-Za-z][\\w/]*';
const STR = "'(?:[^']|'')*'";
const COMPARE_RE = new RegExp(`^(${PROP})\\s+(eq|ne|gt|ge|lt|le)\\s+(.+)$`, 'i');
const FUNCTION_RE = new RegExp(`^(contains|startswith|endswith)\\(\\s*(${PROP})\\s*,\\s*(${STR})\\s*\\)$`, 'i');
const ANY_RE = new RegExp(`^(${PROP})/any\\(\\s*(\\w+)\\s*:\\s*\\2(/[A-Za-z][\\w/]*)?\\s+eq\\s+(${STR})\\s*\\)$`, 'i');
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

const badRequest = (message: string) => new ODataError(400, 'BadRequest', message);

function unquote(s: string): string {
  return s.slice(1, -1).replace(/''/g, "'");
}

function parseLiteral(raw: string): Literal {
  const s = raw.trim();
  if (/^'(?:[^']|'')*'$/.test(s)) return unquote(s);
  if (s === 'true' || s === 'false') return s === 'true';
  if (s === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (DATETIME_RE.test(s)) return { dateTime: s };
  throw badRequest(`Invalid filter clause: syntax error at '${s}'.`);
}

/** Split on a keyword (`and`/`or`) outside quotes and parentheses. */
function splitTopLevel(expr: string, keyword: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  const re = new RegExp(`^\\s+${keyword}\\s+`, 'i');
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && /\s/.test(c ?? '')) {
      const m = re.exec(expr.slice(i));
      if (m) {
        parts.push(expr.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(expr.slice(start));
  return parts.map((p) => p.trim());
}

export function parseFilter(expr: string): FilterClause[] {
  const alternatives = splitTopLevel(expr, 'or');
  if (alternatives.length > 1) return [{ kind: 'or', alternatives: alternatives.map(parseConjunction) }];
  return parseConjunction(expr);
}

function parseConjunction(expr: string): FilterClause[] {
  return splitTopLevel(expr, 'and').flatMap((raw): FilterClause[] => {
    let clause = raw;
    while (clause.startsWith('(') && clause.endsWith(')')) clause = clause.slice(1, -1).trim();
    // A parenthesised `or` inside an `and`: `(A or B) and C`.
    if (splitTopLevel(clause, 'or').length > 1) return parseFilter(clause);
    if (/^not\s/i.test(clause)) throw badRequest("Invalid filter clause: 'not' is not supported by this emulator.");
    let m = FUNCTION_RE.exec(clause);
    if (m)
      return [
        {
          kind: 'function',
          name: (m[1] ?? '').toLowerCase() as 'contains',
          property: m[2] ?? '',
          value: unquote(m[3] ?? "''"),
        },
      ];
    m = ANY_RE.exec(clause);
    if (m) {
      const member = m[3]?.slice(1);
      return [{ kind: 'any', property: m[1] ?? '', value: unquote(m[4] ?? "''"), ...(member ? { member } : {}) }];
    }
    m = COMPARE_RE.exec(clause);
    if (m)
      return [
        {
          kind: 'compare',
          property: m[1] ?? '',
          op: (m[2] ?? 'eq').toLowerCase() as Comparison,
          value: parseLiteral(m[3] ?? ''),
        },
      ];
    throw badRequest(`Invalid filter clause: syntax error in '${clause}'.`);
  });
}

/** Every clause of a filter, those inside `or` alternatives too (to check the properties they name). */
export function filterClauses(clauses: readonly FilterClause[]): Exclude<FilterClause, { kind: 'or' }>[] {
  return clauses.flatMap((c) => (c.kind === 'or' ? c.alternatives.flatMap(filterClauses) : [c]));
}

function parseInteger(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`Invalid ${name} value '${raw}'.`);
  return Number(raw);
}

const list = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parse the query options; throws ODataError (400) on malformed input. */
export function parseQuery(url: URL): ODataQuery {
  const p = url.searchParams;
  const select = p.get('$select');
  const orderBy = p.get('$orderby') ?? p.get('$orderBy') ?? '';
  const filter = p.get('$filter');
  const search = p.get('$search');
  const count = p.get('$count');
  const top = parseInteger('$top', p.get('$top'));
  return {
    ...(select !== null ? { select: list(select) } : {}),
    ...(top !== undefined ? { top } : {}),
    skip: parseInteger('$skip', p.get('$skip')) ?? 0,
    orderBy: list(orderBy).map((o) => {
      const m = /^([A-Za-z][\w/]*)(?:\s+(asc|desc))?$/i.exec(o);
      if (!m) throw badRequest(`Invalid $orderby expression '${o}'.`);
      return { property: m[1] ?? '', desc: (m[2] ?? '').toLowerCase() === 'desc' };
    }),
    filter: filter?.trim() ? parseFilter(filter.trim()) : [],
    count: count === 'true',
    expand: parseExpand(p.get('$expand') ?? ''),
    ...(search !== null
      ? {
          search: search
            .trim()
            .replace(/^"(.*)"$/s, '$1')
            .replace(/\\(["\\])/g, '$1'),
        }
      : {}),
  };
}

function parseExpand(raw: string): Expand[] {
  const out: Expand[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= raw.length; i++) {
    const c = raw[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if ((c === ',' && depth === 0) || i === raw.length) {
      const item = raw.slice(start, i).trim();
      start = i + 1;
      if (!item) continue;
      const m = /^(\w+)(?:\((.*)\))?$/.exec(item);
      if (!m) throw badRequest(`Invalid $expand expression '${item}'.`);
      const sel = /\$select=([^;]*)/.exec(m[2] ?? '');
      out.push({ property: m[1] ?? '', ...(sel ? { select: list(sel[1] ?? '') } : {}) });
    }
  }
  return out;
}

export function getPath(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('/')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

function matchClause(item: unknown, c: FilterClause): boolean {
  if (c.kind === 'or') return c.alternatives.some((all) => all.every((one) => matchClause(item, one)));
  const value = getPath(item, c.property);
  if (c.kind === 'any') {
    const member = c.member;
    return (
      Array.isArray(value) &&
      value.some((v) => String((member ? getPath(v, member) : v) ?? '').toLowerCase() === c.value.toLowerCase())
    );
  }
  if (c.kind === 'function') {
    const s = String(value ?? '').toLowerCase();
    const t = c.value.toLowerCase();
    return c.name === 'contains' ? s.includes(t) : c.name === 'startswith' ? s.startsWith(t) : s.endsWith(t);
  }
  let actual: unknown = value;
  let expected: unknown = c.value;
  if (c.value !== null && typeof c.value === 'object') {
    actual = typeof value === 'string' ? Date.parse(value) : value;
    expected = Date.parse(c.value.dateTime);
  }
  const r = compareValues(actual, expected);
  switch (c.op) {
    case 'eq':
      return r === 0;
    case 'ne':
      return r !== 0;
    case 'gt':
      return r > 0;
    case 'ge':
      return r >= 0;
    case 'lt':
      return r < 0;
    case 'le':
      return r <= 0;
  }
}

export function applyFilter<T>(items: readonly T[], clauses: readonly FilterClause[]): T[] {
  return items.filter((item) => clauses.every((c) => matchClause(item, c)));
}

export function applyOrderBy<T>(items: readonly T[], orderBy: readonly OrderBy[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => {
      for (const o of orderBy) {
        const r = compareValues(getPath(a.item, o.property), getPath(b.item, o.property));
        if (r !== 0) return o.desc ? -r : r;
      }
      return a.i - b.i;
    })
    .map((x) => x.item);
}

/** Only the selected properties, plus `id` and `@odata.etag` as Graph always returns them. */
export function selectFields<T extends object>(item: T, select: readonly string[] | undefined): Partial<T> {
  if (!select) return item;
  const src = item as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['@odata.type', '@odata.etag', 'id', ...select]) if (key in src) out[key] = src[key];
  return out as Partial<T>;
}
