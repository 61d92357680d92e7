/**
 * The plugin contract's types: what a plugin author writes against.
 * Plugins import only from `core/plugin` (this folder's index), never from other core folders.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type * as v from 'valibot';
import type { ToolError } from './errors';
import type { ToolHandles } from './handles';

/** The contract version plugins declare compatibility with via `requires` (a semver range). */
export type ContractVersion = `${number}.${number}.${number}`;

/** A valibot schema for a tool's arguments: always an object schema. */
export type ToolInputSchema =
  | v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>
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
 * The Microsoft Graph client a tool gets: `@microsoft/microsoft-graph-client`'s `api()`, already
 * pointed at the deployment's Graph base URL, authenticated for the user, with the gateway's
 * retry/throttle middleware and per-mailbox concurrency limit. Paths are relative to the base URL
 * (`/me/messages`). `batch` runs many requests as JSON `$batch` calls (20 per call). Values given
 * to `.filter()` and `.search()` are URL-encoded for you (an already encoded value is left as is).
 */
export interface GraphClient extends Pick<Client, 'api'> {
  /**
   * One response per request, in request order, each with its `outcome`; a throttled sub-request
   * is retried on its own. Throws only when nothing was carried out.
   */
  batch(requests: readonly BatchRequest[]): Promise<BatchResponse[]>;
}

/** One request inside a `$batch`: `url` is relative to the Graph base URL (`/me/messages/{id}`). */
export interface BatchRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * What became of one batched request: `ok` (2xx/3xx); `failed` — Graph did not carry it out (a
 * 4xx, throttled past the wait budget, or not sent at all); `unknown` — a write Graph may or may
 * not have carried out (answered 500/502/503/504, or its `$batch` got no answer). An unknown write
 * is never repeated by the gateway: tell the model to check before trying again.
 */
export type BatchOutcome = 'ok' | 'failed' | 'unknown';

/**
 * Graph's answer to one batched request; `headers` names are lower-cased. A request that got no
 * answer of its own (its whole `$batch` failed, or was never sent because an earlier one failed)
 * has the `$batch`'s status when Graph answered it, 504 when no answer came, 424 when it was not
 * sent, and `body.error.message` saying which.
 */
export interface BatchResponse {
  id: string;
  status: number;
  outcome: BatchOutcome;
  headers: Record<string, string>;
  body?: unknown;
}

/** Everything a tool's `run` is handed. */
export interface ToolContext {
  graph: GraphClient;
  user: ToolUser;
  /** Aborted when the client cancels the call or the call's time budget runs out. */
  signal: AbortSignal;
  log: ToolLogger;
  /** This plugin's own deployment config (from `PLUGIN_CONFIG_<NAME>` JSON), or `{}`. */
  config: Readonly<Record<string, unknown>>;
  /** Short handles for Microsoft ids: `show(kind, id)` for results; id arguments use `graphIdOrHandle`. */
  handles: ToolHandles;
  /**
   * Reports progress of a long call to the client (MCP `notifications/progress`), when the
   * client asked for it; otherwise does nothing. `progress` must grow with each report.
   */
  progress(update: ToolProgress): void;
  /**
   * Graph permissions the calling client was granted (what it asked for, within what the user
   * approved). A call needing more never reaches `run`; absent outside a client's session.
   */
  grantedScopes?: readonly string[];
  /**
   * Records one write for the user's audit trail: what was done, to which items (ids or handles,
   * never subjects, bodies or addresses) and its outcome. `runWrite` and `reportWrites` call it for
   * you; call it yourself only for a write they do not carry.
   */
  audit(record: AuditRecord): void;
}

/**
 * What became of a write: `confirmed` (Graph said it is done), `not_done` (Graph refused it or it
 * was never sent), `unknown` (it reached Graph and no answer said whether it happened).
 */
export type WriteOutcome = 'confirmed' | 'not_done' | 'unknown';

