/**
 * The build's checks of each installed plugin beyond what the contract checks at registration:
 * real Microsoft Graph permission names, the token budget of its tools/list entries, and input
 * fields the model gets no description for. They live here, not in core/plugin, because they need
 * what only the build has: the published permission list (core/auth) and a tokenizer (a dev
 * dependency). The Worker's own check (core/plugin/scopes.ts) stays syntactic and dependency-free.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { canonicalPermissionName, isDelegatedPermission } from '../core/auth/graph-permissions';
import { PluginError, overBudget } from '../core/plugin';
import type { ListedTool, Plugin, PluginWarning } from '../core/plugin';

/**
 * `GATEWAY_PLUGIN_UNKNOWN_PERMISSION` for the first scope of a tool or resource that is not a
 * Microsoft Graph delegated permission: Microsoft would refuse or ignore it, and `authenticate`
 * could never see it granted. Suggests the right spelling when only the case is wrong.
 *
 * @example
 * unknownPermission(todo); // PluginError: … tool "addTask" declares scope "Tasks.Write", which is not a …
 */
export function unknownPermission(plugin: Plugin): PluginError | undefined {
  const owners = [
    ...plugin.tools.map((tool) => ({ kind: 'tool', name: tool.name, scopes: tool.scopes })),
    ...(plugin.resources ?? []).map((resource) => ({ kind: 'resource', name: resource.name, scopes: resource.scopes })),
  ];
  for (const owner of owners) {
    for (const scope of owner.scopes) {
      if (isDelegatedPermission(scope)) continue;
      const canonical = canonicalPermissionName(scope);
      const hint =
        canonical === undefined
          ? `Use one from https://learn.microsoft.com/en-us/graph/permissions-reference (e.g. "Tasks.ReadWrite").`
          : `Did you mean "${canonical}"? Permission names are case-sensitive.`;
      return new PluginError(
        'GATEWAY_PLUGIN_UNKNOWN_PERMISSION',
        plugin.name,
        `Plugin "${plugin.name}": ${owner.kind} "${owner.name}" declares scope "${scope}", which is not a ` +
          `Microsoft Graph delegated permission. ${hint}`,
      );
    }
  }
  return undefined;
}

/**
 * Tokens (o200k_base) of each tool's `tools/list` entry, as the gateway publishes it.
 *
 * @example
 * measureTools(createRegistry([mail]).listTools()); // [{ tool: 'getEmails', tokens: 175 }, …]
 */
export function measureTools(listed: readonly ListedTool[]): { tool: string; tokens: number }[] {
  return listed.map((entry) => ({ tool: entry.name, tokens: countTokens(JSON.stringify(entry)) }));
}

/**
 * `GATEWAY_PLUGIN_OVER_BUDGET` when the plugin's published definitions are over its budget.
 *
 * @example
 * pluginOverBudget(mail, createRegistry([mail]).listTools()); // undefined
 */
export function pluginOverBudget(plugin: Plugin, listed: readonly ListedTool[]): PluginError | undefined {
  return overBudget(plugin.name, plugin.budget, measureTools(listed));
}

/**
 * Field names whose name and JSON type say all a model needs. Kept short on purpose (docs/plugins.md
 * lists it); besides these, a string field named `…Id`/`…Ids` (an id from another tool's result)
 * and an enum (its values are listed) need no description.
 */
export const SELF_DESCRIBING_FIELDS: Readonly<Record<string, readonly string[]>> = {
  id: ['string'],
  ids: ['string', 'array'],
  count: ['integer', 'number'],
  cursor: ['string'],
  query: ['string'],
  subject: ['string'],
  body: ['string'],
};

function saysItAll(name: string, field: JsonSchema): boolean {
  const types = typesOf(field);
  if (types.some((type) => SELF_DESCRIBING_FIELDS[name]?.includes(type))) return true;
  if (/[a-z]Ids?$/.test(name) && types.includes('string')) return true;
  return field.enum !== undefined;
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

function typesOf(schema: JsonSchema): string[] {
  const own = schema.type === undefined ? [] : [schema.type].flat();
  return [...own, ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(typesOf)];
}

/** Objects inside a field (itself, array items, union members) with the path their fields are shown under. */
function objectsWithin(schema: JsonSchema, path: string): Array<[JsonSchema, string]> {
  return [
    ...(schema.properties === undefined ? [] : [[schema, `${path}.`] as [JsonSchema, string]]),
    ...(schema.items === undefined ? [] : objectsWithin(schema.items, `${path}[]`)),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((member) => objectsWithin(member, path)),
  ];
}

function undescribedIn(schema: JsonSchema, prefix: string, toolText: string): string[] {
  const found: string[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const named = new RegExp(`\\b${name.replace(/\W/g, '')}\\b`, 'i').test(toolText);
    if (field.description === undefined && !named && !saysItAll(name, field)) found.push(path);
    for (const [inner, innerPrefix] of objectsWithin(field, path))
      found.push(...undescribedIn(inner, innerPrefix, toolText));
  }
  return found;
}

/**
 * One `GATEWAY_PLUGIN_UNDESCRIBED_FIELD` warning per tool with input fields the model is told
 * nothing about: no `description`, not named in the tool's own description, and neither in
 * `SELF_DESCRIBING_FIELDS` with a matching type, nor a string `…Id`, nor an enum.
 *
 * @example
 * undescribedFields('todo', createRegistry([todo]).listTools());
 * // [{ code: 'GATEWAY_PLUGIN_UNDESCRIBED_FIELD', plugin: 'todo', tool: 'addTask', message: '…"due"…' }]
 */
export function undescribedFields(plugin: string, listed: readonly ListedTool[]): PluginWarning[] {
  return listed.flatMap((entry) => {
    const fields = undescribedIn(entry.inputSchema as JsonSchema, '', entry.description);
    if (fields.length === 0) return [];
    const list = fields.map((field) => `"${field}"`).join(', ');
    return [
      {
        code: 'GATEWAY_PLUGIN_UNDESCRIBED_FIELD' as const,
        plugin,
        tool: entry.name,
        message:
          `Plugin "${plugin}": tool "${entry.name}" has input field${fields.length === 1 ? '' : 's'} ${list} with no ` +
          "description: add a few words with v.description(...), or name the field in the tool's description.",
      },
    ];
  });
}
