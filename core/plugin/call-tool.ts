/**
 * One tool call, end to end: argument validation, the middleware onion, result normalisation,
 * output validation and error handling. The rule for errors: a model sees messages written for it
 * (`ToolError`, validation) and never an internal message or stack; everything else is logged
 * with a short reference the user can quote.
 */
import * as v from 'valibot';
import { classifyFailure, errorDetail, logInternal } from './failure';
import { undeclaredMachineryKey } from './argument-keys';
import { resolveHandleArgs } from './handles';
import { wellFormedArguments } from './well-formed';
import type {
  CallToolResult,
  RegisteredTool,
  ToolCall,
  ToolContext,
  ToolMiddleware,
  ToolResult,
  RegistryOptions,
} from './types';
import { argumentsMessage, issuePath, typeName } from './validation-message';

export interface CallOptions {
  /** Gateway middleware first, then the plugin's, each in array order. */
  readonly middleware: readonly ToolMiddleware[];
  readonly mapError: RegistryOptions['mapError'];
}

/**
 * Runs `entry`'s tool for a raw `tools/call`. Never throws for anything a tool or middleware does;
 * it only throws if `makeContext` does (a gateway bug).
 *
 * @example
 * const result = await invokeTool(entry, { cnt: 3 }, () => ctx, { middleware: [], mapError: undefined });
 * result.isError; // true: 'Invalid arguments for getEmails: unknown argument "cnt" (allowed: count)…'
 */
export async function invokeTool(
  entry: RegisteredTool,
  rawArgs: unknown,
  makeContext: () => ToolContext,
  options: CallOptions,
): Promise<CallToolResult> {
  const { tool } = entry;
  // Clients send no `arguments` for a tool without parameters.
  const args = wellFormedArguments(rawArgs ?? {});
  if (typeof args !== 'object' || Array.isArray(args)) {
    return errorResult(`Invalid arguments for ${tool.name}: arguments must be an object (received ${typeName(args)}).`);
  }
  const machinery = undeclaredMachineryKey(args, tool.input);
  if (machinery !== undefined) {
    const allowed = Object.keys(tool.input.entries).join(', ');
    return errorResult(`Invalid arguments for ${tool.name}: unknown argument "${machinery}" (allowed: ${allowed}).`);
  }
  const parsed = v.safeParse(tool.input, args);
  if (!parsed.success) {
    return errorResult(argumentsMessage(tool.name, parsed.issues, Object.keys(tool.input.entries)));
  }

  const ctx = makeContext();
  // Handles in the arguments become full ids before middleware and `run` see them (one lookup).
  let resolved: Awaited<ReturnType<typeof resolveHandleArgs>>;
  try {
    resolved = await resolveHandleArgs(parsed.output as Record<string, unknown>, ctx, tool.name);
  } catch (error) {
    ctx.log.warn('Handle lookup failed', { tool: tool.name, ...errorDetail(error) });
    return errorResult(
      `${tool.name}: the gateway could not look up the handles in the arguments just now. Nothing was done; try again.`,
    );
  }
  if (!resolved.ok) return errorResult(resolved.message);
  const call: ToolCall = { plugin: entry.plugin, tool: tool.name, args: resolved.args };
  const chain = options.middleware;
  let called = -1;
  // Koa-style dispatch: each middleware gets a `next` that runs the rest of the chain exactly once.
  const dispatch = (index: number): Promise<ToolResult> => {
    if (index <= called)
      return Promise.reject(new Error(`next() called twice in middleware #${index - 1} of ${tool.name}`));
    called = index;
    const middleware = chain[index];
    if (middleware === undefined) return tool.run(call.args as never, ctx);
    return middleware(call, ctx, () => dispatch(index + 1));
  };

  let result: ToolResult;
  try {
    result = await dispatch(0);
  } catch (error) {
    return failure(error, call, ctx, options);
  }

  const normalised = normalise(result);
  if (normalised === undefined) {
    return bug(call, ctx, 'returned neither a string nor { content: [...] }', { result: typeName(result) });
  }
  if (tool.output !== undefined && normalised.isError !== true) {
    // MCP: a tool that publishes an outputSchema must return conforming structuredContent.
    if (normalised.structuredContent === undefined) {
      return bug(call, ctx, 'declares an output schema but returned no structuredContent', {});
    }
    const checked = v.safeParse(tool.output, normalised.structuredContent);
    if (!checked.success) {
      const issues = checked.issues.map((issue) => `${issuePath(issue) || '(root)'}: ${issue.message}`);
      return bug(call, ctx, 'returned structuredContent that does not match its output schema', { issues });
    }
  }
  return normalised;
}

function normalise(result: ToolResult): CallToolResult | undefined {
  if (typeof result === 'string') return { content: [{ type: 'text', text: result }] };
  if (typeof result !== 'object' || result === null || !Array.isArray(result.content)) return undefined;
  return result;
}

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function failure(error: unknown, call: ToolCall, ctx: ToolContext, options: CallOptions): CallToolResult {
  const failed = classifyFailure(error, call, ctx, options.mapError, `Tool ${call.tool}`);
  if (failed.kind === 'shown') return errorResult(failed.error.message);
  if (failed.kind === 'cancelled')
    return errorResult(`${call.tool} was cancelled or ran out of time before it finished.`);
  return internalError(call, failed.ref);
}

/** Logs the real problem with a reference and gives the model only the reference. */
function bug(call: ToolCall, ctx: ToolContext, what: string, fields: Record<string, unknown>): CallToolResult {
  return internalError(call, logInternal(ctx, call, `Tool ${call.tool} ${what}`, undefined, fields));
}

function internalError(call: ToolCall, ref: string): CallToolResult {
  return errorResult(
    `Internal error in ${call.tool} (ref ${ref}). It was not caused by the arguments; ` +
      `try again later, or report the reference to the gateway's operator.`,
  );
}
