/**
 * Which plugins wrangler.toml enables, checked against the installed ones at build time: an
 * enabled name that is not installed would otherwise fail only when the Worker starts, and an
 * installed plugin enabled nowhere is silently absent.
 */
import { parse } from 'smol-toml';
import { PluginError } from '../core/plugin';
import type { PluginWarning } from '../core/plugin';

/** One `ENABLED_PLUGINS` setting: where it is (`[vars]`, `[env.production.vars]`) and the names. */
export interface EnabledList {
  where: string;
  names: string[];
}

/**
 * The `ENABLED_PLUGINS` lists of wrangler.toml: `[vars]` and every `[env.<name>.vars]`. Split as
 * the gateway splits it (core/config: comma-separated, trimmed). An env without the variable
 * enables nothing: wrangler does not inherit `vars` into environments.
 *
 * @example
 * enabledLists('[vars]\nENABLED_PLUGINS = "mail, calendar"\n');
 * // [{ where: '[vars]', names: ['mail', 'calendar'] }]
 */
export function enabledLists(toml: string): EnabledList[] {
  const config = parse(toml) as {
    vars?: Record<string, unknown>;
    env?: Record<string, { vars?: Record<string, unknown> }>;
  };
  const split = (value: unknown): string[] =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [];
  return [
    { where: '[vars]', names: split(config.vars?.ENABLED_PLUGINS) },
    ...Object.entries(config.env ?? {}).map(([env, settings]) => ({
      where: `[env.${env}.vars]`,
      names: split(settings.vars?.ENABLED_PLUGINS),
    })),
  ];
}

/**
 * `GATEWAY_PLUGIN_UNKNOWN` for each enabled name that is not installed (errors), and one
 * `GATEWAY_PLUGIN_NOT_ENABLED` warning per installed plugin that no list enables.
 *
 * @example
 * checkEnabled(['mail', 'todo'], [{ where: '[vars]', names: ['mail', 'calendar'] }]);
 * // { errors: [PluginError for "calendar"], warnings: [{ code: 'GATEWAY_PLUGIN_NOT_ENABLED', plugin: 'todo', … }] }
 */
export function checkEnabled(
  installed: readonly string[],
  lists: readonly EnabledList[],
): { errors: PluginError[]; warnings: PluginWarning[] } {
  const known = new Set(installed);
  const errors = lists.flatMap(({ where, names }) =>
    names
      .filter((name) => !known.has(name))
      .map(
        (name) =>
          new PluginError(
            'GATEWAY_PLUGIN_UNKNOWN',
            name,
            `wrangler.toml ${where} ENABLED_PLUGINS enables plugin "${name}", which is not installed ` +
              `(installed: ${installed.length > 0 ? [...installed].sort().join(', ') : 'none'}). Fix the name, ` +
              `or install the plugin (a folder plugins/${name}, or an npm package listed in "m365Gateway.plugins").`,
          ),
      ),
  );
  const enabled = new Set(lists.flatMap(({ names }) => names));
  const warnings = installed
    .filter((name) => !enabled.has(name))
    .map((name) => ({
      code: 'GATEWAY_PLUGIN_NOT_ENABLED' as const,
      plugin: name,
      message:
        `Plugin "${name}" is installed but no ENABLED_PLUGINS in wrangler.toml enables it ` +
        `(checked: ${lists.map(({ where }) => where).join(', ')}), so no deployment serves its tools. ` +
        `Add "${name}" to ENABLED_PLUGINS, or remove the plugin.`,
    }));
  return { errors, warnings };
}
