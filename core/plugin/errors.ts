/**
 * The contract's error registry. Registration errors are coded (`PluginError`) so a broken plugin
 * fails the build or the start with a stable code and a message that says what to fix; they are
 * local errors, never sent on the wire. `ToolError` is the one error a tool throws on purpose: an
 * expected failure the model can act on.
 */

/** Stable codes of registration failures; docs/plugins.md lists when each happens and the fix. */
export type PluginErrorCode =
  | 'GATEWAY_PLUGIN_INVALID_MANIFEST'
  | 'GATEWAY_PLUGIN_DUPLICATE_NAME'
  | 'GATEWAY_PLUGIN_DUPLICATE_TOOL'
  | 'GATEWAY_PLUGIN_BAD_SCOPE'
  | 'GATEWAY_PLUGIN_VERSION_MISMATCH'
  | 'GATEWAY_PLUGIN_UNKNOWN'
  | 'GATEWAY_PLUGIN_UNKNOWN_PERMISSION'
  | 'GATEWAY_PLUGIN_OVER_BUDGET';

/** Stable codes of build-time warnings: the build passes, but the plugin should be fixed. */
export type PluginWarningCode = 'GATEWAY_PLUGIN_UNDESCRIBED_FIELD' | 'GATEWAY_PLUGIN_NOT_ENABLED';

/** A finding that does not fail the build (scripts/build-plugins.ts prints it). */
export interface PluginWarning {
  readonly code: PluginWarningCode;
  readonly plugin: string;
  /** The tool at fault, when there is one. */
  readonly tool?: string;
  readonly message: string;
}

/**
 * A plugin (or the set of plugins) cannot be registered.
 *
 * @example
 * try {
 *   createRegistry(plugins);
 * } catch (error) {
 *   if (error instanceof PluginError) console.error(`✖ plugin "${error.plugin}": ${error.message}`);
 *   throw error;
 * }
 */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  readonly code: PluginErrorCode;
  /** The plugin at fault; `undefined` when the tool is not yet part of a plugin (`defineTool`). */
  readonly plugin: string | undefined;

  constructor(code: PluginErrorCode, plugin: string | undefined, message: string) {
    super(message);
    this.code = code;
    this.plugin = plugin;
  }
}

/**
 * An expected failure the model can act on (not found, bad combination of arguments, mailbox
 * full…). Its message is shown to the model as the tool result with `isError: true`, so write it
 * for the model: what went wrong and what to try instead. Never put secrets or raw Graph payloads
 * in it.
 *
 * @example
 * if (!message) throw new ToolError(`No message with id "${args.id}". Call searchEmails to find it.`, 'NOT_FOUND');
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  /** Optional machine-readable reason, e.g. `NOT_FOUND`; not shown to the model. */
  readonly code: string | undefined;

  constructor(message: string, code?: string) {
    super(message);
    this.code = code;
    Object.defineProperty(this, TOOL_ERROR_BRAND, { value: true });
  }
}

/** A global symbol, so a `ToolError` from a plugin's own copy of the contract is recognised too. */
const TOOL_ERROR_BRAND = Symbol.for('m365-gateway.tool-error');

/**
 * Whether `error` is a `ToolError` from any copy of the contract.
 *
 * @example
 * if (isToolError(error)) return { content: [{ type: 'text', text: error.message }], isError: true };
 */
export function isToolError(error: unknown): error is ToolError {
  return error instanceof Error && (error as unknown as Record<symbol, unknown>)[TOOL_ERROR_BRAND] === true;
}

/**
 * `registry.callTool` was asked for a tool that is not listed (unknown or disabled). The MCP
 * layer turns it into a protocol error (JSON-RPC invalid params), not a tool result.
 *
 * @example
 * new UnknownToolError('getEmail', ['getEmails', 'sendEmail']).message
 * // 'Unknown tool: "getEmail". Available tools: getEmails, sendEmail'
 */
export class UnknownToolError extends Error {
  override readonly name = 'UnknownToolError';
  readonly tool: string;

  constructor(tool: string, available: readonly string[]) {
    super(`Unknown tool: "${tool}". Available tools: ${available.length > 0 ? available.join(', ') : '(none)'}`);
    this.tool = tool;
  }
}

/**
 * A `resources/read` that cannot be answered. `not_found`: no template matches the URI, or the
 * item is gone; `failed`: anything else, with a message written for the model. The MCP layer turns
 * it into a JSON-RPC error (-32002 for `not_found`).
 *
 * @example
 * throw new ResourceError('not_found', 'No attachment at m365://mail/…: list the message again.');
 */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';

  constructor(
    readonly reason: 'not_found' | 'failed',
    message: string,
  ) {
    super(message);
  }
}
