/**
 * Short handles for Microsoft ids, as plugins use them. Graph ids are ~150 characters (~100 tokens
 * each); a tool shows the model `ctx.handles.show('message', id)` (e.g. `m7k2qx`) instead, and its
 * id arguments accept the handle or the full id through `graphIdOrHandle(kind)`. The gateway
 * resolves every handle of a call's arguments in one lookup before `run`, so `run` only ever sees
 * full Graph ids. Handles belong to the signed-in user (never to a session): see STORAGE.md.
 */
import * as v from 'valibot';
import type { ToolContext } from './types';

/** A kind of id: a lowercase word; its first letter starts every handle of that kind (`message` → `m…`). */
export type HandleKind = string;

/** What a handle stood for, when it resolves. */
export interface ResolvedHandle {
  kind: HandleKind;
  id: string;
}

/** `ctx.handles`: the signed-in user's handles. */
export interface ToolHandles {
  /**
   * The handle to show for `id` (synchronous; recorded for the user after the call, in one write).
   * The same item always gets the same handle for the same user.
   *
   * @example
   * lines.push(`- ${subject} | id: ${ctx.handles.show('message', message.id)}`);
   */
  show(kind: HandleKind, id: string): string;
  /**
   * Looks handles up (one storage round trip for all of them). A handle that is unknown, expired or
   * another user's is absent from the map; one shared by two items (a rare collision) is `ambiguous`.
   * Tools rarely need this: `graphIdOrHandle` arguments arrive resolved.
   */
  resolve(handles: readonly string[]): Promise<ReadonlyMap<string, ResolvedHandle | 'ambiguous'>>;
}

/** Handle alphabet: digits and lowercase letters without i, l, o, u (no look-alikes). */
export const HANDLE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** A kind letter, a digit, then 4–11 alphabet characters (longer only after a collision). */
const HANDLE = /^[a-z][0-9][0-9a-hjkmnp-tv-z]{4,11}$/;
const KIND = /^[a-z]{2,20}$/;
/** Full ids: Graph ids are base64(url) strings; cursors are base64url. Anything else is refused before Graph. */
const FULL_ID = /^[A-Za-z0-9+/=_-]{20,2048}$/;
/**
 * Marks a handle the gateway must resolve before `run` (a whole argument, or a part of one such as a
 * resource URI). The marker holds a random nonce of this isolate, so no argument can forge one.
 * (Made on first use: Workers allow no randomness at global scope.)
 */
let marker: { prefix: string; pattern: RegExp } | undefined;
function markers(): { prefix: string; pattern: RegExp } {
  if (!marker) {
    const prefix = `\u0000${crypto.randomUUID()}\u0000`;
    marker = { prefix, pattern: new RegExp(`${prefix}([a-z]{2,20}) (strict|name|uri) ([0-9a-z]{1,32})\u0000`, 'g') };
  }
  return marker;
}
type Mode = 'strict' | 'name' | 'uri';
const mark = (kind: string, mode: Mode, handle: string) => `${markers().prefix}${kind} ${mode} ${handle}\u0000`;

/** Whether `value` has the shape of a handle of `kind` (not whether it resolves). */
export function isHandle(value: string, kind?: HandleKind): boolean {
  return HANDLE.test(value) && (kind === undefined || value[0] === kind[0]);
}

export interface IdOrHandleOptions {
  /**
   * The argument may also be a name the tool looks up itself (a folder name): a value shaped like a
   * handle that resolves to nothing is then passed on unchanged instead of being refused.
   */
  orName?: boolean;
  /** Longest name accepted with `orName` (default 300). */
  maxLength?: number;
  /** Published for the model (costs tokens on every tools/list). */
  description?: string;
}

/**
 * An argument that takes an id: the handle a tool showed, or the full Graph id. `run` receives the
 * full id. A malformed value is a validation error naming the field; a handle that no longer
 * resolves is a tool error telling the model to list again.
 *
 * @example
 * input: v.strictObject({ id: graphIdOrHandle('message') }),
 * async run({ id }, ctx) {
 *   // `id` is the full Graph id here, whether the model sent `m7k2qx` or the id itself.
 *   return ctx.graph.api(`/me/messages/${encodeURIComponent(id)}`).get();
 * }
 */
