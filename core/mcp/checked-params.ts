/**
 * Malformed request params are the client's mistake, answered as one. The SDK parses a request
 * against its handler's schema before the handler runs and lets a failed parse escape as a
 * ZodError, which it answers as -32603 "internal error" with zod's issue dump as the message
 * (e.g. a tools/call without `name`, `"params": 5` on a ping, an initialize without
 * `protocolVersion`). A `CheckedServer` checks params itself: -32602 "invalid params" with a
 * sentence naming each wrong field.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod/v4';

/** Fields named in one answer; the rest are counted. */
const MAX_FIELDS = 4;

type RequestSchema = z.ZodObject<{ method: z.ZodLiteral<string>; params?: z.ZodType }>;
type StoredHandler = (request: unknown, extra: unknown) => Promise<unknown>;

function invalidParamsMessage(method: string, error: z.ZodError): string {
  const fields = error.issues.map((issue) => {
    // Paths are within the request; the client wrote its params.
    const within = issue.path[0] === 'params' ? issue.path.slice(1) : issue.path;
    const path = within.length > 0 ? `"${within.map(String).join('.')}"` : 'params';
    return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  const shown = fields.slice(0, MAX_FIELDS);
  if (fields.length > MAX_FIELDS) shown.push(`and ${fields.length - MAX_FIELDS} more`);
  return `Invalid params for ${method}: ${shown.join('; ')}.`;
}

/**
 * The SDK's `Server` whose every request handler — its own (`initialize`, `ping`) and the
 * gateway's — answers a request its schema refuses with -32602. The SDK's own parse is the check
 * (it throws before the handler runs), so nothing is parsed twice and the Worker bundles no second
 * copy of zod's API.
 *
 * @example
 * const server = new CheckedServer({ name: 'gateway', version: '1.0.0' }, { capabilities: { tools: {} } });
 * // { "params": { "arguments": {} } } on tools/call → -32602 'Invalid params for tools/call: "name": expected string, received undefined.'
 */
export class CheckedServer extends Server {
  override setRequestHandler(...[schema, handler]: Parameters<Server['setRequestHandler']>): void {
    super.setRequestHandler(schema, handler);
    const method = String((schema as unknown as RequestSchema).shape.method.value);
    // The SDK keeps each method's handler in this map: its parse of the request, which throws
    // synchronously, then the (async) handler itself.
    const handlers = (this as unknown as { _requestHandlers: Map<string, StoredHandler> })._requestHandlers;
    const parseThenHandle = handlers.get(method);
    if (!parseThenHandle) return;
    handlers.set(method, (request, extra) => {
      try {
        return parseThenHandle(request, extra);
      } catch (error) {
        if (!isZodError(error)) throw error;
        throw new McpError(ErrorCode.InvalidParams, invalidParamsMessage(method, error));
      }
    });
  }
}

function isZodError(error: unknown): error is z.ZodError {
  return error instanceof Error && Array.isArray((error as { issues?: unknown }).issues);
}
