/**
 * Raw JSON-RPC bodies as a hostile or broken client sends them: messages with wrong types and
 * hostile values in every member, duplicate keys, deep nesting, invalid UTF-8, truncated text,
 * batches (empty, mixed, huge) and bodies over the 4 MiB limit. Runtime-neutral (Node and workerd).
 */
import fc from 'fast-check';
import { hostileValue, unknownHandle } from './schema-arbitraries';

/** What one case sends: text (a WebSocket text frame, or a body) or bytes (a binary frame, or a body). */
export type RawBody = string | Uint8Array;

const METHODS = [
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'initialize',
  'server/discover',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'tasks/list',
  'no/such/method',
  '',
];

const TOOLS = [
  'getEmails',
  'getEmail',
  'searchEmails',
  'listMailFolders',
  'manageEmails',
  'authenticate',
  'noSuchTool',
];

const toolArguments = fc.oneof(
  fc.constant({}),
  fc.record({ count: fc.oneof(fc.integer({ min: 1, max: 5 }), hostileValue) }, { requiredKeys: [] }),
  fc.record({ id: fc.oneof(unknownHandle, hostileValue), query: hostileValue }, { requiredKeys: [] }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 }),
  hostileValue,
);

function paramsFor(method: string): fc.Arbitrary<unknown> {
  switch (method) {
    case 'tools/call':
      return fc.record(
        { name: fc.oneof(fc.constantFrom(...TOOLS), hostileValue), arguments: toolArguments, _meta: hostileValue },
        { requiredKeys: ['name'] },
      );
    case 'resources/read':
      return fc.record({
        uri: fc.oneof(
          fc.constantFrom(
            'm365://mail/m0aaaa/attachments/a0bbbb',
            'm365://mail/%ZZ/attachments/%',
            'file:///etc/passwd',
          ),
          unknownHandle.map((handle) => `m365://mail/${handle}/attachments/${handle}`),
          hostileValue,
        ),
      });
    case 'initialize':
      return fc.record({
        protocolVersion: fc.oneof(fc.constantFrom('2025-06-18', '2024-11-05', '1999-01-01'), hostileValue),
        capabilities: hostileValue,
        clientInfo: hostileValue,
      });
    case 'logging/setLevel':
      return fc.record({ level: fc.oneof(fc.constantFrom('debug', 'error', 'loud'), hostileValue) });
    default:
      return fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), hostileValue, { maxKeys: 3 }));
  }
}

/** A request, notification or odd member set, with hostile values where a client could put them. */
const message: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...METHODS)
  .chain((method) =>
    fc.record(
      {
        jsonrpc: fc.oneof({ arbitrary: fc.constant('2.0'), weight: 6 }, { arbitrary: hostileValue, weight: 1 }),
        id: fc.oneof(
          { arbitrary: fc.integer({ min: 1_000, max: 1_000_000 }), weight: 4 },
          { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
          { arbitrary: hostileValue, weight: 1 },
        ),
        method: fc.oneof({ arbitrary: fc.constant(method), weight: 8 }, { arbitrary: hostileValue, weight: 1 }),
        params: fc.oneof({ arbitrary: paramsFor(method), weight: 6 }, { arbitrary: hostileValue, weight: 1 }),
        result: hostileValue,
        error: hostileValue,
      },
      // Without an id it is a notification; a result or error makes it a (stray) response.
      { requiredKeys: ['jsonrpc', 'method'] },
    ),
  )
  .map((fields) => {
    // result and error are rare members of a client message: keep them out most of the time.
    const { result, error, ...rest } = fields;
    return typeof fields.id === 'number' && fields.id % 7 === 0 ? { ...rest, result, error } : rest;
  });

/** `{"id":…,"method":…` spliced in front of the members already there: JSON.parse keeps the last. */
const duplicateKeys = fc
  .tuple(
    message,
    fc.array(fc.tuple(fc.constantFrom('id', 'method', 'jsonrpc', 'params'), hostileValue), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([base, pairs]) => {
    const text = JSON.stringify(base);
    const extra = pairs.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',');
    return `{${extra},${text.slice(1)}`;
  });

const deepNesting = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, inParams]) => {
    const close = open === '[' ? ']' : '}';
    const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return inParams
      ? `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"getEmails","arguments":${deep}}}`
      : deep;
  });

/** Bytes that are never valid UTF-8: a lone continuation, overlongs, an encoded surrogate, a cut sequence, 0xFF. */
const INVALID_UTF8 = [
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xff],
  [0xfe, 0xff],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

const invalidUtf8 = fc
  .tuple(message, fc.constantFrom(...INVALID_UTF8), fc.nat(), fc.boolean())
  .map(([base, bad, at, inString]): Uint8Array => {
    const marker = '\u0001fuzz\u0001';
    const withMarker = { ...base, params: { ...(typeof base.params === 'object' ? base.params : {}), text: marker } };
    const bytes = new TextEncoder().encode(JSON.stringify(withMarker));
    const markerAt = findBytes(bytes, new TextEncoder().encode('\\u0001fuzz\\u0001'));
    const cut = inString && markerAt >= 0 ? markerAt : at % (bytes.length + 1);
    return Uint8Array.from([...bytes.subarray(0, cut), ...bad, ...bytes.subarray(cut)]);
  });

function findBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const notJson = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'null',
    'true',
    '0',
    '"ping"',
    '{',
    '[',
    '{"jsonrpc":"2.0",',
    '\ufeff{"jsonrpc":"2.0","id":1,"method":"ping"}',
    'jsonrpc=2.0&method=ping',
    '<xml/>',
    'NaN',
    '{"id":1e999999}',
    '{"id":-0}',
  ),
  message.chain((base) =>
    fc.nat().map((at) => JSON.stringify(base).slice(0, at % Math.max(1, JSON.stringify(base).length))),
  ),
  fc.uint8Array({ maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
);

const batch = fc.oneof(
  fc.constant('[]'),
  fc.array(fc.oneof(message, hostileValue), { minLength: 1, maxLength: 5 }).map((items) => JSON.stringify(items)),
  fc
    .integer({ min: 100, max: 1_000 })
    .map((count) =>
      JSON.stringify(Array.from({ length: count }, (_, i) => ({ jsonrpc: '2.0', id: 100_000 + i, method: 'ping' }))),
    ),
);

/** Just over the 4 MiB body and frame limit (made once: building 4 MiB per case is slow). */
const OVERSIZED = `{"jsonrpc":"2.0","id":8,"method":"ping","params":{"pad":"${'x'.repeat(4 * 1024 * 1024)}"}}`;

/**
 * One hostile body. `oversized` weighs how often a body is over the 4 MiB limit (0 for never).
 *
 * @example
 * fc.sample(rawBodies({ oversized: 0 }), 1); // ['{"jsonrpc":"2.0","id":1045,"method":"tools/call","params":{"name":"\ud800"}}']
 */
export function rawBodies(options: { oversized: number }): fc.Arbitrary<RawBody> {
  return fc.oneof(
    { arbitrary: message.map((value) => JSON.stringify(value)), weight: 10 },
    { arbitrary: duplicateKeys, weight: 2 },
    { arbitrary: deepNesting, weight: 1 },
    { arbitrary: invalidUtf8, weight: 2 },
    { arbitrary: notJson, weight: 2 },
    { arbitrary: batch, weight: 2 },
    ...(options.oversized > 0 ? [{ arbitrary: fc.constant(OVERSIZED), weight: options.oversized }] : []),
  );
}
