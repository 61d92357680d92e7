/**
 * Tool arguments generated from a tool's published `inputSchema` (what tools/list serves), within
 * it and beyond it. Covers the JSON Schema the tools publish: `type` (object, array, string,
 * integer, number, boolean), `enum`, `anyOf`, `properties`/`required`, `items`, string lengths and
 * number bounds; a property without a type accepts anything.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  enum?: readonly unknown[];
  anyOf?: readonly JsonSchema[];
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** A handle's shape (kind letter, digit, 4–11 characters) that no call has handed out. */
export const unknownHandle = fc.stringMatching(/^[a-z][0-9][0-9a-hjkmnp-tv-z]{4,11}$/);

/** Strings a model plausibly sends: dates, addresses, names, Graph-like ids, handles, free text. */
function plausibleStrings(addresses: readonly string[]): fc.Arbitrary<string> {
  const instant = fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString());
  return fc.oneof(
    { arbitrary: instant, weight: 2 },
    { arbitrary: instant.map((iso) => iso.slice(0, 16)), weight: 1 },
    { arbitrary: instant.map((iso) => iso.slice(0, 10)), weight: 1 },
    { arbitrary: fc.constantFrom(...addresses), weight: 2 },
    {
      arbitrary: fc.constantFrom('inbox', 'sentitems', 'drafts', 'General', 'Mark 8 Project Team', 'budget'),
      weight: 1,
    },
    { arbitrary: unknownHandle, weight: 2 },
    { arbitrary: fc.base64String({ minLength: 4, maxLength: 120 }).map((id) => `AAMkAG${id}`), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 1 },
  );
}

function boundedString(schema: JsonSchema, pool: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (text: string) => text.length >= min && text.length <= max;
  return fc.oneof(pool.filter(fits), fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 40)) }));
}

/**
 * Values the schema accepts. `addresses` seeds plausible strings (e.g. the tenant's people).
 *
 * @example
 * fc.sample(withinSchema(tool.inputSchema, ['MeganB@contoso.com']), 1); // [{ count: 7, folder: 'inbox' }]
 */
export function withinSchema(schema: JsonSchema, addresses: readonly string[]): fc.Arbitrary<unknown> {
  const pool = plausibleStrings(addresses);
  const of = (node: JsonSchema): fc.Arbitrary<unknown> => {
    if (node.enum) return fc.constantFrom(...node.enum);
    if (node.anyOf) return fc.oneof(...node.anyOf.map(of));
    switch (node.type) {
      case 'object': {
        const properties = node.properties ?? {};
        const model = Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, of(child)]));
        return fc.record(model, { requiredKeys: [...(node.required ?? [])] });
      }
      case 'array':
        return fc.array(of(node.items ?? {}), { maxLength: 4 });
      case 'string':
        return boundedString(node, pool);
      case 'integer':
      case 'number': {
        const min = node.minimum ?? -10;
        const max = node.maximum ?? 10_000;
        // Small values are the ones tools treat specially; the bounds are where off-by-ones live.
        const small = fc.integer({ min: Math.max(min, 0), max: Math.max(min, Math.min(max, 60)) });
        const integer = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max), small);
        return node.type === 'integer' ? integer : fc.oneof(integer, fc.double({ min, max, noNaN: true }));
      }
      case 'boolean':
        return fc.boolean();
      default:
        return fc.oneof(pool, fc.array(pool, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }));
    }
  };
  return of(schema);
}

/** Deeply nested arrays or objects around a value (depth 1–400). */
const deepNesting = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

const loneSurrogates = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.constant('a'),
  ),
  minLength: 1,
  maxLength: 20,
});

/** Values no published schema is written for: wrong types, extremes, odd text, huge or deep values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -0,
    -1,
    0.5,
    1.5,
    -2.5,
    2 ** 31,
    2 ** 53 + 2,
    1e308,
    -1e308,
    5e-324,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    ' ',
    '\u0000',
    '\u202e\u2066',
    '\ufeff',
    'null',
    '[object Object]',
    '../../me/messages',
    '%2e%2e%2f',
    "') or 1 eq 1 or ('",
    '$batch',
    '2026-02-30T25:61:00',
    '0000-00-00',
    '9999-12-31T23:59:59.999Z',
    'm0aaaa',
    [],
    [null],
    {},
    { '': '' },
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  loneSurrogates,
  unknownHandle,
  fc
    .integer({ min: 1_000, max: 100_000 })
    .chain((length) => fc.string({ minLength: 1, maxLength: 2 }).map((unit) => unit.repeat(length))),
  fc.integer({ min: 100, max: 2_000 }).map((length) => Array.from({ length }, (_, i) => `user${i}@contoso.com`)),
  fc.double(),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  deepNesting,
  fc.jsonValue({ maxDepth: 3 }),
);

/** Key names a schema does not declare, machinery keys among them. */
const strayKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Count', ' id', 'id ', ''),
  fc.string({ maxLength: 12 }),
);

/** Sets own enumerable `key` (also `__proto__`, as JSON.parse would). */
function withKey(args: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...args };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * Arguments beyond the schema: a valid set with one key given a hostile value, a required key
 * dropped, a stray key added, several of these at once, or no object at all.
 *
 * @example
 * fc.sample(beyondSchema(tool.inputSchema, []), 1); // [{ id: '\ud800', maxBodyChars: NaN }]
 */
export function beyondSchema(schema: JsonSchema, addresses: readonly string[]): fc.Arbitrary<unknown> {
  const keys = Object.keys(schema.properties ?? {});
  const valid = withinSchema(schema, addresses) as fc.Arbitrary<Record<string, unknown>>;
  const declared = keys.length > 0 ? fc.constantFrom(...keys) : strayKey;
  type Mutation = (args: Record<string, unknown>) => Record<string, unknown>;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      arbitrary: fc.tuple(declared, hostileValue).map(
        ([key, value]): Mutation =>
          (args) =>
            withKey(args, key, value),
      ),
      weight: 5,
    },
    {
      arbitrary: fc.tuple(strayKey, hostileValue).map(
        ([key, value]): Mutation =>
          (args) =>
            withKey(args, key, value),
      ),
      weight: 1,
    },
    {
      arbitrary: fc.constantFrom(...(schema.required?.length ? schema.required : [''])).map(
        (key): Mutation =>
          (args) => {
            const { [key]: _dropped, ...rest } = args;
            return rest;
          },
      ),
      weight: 1,
    },
  );
  const mutated = fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([args, mutations]) => mutations.reduce((acc, mutate) => mutate(acc), args));
  const notAnObject = fc.oneof(
    fc.constantFrom<unknown>('', 'count=5', 42, true, [], [{}]),
    fc.array(hostileValue, { maxLength: 3 }),
  );
  return fc.oneof({ arbitrary: mutated, weight: 12 }, { arbitrary: notAnObject, weight: 1 });
}
