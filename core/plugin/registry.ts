/**
 * `createRegistry`: the checked, enabled set of plugins a deployment serves. Checks run in a fixed
 * order and the first failure throws, so the same broken set always reports the same error.
 */
import satisfies from 'semver/functions/satisfies';
import { invokeTool } from './call-tool';
import { isDefinedTool } from './define-tool';
import { PluginError, UnknownToolError } from './errors';
import { readRegisteredResource } from './read-resource';
import { assertManifest } from './manifest';
import { assertToolScopes } from './scopes';
import type {
  ListedResourceTemplate,
  ListedTool,
  Plugin,
  RegisteredResource,
  RegisteredTool,
  Registry,
  RegistryOptions,
  Tool,
  ToolContext,
} from './types';
import { BUILTIN_PLUGIN, CONTRACT_VERSION } from './version';

/**
 * Checks the installed plugins and builds the registry for the enabled ones.
 *
 * Order of checks: each installed plugin's manifest, contract version and scopes (in list order);
 * duplicate plugin names; unknown names in `enabled`; built-in tools; duplicate tool names among
 * the enabled tools. Throws the first `PluginError`.
 *
 * @example
 * const registry = createRegistry(plugins, { enabled: ['mail', 'calendar'], middleware: [audit] });
 * registry.scopes(); // ['Calendars.Read', 'Mail.Read', 'Mail.Send']
 * await registry.callTool('getEmails', { count: 5 }, ctx);
 */
