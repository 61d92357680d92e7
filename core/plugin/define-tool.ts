/**
 * `defineTool`: turns a tool definition into a frozen `Tool` with its published JSON Schema.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { PluginError } from './errors';
import type { Tool, ToolDefinition, ToolInputSchema } from './types';

/** camelCase, as the seed's tools (`getEmails`, `sendTeamsMessage`). */
export const TOOL_NAME_PATTERN = /^[a-z][a-zA-Z0-9]{1,63}$/;

/**
 * Marks objects made by `defineTool`. A global symbol, so the brand survives two copies of this
 * module (a plugin installed from npm may bring its own copy of the contract).
 */
const TOOL_BRAND: unique symbol = Symbol.for('m365-gateway.tool') as never;

/**
 * Whether `value` was made by `defineTool` (of any copy of the contract).
 *
 * @example
 * isDefinedTool(defineTool({ ... })); // true
 * isDefinedTool({ name: 'getEmails' }); // false
 */
export function isDefinedTool(value: unknown): value is Tool {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TOOL_BRAND] === true;
}

/**
 * Declares a tool. `run` receives the arguments as parsed by `input` (types inferred from the
 * schema); the gateway validates arguments before calling it, so `run` never sees bad input.
 * Throws `GATEWAY_PLUGIN_INVALID_MANIFEST` when the name is not camelCase, or when a tool that
 * declares Graph scopes (so reaches Microsoft Graph) sets `openWorldHint: false`.
 *
 * @example
 * import * as v from 'valibot';
 * export const getEmails = defineTool({
 *   name: 'getEmails',
 *   title: 'Get emails',
 *   description: 'Lists recent messages in a mail folder, newest first.',
 *   input: v.object({ count: v.optional(v.pipe(v.number(), v.integer(), v.maxValue(50)), 10) }),
 *   scopes: ['Mail.Read'],
 *   annotations: { readOnlyHint: true }, // openWorldHint unset: MCP's default (true) holds for Graph
 *   async run({ count }, ctx) {
 *     const page = await ctx.graph.api('/me/messages').top(count).select('id,subject').get();
 *     return page.value.map((m: { id: string; subject: string }) => `${m.id} ${m.subject}`).join('\n');
 *   },
 * });
 */
export function defineTool<TInput extends ToolInputSchema>(def: ToolDefinition<TInput>): Tool<TInput> {
  if (typeof def.name !== 'string' || !TOOL_NAME_PATTERN.test(def.name)) {
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      undefined,
      `Tool name ${JSON.stringify(def.name)} is not camelCase: use 2–64 letters and digits starting with a ` +
        `lowercase letter, e.g. "getEmails".`,
    );
  }
  // One rule: whatever reaches Graph touches the outside world. Only a gateway-local tool (no scopes) may say otherwise.
  if (def.scopes.length > 0 && def.annotations.openWorldHint === false) {
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      undefined,
      `Tool "${def.name}" declares Graph scopes but sets openWorldHint: false. Tools that reach Microsoft Graph ` +
        `touch the outside world: leave openWorldHint unset (MCP's default is true) or set it to true.`,
    );
  }
  if (def.accounts !== undefined && def.accounts !== 'work' && def.accounts !== 'any') {
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      undefined,
      `Tool "${def.name}" has accounts ${JSON.stringify(def.accounts)}: use 'work' (work or school accounts only) or leave it unset.`,
    );
  }
  const tool = {
    ...def,
    scopes: Object.freeze([...def.scopes]),
    annotations: Object.freeze({ ...def.annotations }),
    inputJsonSchema: publishedSchema(def.input),
    ...(def.output === undefined ? {} : { outputJsonSchema: publishedSchema(def.output) }),
  };
  Object.defineProperty(tool, TOOL_BRAND, { value: true });
  return Object.freeze(tool);
}

/**
 * The JSON Schema a client sees. Input mode, because the model writes the input (defaults and
 * optional fields before transforms); unsupported valibot actions are dropped rather than failing,
 * since valibot still enforces them at call time. `$schema` goes: it costs tokens on every
 * `tools/list` and MCP fixes the dialect anyway. Author `v.description()`s stay: they are the
 * model's documentation.
 */
function publishedSchema(schema: v.GenericSchema): Record<string, unknown> {
  const { $schema: _dialect, ...json } = toJsonSchema(schema, { typeMode: 'input', errorMode: 'ignore' });
  return deepFreeze(dropEmptyRequired(json) as Record<string, unknown>);
}

/** `required: []` says nothing (and draft-04 validators reject it); it only costs tokens. */
function dropEmptyRequired(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmptyRequired);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(([key, child]) => !(key === 'required' && Array.isArray(child) && child.length === 0))
    .map(([key, child]) => [key, dropEmptyRequired(child)]);
  return Object.fromEntries(entries);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
