/**
 * The plugin contract: the only module a plugin imports from the gateway. See docs/plugins.md.
 */
export { CONTRACT_VERSION, BUILTIN_PLUGIN } from './version';
export { defineTool, isDefinedTool, TOOL_NAME_PATTERN } from './define-tool';
export { definePlugin } from './define-plugin';
export { PLUGIN_NAME_PATTERN } from './manifest';
export { createRegistry } from './registry';
export { scopeProblem } from './scopes';
export { PluginError, ToolError, UnknownToolError, isToolError } from './errors';
export type { PluginErrorCode } from './errors';
export { fenceUntrusted } from './fence';
export { capText, oneLine, compactDate } from './shape';
export type {
  CallToolResult,
  ContractVersion,
  GraphClient,
  ListedTool,
  NextFunction,
  Plugin,
  PluginDefinition,
  RegisteredTool,
  Registry,
  RegistryOptions,
  Tool,
  ToolAnnotations,
  ToolCall,
  ToolContent,
  ToolContext,
  ToolDefinition,
  ToolInputSchema,
  ToolLogger,
  ToolMiddleware,
  ToolResult,
  ToolUser,
} from './types';