export function createRegistry(plugins: readonly Plugin[], options: RegistryOptions = {}): Registry {
  for (const plugin of plugins) {
    assertManifest(plugin);
    if (!satisfies(CONTRACT_VERSION, plugin.requires, { includePrerelease: true })) {
      throw new PluginError(
        'GATEWAY_PLUGIN_VERSION_MISMATCH',
        plugin.name,
        `Plugin "${plugin.name}" requires plugin contract ${plugin.requires}, but this gateway has contract ` +
          `${CONTRACT_VERSION}. In the plugin, set "requires" to a range that includes ${CONTRACT_VERSION} ` +
          `(e.g. "^${CONTRACT_VERSION.split('.')[0]}.0.0") and build against this contract; if you only installed ` +
          `the plugin, install a version of it written for contract ${CONTRACT_VERSION}.`,
      );
    }
  }

  const byName = new Map<string, Plugin>();
  for (const plugin of plugins) {
    if (byName.has(plugin.name)) {
      throw new PluginError(
        'GATEWAY_PLUGIN_DUPLICATE_NAME',
        plugin.name,
        `Two installed plugins are named "${plugin.name}". Plugin names must be unique: rename or remove one ` +
          `(check plugins/ and "m365Gateway.plugins" in package.json).`,
      );
    }
    byName.set(plugin.name, plugin);
  }

  let enabled = plugins;
  if (options.enabled !== undefined) {
    for (const name of options.enabled) {
      if (!byName.has(name)) {
        const installed = [...byName.keys()].sort();
        throw new PluginError(
          'GATEWAY_PLUGIN_UNKNOWN',
          name,
          `The configuration enables plugin "${name}", which is not installed. Installed plugins: ` +
            `${installed.length > 0 ? installed.join(', ') : '(none)'}. Fix the plugin list in the deployment config.`,
        );
      }
    }
    const wanted = new Set(options.enabled);
    enabled = plugins.filter((plugin) => wanted.has(plugin.name));
  }

  const builtins = options.builtinTools ?? [];
  for (const tool of builtins) {
    if (!isDefinedTool(tool)) {
      throw new PluginError(
        'GATEWAY_PLUGIN_INVALID_MANIFEST',
        BUILTIN_PLUGIN,
        'Every built-in tool must be made with defineTool().',
      );
    }
    assertToolScopes(BUILTIN_PLUGIN, tool.name, tool.scopes, { requireOne: false });
  }

  const all: RegisteredTool[] = [
    ...builtins.map((tool) => Object.freeze({ plugin: BUILTIN_PLUGIN, tool })),
    ...enabled.flatMap((plugin) => plugin.tools.map((tool: Tool) => Object.freeze({ plugin: plugin.name, tool }))),
  ];
  const owner = new Map<string, string>();
  for (const { plugin, tool } of all) {
    const first = owner.get(tool.name);
    if (first !== undefined) {
      throw new PluginError(
        'GATEWAY_PLUGIN_DUPLICATE_TOOL',
        plugin,
        `Tool "${tool.name}" is defined by both ${describeOwner(first)} and ${describeOwner(plugin)}. ` +
          `Tool names are global across all installed plugins (the build checks every one, enabled or not): ` +
          `rename the tool in your plugin, e.g. "${tool.name}" → "${renameExample(tool.name, plugin)}".`,
      );
    }
    owner.set(tool.name, plugin);
  }

  const tools = Object.freeze(options.toolFilter === undefined ? all : all.filter(options.toolFilter));
  const index = new Map(tools.map((entry) => [entry.tool.name, entry]));
  const listed = tools.map(({ tool }) => listEntry(tool));
  const resources: readonly RegisteredResource[] = Object.freeze(
    enabled.flatMap((plugin) =>
      (plugin.resources ?? []).map((resource) => Object.freeze({ plugin: plugin.name, resource })),
    ),
  );
  const templates = resources.map(({ resource }) => templateEntry(resource));
  // A resource's scopes are requested only while some tool of its plugin is enabled (tools hand out its URIs).
  const servingPlugins = new Set(tools.map((entry) => entry.plugin));
  const allScopes = [
    ...new Set([
      ...tools.flatMap(({ tool }) => tool.scopes),
      ...resources.filter((entry) => servingPlugins.has(entry.plugin)).flatMap(({ resource }) => resource.scopes),
    ]),
  ].sort();
  const pluginMiddleware = new Map(enabled.map((plugin) => [plugin.name, plugin.middleware ?? []]));
  const gatewayMiddleware = options.middleware ?? [];

  const lookup = (name: string): RegisteredTool => {
    const entry = index.get(name);
    if (entry === undefined) throw new UnknownToolError(name, [...index.keys()]);
    return entry;
  };

  return Object.freeze({
    plugins: Object.freeze([...enabled]),
    tools,
    getTool: (name: string) => index.get(name),
    listTools: () => [...listed],
    scopes: () => [...allScopes],
    // Resources share the lookup so error mapping can name a resource's scopes too.
    scopesFor: (name: string) =>
      resources.find((entry) => entry.resource.name === name)?.resource.scopes ?? lookup(name).tool.scopes,
    async callTool(name: string, rawArgs: unknown, ctx: ToolContext | ((tool: RegisteredTool) => ToolContext)) {
      const entry = lookup(name);
      const makeContext = typeof ctx === 'function' ? () => ctx(entry) : () => ctx;
      return invokeTool(entry, rawArgs, makeContext, {
        middleware: [...gatewayMiddleware, ...(pluginMiddleware.get(entry.plugin) ?? [])],
        mapError: options.mapError,
      });
    },
    listResourceTemplates: () => templates.filter((_entry, i) => servingPlugins.has(resources[i]!.plugin)),
    readResource(uri: string, ctx: ToolContext | ((entry: RegisteredResource) => ToolContext)) {
      const served = resources.filter((entry) => servingPlugins.has(entry.plugin));
      return readRegisteredResource(served, uri, typeof ctx === 'function' ? ctx : () => ctx, options.mapError);
    },
  });
}

function templateEntry(resource: RegisteredResource['resource']): ListedResourceTemplate {
  const entry: ListedResourceTemplate = {
    uriTemplate: resource.uriTemplate,
    name: resource.name,
    title: resource.title,
    description: resource.description,
  };
  if (resource.mimeType !== undefined) entry.mimeType = resource.mimeType;
  return Object.freeze(entry);
}

/** A concrete rename to suggest: the plugin's name worked into the tool name (`getItems` in `todo` → `getTodoItems`). */
function renameExample(tool: string, plugin: string): string {
  const word = plugin
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const verb = /^[a-z]+/.exec(tool)?.[0] ?? tool;
  return `${verb}${word}${tool.slice(verb.length)}`;
}

function describeOwner(plugin: string): string {
  return plugin === BUILTIN_PLUGIN ? 'the gateway (built-in tool)' : `plugin "${plugin}"`;
}

/** The MCP `tools/list` entry; `annotations` only when the author set any (saves tokens). */
function listEntry(tool: Tool): ListedTool {
  const entry: ListedTool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputJsonSchema,
  };
  if (tool.outputJsonSchema !== undefined) entry.outputSchema = tool.outputJsonSchema;
  if (Object.keys(tool.annotations).length > 0) entry.annotations = tool.annotations;
  return Object.freeze(entry);
}
