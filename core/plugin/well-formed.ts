/**
 * Tool arguments as well-formed Unicode. JSON can carry a lone surrogate (`"\ud800"`), which no
 * UTF-8 request can: `encodeURIComponent` throws on one (a plugin putting the text in a URL would
 * fail with an internal error), and a body's UTF-8 encoding would turn it into U+FFFD anyway. So
 * every string in the arguments gets that replacement once, before validation, the same for every
 * plugin.
 */

/** Deeper than any tool's arguments; what lies below is left to validation, which refuses it. */
const MAX_DEPTH = 64;

/**
 * `value` with every lone surrogate in its strings (keys too) replaced by U+FFFD; unchanged values
 * are returned as they are (no copy).
 *
 * @example
 * wellFormedArguments({ query: 'caf\ud800' }); // { query: 'caf\ufffd' }
 * wellFormedArguments({ query: '😀' }); // the same object: a surrogate pair is well formed
 */
export function wellFormedArguments<T>(value: T): T {
  return fix(value, 0) as T;
}

function fix(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.isWellFormed() ? value : value.toWellFormed();
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => fix(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const fixedKey = fix(key, depth) as string;
    const fixedItem = fix(item, depth + 1);
    if (fixedKey !== key || fixedItem !== item) changed = true;
    return [fixedKey, fixedItem] as const;
  });
  if (!changed) return value;
  // defineProperty keeps an own `__proto__` key an ordinary key, as JSON.parse made it.
  const copy: Record<string, unknown> = {};
  for (const [key, item] of entries)
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  return copy;
}
