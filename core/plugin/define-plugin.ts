/**
 * `definePlugin`: a plugin module's default export.
 */
import { assertManifest } from './manifest';
import type { Plugin, PluginDefinition } from './types';

/**
 * Declares a plugin and checks its manifest at once, so a broken plugin fails when it is imported
 * (at build time, by scripts/build-plugins.ts) with a `PluginError` naming the plugin and field.
 * The registry re-checks what depends on the deployment: contract version, names across plugins.
 *
 * @example
 * export default definePlugin({
 *   name: 'mail',
 *   version: '1.0.0',
 *   description: 'Read, search and send Outlook mail.',
 *   requires: '^1.0.0',
 *   tools: [getEmails, sendEmail],
 * });
 */
export function definePlugin(def: PluginDefinition): Plugin {
  assertManifest(def);
  return Object.freeze({
    ...def,
    tools: Object.freeze([...def.tools]),
    ...(def.middleware === undefined ? {} : { middleware: Object.freeze([...def.middleware]) }),
    ...(def.resources === undefined ? {} : { resources: Object.freeze([...def.resources]) }),
  });
}
