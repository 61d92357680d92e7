/**
 * The manifest check shared by `definePlugin` (fail at import) and the registry (which also sees
 * plugins that were never passed through `definePlugin`).
 */
import * as v from 'valibot';
import validRange from 'semver/ranges/valid';
import validVersion from 'semver/functions/valid';
import { isDefinedResource } from './define-resource';
import { isDefinedTool } from './define-tool';
import { PluginError } from './errors';
import type { Resource, Tool } from './types';
import { assertToolScopes } from './scopes';
import { describeValue, issuePath } from './validation-message';
import { BUILTIN_PLUGIN } from './version';

export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

const tokenCount = v.pipe(
  v.number('must be a number of tokens'),
  v.integer('must be a whole number of tokens'),
  v.minValue(1, 'must be at least 1'),
);

const ManifestSchema = v.object({
  name: v.pipe(
    v.string('must be a string'),
    v.regex(
      PLUGIN_NAME_PATTERN,
      'must be 2–32 lowercase letters, digits or dashes, starting with a letter (e.g. "mail")',
    ),
    v.check((name) => name !== BUILTIN_PLUGIN, `is reserved for the gateway's own tools; choose another name`),
  ),
  version: v.pipe(
    v.string('must be a string'),
    v.check((version) => validVersion(version) !== null, 'must be a semver version such as "1.0.0"'),
  ),
  description: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'must not be empty')),
  requires: v.pipe(
    v.string('must be a string'),
    v.check((range) => validRange(range) !== null, 'must be a semver range of the contract such as "^1.0.0"'),
  ),
  tools: v.pipe(
    v.array(v.custom<Tool>(isDefinedTool, 'must be made with defineTool()'), 'must be an array of tools'),
    v.minLength(1, 'must list at least one tool'),
  ),
  middleware: v.optional(
    v.array(
      v.custom((fn) => typeof fn === 'function', 'must be a function'),
      'must be an array of functions',
    ),
  ),
  resources: v.optional(
    v.array(
      v.custom<Resource>(isDefinedResource, 'must be made with defineResource()'),
      'must be an array of resources',
    ),
  ),
  budget: v.optional(
    v.object({
      tokens: v.optional(tokenCount),
      tools: v.optional(v.record(v.string(), tokenCount, 'must map tool names to token counts')),
    }),
  ),
});

/**
 * Throws `GATEWAY_PLUGIN_INVALID_MANIFEST` naming the plugin and the first bad field, then
 * `GATEWAY_PLUGIN_BAD_SCOPE` for a malformed scope, then `GATEWAY_PLUGIN_DUPLICATE_TOOL` for a
 * tool name used twice inside the plugin.
 *
 * @example
 * assertManifest({ name: 'mail', version: '1.0.0', description: 'Mail', requires: '^1.0.0', tools: [getEmails] });
 */
export function assertManifest(def: unknown): void {
  const label = pluginLabel(def);
  if (typeof def !== 'object' || def === null) {
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      label,
      `Plugin ${label}: the default export must be definePlugin({...}).`,
    );
  }
  const result = v.safeParse(ManifestSchema, def);
  if (!result.success) {
    const issue = result.issues[0];
    const field = issuePath(issue) || 'manifest';
    const rule =
      issue.input === undefined ? 'is missing' : issue.message.startsWith('Invalid') ? 'is invalid' : issue.message;
    const received = issue.input === undefined ? '' : ` (received ${describeValue(issue.input)})`;
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      label,
      `Plugin "${label}" has an invalid manifest: "${field}" ${rule}${received}.`,
    );
  }
  const seen = new Set<string>();
  for (const tool of result.output.tools) {
    assertToolScopes(result.output.name, tool.name, tool.scopes, { requireOne: true });
    if (seen.has(tool.name)) {
      throw new PluginError(
        'GATEWAY_PLUGIN_DUPLICATE_TOOL',
        result.output.name,
        `Plugin "${result.output.name}" lists tool "${tool.name}" twice. Tool names must be unique; remove or rename one.`,
      );
    }
    seen.add(tool.name);
  }
  for (const name of Object.keys(result.output.budget?.tools ?? {})) {
    if (!seen.has(name)) {
      throw new PluginError(
        'GATEWAY_PLUGIN_INVALID_MANIFEST',
        result.output.name,
        `Plugin "${result.output.name}" has an invalid manifest: "budget.tools" names "${name}", which is not one ` +
          `of its tools (${[...seen].join(', ')}).`,
      );
    }
  }
  const resourceNames = new Set<string>();
  for (const resource of result.output.resources ?? []) {
    assertToolScopes(result.output.name, resource.name, resource.scopes, { requireOne: true });
    if (resourceNames.has(resource.name)) {
      throw new PluginError(
        'GATEWAY_PLUGIN_INVALID_MANIFEST',
        result.output.name,
        `Plugin "${result.output.name}" lists resource "${resource.name}" twice. Resource names must be unique; remove or rename one.`,
      );
    }
    resourceNames.add(resource.name);
  }
}

function pluginLabel(def: unknown): string {
  const name = typeof def === 'object' && def !== null ? (def as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== '' ? name : '(unnamed)';
}
