/**
 * The plugin contract's types: what a plugin author writes against.
 * Plugins import only from `core/plugin` (this folder's index), never from other core folders.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type * as v from 'valibot';
import type { ToolError } from './errors';

/** The contract version plugins declare compatibility with via `requires` (a semver range). */
export type ContractVersion = `${number}.${number}.${number}`;

/** A valibot schema for a tool's arguments: always an object schema. */
export type ToolInputSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>
  | v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined>
  | v.LooseObjectSchema<v.ObjectEntries, v.ErrorMessage<v.LooseObjectIssue> | undefined>;

/** MCP tool annotations. Only set what is true; the MCP defaults are pessimistic. */
export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A block of tool output (the MCP `content` items the gateway supports). */
export type ToolContent =
  | { type: 'text'; text: string }
  | { type: 'resource_link'; uri: string; name: string; mimeType?: string; description?: string };

/** What `run` returns: plain text, or MCP content with optional structured output. */
export type ToolResult =
  | string
  | {
      content: ToolContent[];
      structuredContent?: Record<string, unknown>;
      isError?: boolean;
    };

/** The signed-in person a call acts for. */
export interface ToolUser {
  /** Stable key `tenantId.objectId`. */
  key: string;
  tenantId: string;
  objectId: string;
  /** User principal name (sign-in name), e.g. `adele@contoso.com`. */
  upn: string;
  name: string;
  /** IANA time zone, when known. */
  timeZone?: string;
}

export interface ToolLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The Microsoft Graph client a tool gets: `@microsoft/microsoft-graph-client`'s `Client`, already
 * pointed at the deployment's Graph base URL, authenticated for the user, with the gateway's
 * retry/throttle middleware. Paths are relative to the base URL (`/me/messages`).
 */
export type GraphClient = Pick<Client, 'api'>;

/** Everything a tool's `run` is handed. */
export interface ToolContext {
  graph: GraphClient;
  user: ToolUser;
  /** Aborted when the client cancels the call or the call's time budget runs out. */
  signal: AbortSignal;
  log: ToolLogger;
  /** This plugin's own deployment config (from `PLUGIN_CONFIG_<NAME>` JSON), or `{}`. */
  config: Readonly<Record<string, unknown>>;
}

/** A tool as the author declares it. `TInput` is inferred from `input`. */
export interface ToolDefinition<TInput extends ToolInputSchema = ToolInputSchema> {
  /** camelCase, unique across all plugins of a deployment. */
  name: string;
  title: string;
  /** What the tool does, for the model: one or two sentences. */
  description: string;
  input: TInput;
  output?: v.GenericSchema;
  /** Least-privilege Microsoft Graph delegated permissions, e.g. `['Mail.Read']`. */
  scopes: readonly string[];
  annotations: ToolAnnotations;
  run(args: v.InferOutput<TInput>, ctx: ToolContext): Promise<ToolResult>;
}

/** A tool after `defineTool`: the definition plus its published JSON Schema. */
export interface Tool<TInput extends ToolInputSchema = ToolInputSchema> extends ToolDefinition<TInput> {
  readonly inputJsonSchema: Record<string, unknown>;
  readonly outputJsonSchema?: Record<string, unknown>;
}

/** A call on its way through middleware. */
export interface ToolCall {
  plugin: string;
  tool: string;
  /** Arguments after validation. */
  args: Record<string, unknown>;
}

/** The call's continuation: runs the next middleware, finally the tool. */
export type NextFunction = () => Promise<ToolResult>;

/**
 * Middleware around a plugin's tools. Runs outermost first in array order; may change
 * `call.args`, short-circuit by returning without calling `next`, or post-process the result.
 */
export type ToolMiddleware = (call: ToolCall, ctx: ToolContext, next: NextFunction) => Promise<ToolResult>;

/** A plugin as the author declares it. */
export interface PluginDefinition {
  /** Lowercase letters, digits and dashes; unique per deployment. */
  name: string;
  /** The plugin's own semver version. */
  version: string;
  description: string;
  /** Semver range of the contract this plugin was written for, e.g. `^1.0.0`. */
  requires: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools differ in input types
  tools: readonly Tool<any>[];
  middleware?: readonly ToolMiddleware[];
}

/** A plugin after `definePlugin` (validated, frozen). */
export type Plugin = Readonly<PluginDefinition>;

/** A tool as the registry holds it: the tool and the plugin that brought it. */
export interface RegisteredTool {
  /** The plugin's name, or `gateway` for the gateway's own (built-in) tools. */
  readonly plugin: string;
  readonly tool: Tool;
}

/** An MCP `tools/list` entry. */
export interface ListedTool {
  name: string;
  title: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: ToolAnnotations;
}

/** An MCP `tools/call` result, always normalised (no bare strings). */
export interface CallToolResult {
  content: ToolContent[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface RegistryOptions {
  /** Plugin names this deployment enables; all installed plugins when omitted. */
  enabled?: readonly string[];
  /** Further tool filter (allow/deny lists, read-only mode). Filtered tools are not listed, not callable and their scopes are not requested. */
  toolFilter?: (tool: RegisteredTool) => boolean;
  /** Gateway middleware: runs outside every plugin's middleware, for every tool. */
  middleware?: readonly ToolMiddleware[];
  /** Tools the gateway adds itself (e.g. `authenticate`); they may declare no scopes. */
  builtinTools?: readonly Tool[];
  /** Turns a known non-`ToolError` failure (e.g. a Graph error) into a model-actionable `ToolError`. */
  mapError?: (error: unknown, call: ToolCall) => ToolError | undefined;
}

/** The validated set of enabled plugins and their tools. */
export interface Registry {
  readonly plugins: readonly Plugin[];
  readonly tools: readonly RegisteredTool[];
  getTool(name: string): RegisteredTool | undefined;
  listTools(): ListedTool[];
  scopes(): string[];
  scopesFor(toolName: string): readonly string[];
  callTool(
    name: string,
    rawArgs: unknown,
    ctx: ToolContext | ((tool: RegisteredTool) => ToolContext),
  ): Promise<CallToolResult>;
}
