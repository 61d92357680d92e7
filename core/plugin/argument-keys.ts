/**
 * Argument keys that name the object machinery rather than data. `JSON.parse` turns
 * `{"__proto__": …}` into an ordinary own key, but copying it (a loose object schema, a spread)
 * replaces the copy's prototype, and `key in entries` finds `constructor` on every object. The
 * published inputSchema allows neither, so every tool refuses them as unknown arguments, whatever
 * its schema says.
 */
import type { ToolInputSchema } from './types';

const MACHINERY = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The path of the first machinery key in `args` the schema does not declare (`__proto__` at any
 * depth; `constructor` and `prototype` among the tool's own arguments), or undefined.
 *
 * @example
 * undeclaredMachineryKey(JSON.parse('{"__proto__": {"admin": true}}'), getEmails.input); // '__proto__'
 * undeclaredMachineryKey({ count: 5 }, getEmails.input); // undefined
 */
export function undeclaredMachineryKey(args: object, input: ToolInputSchema): string | undefined {
  for (const key of Object.keys(args)) {
    if (MACHINERY.has(key) && !Object.hasOwn(input.entries, key)) return key;
  }
  return nestedProto(args, '', 0);
}

/** Depth-bounded: arguments are small, and a hostile nesting must not cost a stack. */
function nestedProto(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    if (key === '__proto__' && !Array.isArray(value)) return here;
    const found = nestedProto(child, here, depth + 1);
    if (found) return found;
  }
  return undefined;
}
