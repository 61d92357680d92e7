/**
 * Each plugin's own settings: JSON in `PLUGIN_CONFIG_<NAME>` (dashes as underscores), checked
 * against the plugin's `config` schema when the deployment's config loads. Invalid JSON or a
 * mismatch is a configuration problem naming the variable and the fix; a value is never echoed
 * (it may hold a secret).
 */
import * as v from 'valibot';
import type { Plugin } from '../plugin';
import { issuePath } from '../plugin/validation-message';

type Settings = Readonly<Record<string, unknown>>;

/** Validated settings per env object and plugin, filled by `pluginConfigProblems`. */
const checked = new WeakMap<object, Map<string, Settings>>();

/**
 * @example
 * pluginConfigVariable('teams-chat'); // 'PLUGIN_CONFIG_TEAMS_CHAT'
 */
export function pluginConfigVariable(plugin: string): string {
  return `PLUGIN_CONFIG_${plugin.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Checks the settings of `plugins` in `env` (once per env object) and remembers the valid ones
 * for `pluginConfig`. Returns one problem per plugin whose settings are unusable.
 *
 * @example
 * const problems = pluginConfigProblems(env, enabledPlugins);
 * if (problems.length > 0) return { ok: false, problems };
 */
export function pluginConfigProblems(env: object, plugins: readonly Plugin[]): string[] {
  const values = new Map<string, Settings>();
  const problems: string[] = [];
  for (const plugin of plugins) {
    const read = readSettings(env, plugin);
    if (typeof read === 'string') problems.push(read);
    else values.set(plugin.name, read);
  }
  checked.set(env, values);
  return problems;
}

/**
 * A plugin's settings as `ctx.config`: the schema's output once `pluginConfigProblems` checked
 * this env, else the variable's JSON object (`{}` when unset or unusable).
 */
export function pluginConfig(env: object, plugin: string): Settings {
  const known = checked.get(env)?.get(plugin);
  if (known) return known;
  const parsed = parseJson(variableOf(env, plugin));
  return Object.freeze(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {});
}

/** The settings, or a problem naming the variable and the fix. */
function readSettings(env: object, plugin: Plugin): Settings | string {
  const name = pluginConfigVariable(plugin.name);
  const raw = variableOf(env, plugin.name);
  const fix = `set it to a JSON object with plugin "${plugin.name}"'s settings (see its README), or remove it`;
  let value: unknown = {};
  if (raw !== undefined) {
    value = parseJson(raw);
    if (value === INVALID) return `${name} is not valid JSON: ${fix}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return `${name} must be a JSON object: ${fix}`;
  }
  if (!plugin.config) return Object.freeze({ ...(value as Record<string, unknown>) });
  const result = v.safeParse(plugin.config, value);
  if (result.success) return Object.freeze({ ...result.output });
  const rules = result.issues.map((issue) => `${issuePath(issue) || '(the object)'} ${ruleOf(issue)}`);
  return `${name} does not fit plugin "${plugin.name}"'s settings: ${rules.join('; ')}. Fix the value (see the plugin's README).`;
}

/** What the value must be, without the value itself (it may be a secret). */
function ruleOf(issue: v.BaseIssue<unknown>): string {
  if (issue.received === 'undefined') return 'is missing';
  if (issue.expected !== null) return `must be ${issue.expected}`;
  return `is invalid (${issue.message.replace(/[:,]?\s*(but )?received .*$/is, '')})`;
}

const INVALID = Symbol('invalid JSON');

function parseJson(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return INVALID;
  }
}

function variableOf(env: object, plugin: string): string | undefined {
  const raw = (env as Record<string, unknown>)[pluginConfigVariable(plugin)];
  return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
}