export function graphIdOrHandle(kind: HandleKind, options: IdOrHandleOptions = {}) {
  if (!KIND.test(kind)) throw new TypeError(`graphIdOrHandle: kind must be a lowercase word (received "${kind}").`);
  const maxName = options.maxLength ?? 300;
  const accepts = (value: string) =>
    isHandle(value, kind) || FULL_ID.test(value) || (options.orName === true && value.length <= maxName);
  const rule = options.orName
    ? `must be a ${kind} name, handle (e.g. ${kind[0]}7k2qx) or id, at most ${maxName} characters`
    : `must be a ${kind} handle (e.g. ${kind[0]}7k2qx) or id exactly as a tool returned it`;
  const toFullId = (value: string): string =>
    isHandle(value, kind) ? mark(kind, options.orName ? 'name' : 'strict', value) : value;
  // A description only when given: a default one would cost tokens on every tools/list.
  return options.description === undefined
    ? v.pipe(v.string(), v.trim(), v.nonEmpty(), v.check(accepts, rule), v.transform(toFullId))
    : v.pipe(
        v.string(),
        v.trim(),
        v.nonEmpty(),
        v.check(accepts, rule),
        v.description(options.description),
        v.transform(toFullId),
      );
}

/**
 * A handle inside a larger argument (e.g. a resource URI the model passes back): the gateway puts
 * the full id there, URI-encoded, before `run`; a handle that does not resolve is refused like any
 * other. Anything that is not a handle of `kind` is returned unchanged. Use it in a `v.transform`.
 *
 * @example
 * v.transform((uri: string) => uri.replace(/^m365:\/\/mail\/([^/]+)/, (_, h) => `m365://mail/${handleInUri('message', h)}`))
 */
export function handleInUri(kind: HandleKind, handle: string): string {
  return isHandle(handle, kind) ? mark(kind, 'uri', handle) : handle;
}

interface Marked {
  path: string;
  kind: string;
  mode: Mode;
  handle: string;
}

/**
 * The gateway's step between validation and `run`: replaces every marked handle in `args` with the
 * full id, in one lookup; undefined-free. Returns a model-actionable message when one does not resolve.
 */
export async function resolveHandleArgs(
  args: Record<string, unknown>,
  ctx: Pick<ToolContext, 'handles'>,
  tool: string,
): Promise<{ ok: true; args: Record<string, unknown> } | { ok: false; message: string }> {
  const marked: Marked[] = [];
  collect(args, '', marked);
  if (marked.length === 0) return { ok: true, args };
  const found = await ctx.handles.resolve([...new Set(marked.map((m) => m.handle))]);
  const problems: string[] = [];
  const value = (m: Marked): string => {
    const hit = found.get(m.handle);
    const shown = (id: string) => (m.mode === 'uri' ? encodeURIComponent(id) : id);
    if (hit === 'ambiguous') {
      problems.push(`"${m.path}": handle "${m.handle}" is ambiguous (two items share it)`);
    } else if (hit && hit.kind !== m.kind) {
      problems.push(`"${m.path}": "${m.handle}" is a ${hit.kind} handle, not a ${m.kind}`);
    } else if (hit) {
      return shown(hit.id);
    } else if (m.mode === 'name') {
      return m.handle;
    } else {
      problems.push(`"${m.path}": unknown ${m.kind} handle "${m.handle}" (expired, or never shown to you)`);
    }
    return m.handle;
  };
  const replaced = replace(args, value) as Record<string, unknown>;
  if (problems.length > 0) {
    return {
      ok: false,
      message: `${tool}: ${problems.join('; ')}. Nothing was done. List the items again (the tool that showed them) and use the handles it returns now.`,
    };
  }
  return { ok: true, args: replaced };
}

function collect(value: unknown, path: string, out: Marked[]): void {
  if (typeof value === 'string') {
    for (const [, kind = '', mode, handle = ''] of value.matchAll(markers().pattern)) {
      out.push({ kind, mode: mode as Mode, handle, path });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      collect(item, `${path}[${index}]`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collect(item, path ? `${path}.${key}` : key, out);
  }
}

function replace(value: unknown, resolve: (mark: Marked) => string, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(markers().pattern, (_, kind: string, mode: Mode, handle: string) =>
      resolve({ kind, mode, handle, path }),
    );
  }
  if (Array.isArray(value)) return value.map((item, index) => replace(item, resolve, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replace(item, resolve, path ? `${path}.${key}` : key)]),
    );
  }
  return value;
}