/** One audited write: never content (subjects, bodies, addresses), only what identifies the items. */
export interface AuditRecord {
  /** What the tool did, a short verb phrase in camelCase: `sendMail`, `move`, `markRead`. */
  action: string;
  /** The items it acted on: Graph ids or handles. Empty when the write names none (a send). */
  items: readonly string[];
  outcome: WriteOutcome;
}

/** One progress report: `progress` of `total` (when known), with an optional human message. */
export interface ToolProgress {
  progress: number;
  total?: number;
  message?: string;
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
  /**
   * `work`: only for work or school accounts (Microsoft offers e.g. Teams and online meetings to
   * those only); hidden from and refused to personal Microsoft accounts. Default `any`.
   */
  accounts?: 'work' | 'any';
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
  // biome-ignore lint/suspicious/noExplicitAny: tools differ in input types; each is checked by defineTool
  tools: readonly Tool<any>[];
  middleware?: readonly ToolMiddleware[];
  /** Binary or long content offered as MCP resources (e.g. mail attachments), made with `defineResource`. */
  resources?: readonly Resource[];
  /**
   * A valibot schema of the plugin's own settings (`PLUGIN_CONFIG_<NAME>` JSON). Checked when the
   * deployment's config loads; a mismatch is a configuration problem at /health. `ctx.config` is
   * then the schema's output (defaults applied).
   */
  config?: v.GenericSchema<unknown, Record<string, unknown>>;
  /** Token budget of the published tool definitions, checked by the build (default: `DEFAULT_BUDGET`). */
  budget?: PluginBudget;
}

/**
 * Tokens (o200k_base) the plugin's `tools/list` entries may take: every client pays them on every
 * turn. `tokens` is for all definitions together; `tools` raises or lowers one tool's own limit.
 */
export interface PluginBudget {
  tokens?: number;
  tools?: Readonly<Record<string, number>>;
}

/** One item of a `resources/read` answer: text, or base64 bytes in `blob`. */
export interface ResourceContents {
  uri: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

/** A family of MCP resources addressed by a URI template, as the author declares it. */
export interface ResourceDefinition {
  /** camelCase, unique per plugin. */
  name: string;
  title: string;
  /** For the model: what the resource holds and which tool hands out its URIs. */
  description: string;
  /** RFC 6570 level-1 template, e.g. `m365://mail/{messageId}/attachments/{attachmentId}`. */
  uriTemplate: string;
  /** When every resource of the template has one type. */
  mimeType?: string;
  /** Least-privilege Graph delegated permissions, as for tools. */
  scopes: readonly string[];
  /** Reads one resource; `params` are the template's variables, already URI-decoded. */
  read(params: Readonly<Record<string, string>>, ctx: ToolContext): Promise<ResourceContents>;
}

/** A resource family after `defineResource`: it can match and build its URIs. */
export interface Resource extends ResourceDefinition {
  /** The template's variables when `uri` matches it, else undefined. */
  match(uri: string): Record<string, string> | undefined;
  /** The URI for these variables (each URI-encoded). */
  uri(params: Readonly<Record<string, string>>): string;
}

/** A resource family as the registry holds it. */
export interface RegisteredResource {
  readonly plugin: string;
  readonly resource: Resource;
}

/** An MCP `resources/templates/list` entry. */
export interface ListedResourceTemplate {
  uriTemplate: string;
  name: string;
  title: string;
  description: string;
  mimeType?: string;
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
  /** Scopes of a listed tool or of a resource family (by name); throws `UnknownToolError` otherwise. */
  scopesFor(toolName: string): readonly string[];
  callTool(
    name: string,
    rawArgs: unknown,
    ctx: ToolContext | ((tool: RegisteredTool) => ToolContext),
  ): Promise<CallToolResult>;
  /** The enabled plugins' resource templates (MCP `resources/templates/list`). */
  listResourceTemplates(): ListedResourceTemplate[];
  /**
   * Reads a resource by URI. Throws `ResourceError` (`not_found` for a URI no template matches or
   * an item that is gone; `failed` with a model-actionable message otherwise).
   */
  readResource(uri: string, ctx: ToolContext | ((entry: RegisteredResource) => ToolContext)): Promise<ResourceContents>;
}
