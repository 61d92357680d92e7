/**
 * The plugin contract: the only module a plugin imports from the gateway. See docs/plugins.md.
 */
export { CONTRACT_VERSION, BUILTIN_PLUGIN } from './version';
export { defineTool, isDefinedTool, TOOL_NAME_PATTERN } from './define-tool';
export { definePlugin } from './define-plugin';
export { defineResource, isDefinedResource } from './define-resource';
export { PLUGIN_NAME_PATTERN } from './manifest';
export { createRegistry } from './registry';
export { scopeProblem } from './scopes';
export { PluginError, ResourceError, ToolError, UnknownToolError, isToolError } from './errors';
export type { PluginErrorCode, PluginWarning, PluginWarningCode } from './errors';
export {
  accountKindOf,
  PERSONAL_ACCOUNT_TENANT_ID,
  servesAccount,
  workAccountOnlyMessage,
  type AccountKind,
} from './accounts';
export { DEFAULT_BUDGET, overBudget, type ToolSize } from './budget';
export { fenceUntrusted } from './fence';
export { capText, oneLine, compactDate, formatBytes } from './shape';
export {
  findTimeZone,
  graphDateTimeToInstant,
  localTimeIn,
  resolveTimeZone,
  toGraphDateTime,
  zonedTimeToInstant,
  type GraphDateTime,
  type ResolvedTimeZone,
} from './time-zones';
export { encodeCursor, decodeCursor, type CursorRules } from './cursor';
export { graphIdOrHandle, handleInUri, isHandle, resolveHandleArgs, HANDLE_ALPHABET } from './handles';
export type { HandleKind, IdOrHandleOptions, ResolvedHandle, ToolHandles } from './handles';
export { reportWrites, runWrite, writeOutcome, type WriteReport, type WrittenItem } from './write-outcome';
export type {
  AuditRecord,
  BatchOutcome,
  BatchRequest,
  BatchResponse,
  CallToolResult,
  ContractVersion,
  GraphClient,
  ListedResourceTemplate,
  ListedTool,
  NextFunction,
  Plugin,
  PluginBudget,
  PluginDefinition,
  RegisteredResource,
  RegisteredTool,
  Registry,
  RegistryOptions,
  Resource,
  ResourceContents,
  ResourceDefinition,
  Tool,
  ToolAnnotations,
  ToolCall,
  ToolContent,
  ToolContext,
  ToolDefinition,
  ToolInputSchema,
  ToolLogger,
  ToolMiddleware,
  ToolProgress,
  ToolResult,
  ToolUser,
  WriteOutcome,
} from './types';
