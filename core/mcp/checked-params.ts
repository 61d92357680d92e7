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
import { z } from 'zod';

/** Fields named in one answer; the rest are counted. */
const MAX_FIELDS = 4;

type RequestSchema = z.ZodObject<{ method: z.ZodLiteral<string>; params?: z.ZodType }>;

/**
 * `schema` with its params parsed by a step that throws -32602 with a readable message.
 *
 * @example
 * server.setRequestHandler(checkedParams(CallToolRequestSchema), handler);
 * // { "params": { "arguments": {} } } → -32602 'Invalid params for tools/call: "name": expected string, received undefined.'
 */
export function checkedParams<S extends RequestSchema>(schema: S): S {
  const params = schema.shape.params;
  if (params === undefined) return schema;
  const method = String(schema.shape.method.value);
  return schema.extend({
    params: z
      .unknown()
      .optional()
      .transform((value) => {
        const parsed = params.safeParse(value);
        if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, invalidParamsMessage(method, parsed.error));
        return parsed.data;
      }),
  }) as unknown as S;
}

function invalidParamsMessage(method: string, error: z.ZodError): string {
  const fields = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? `"${issue.path.map(String).join('.')}"` : 'params';
    return `${path}: ${issue.message.replace(/^Invalid input: /, '')}`;
  });
  const shown = fields.slice(0, MAX_FIELDS);
  if (fields.length > MAX_FIELDS) shown.push(`and ${fields.length - MAX_FIELDS} more`);
  return `Invalid params for ${method}: ${shown.join('; ')}.`;
}

/**
 * The SDK's `Server` whose every request handler — its own (`initialize`, `ping`) and the
 * gateway's — gets `checkedParams`.
 *
 * @example
 * const server = new CheckedServer({ name: 'gateway', version: '1.0.0' }, { capabilities: { tools: {} } });
 */
export class CheckedServer extends Server {
  override setRequestHandler(...[schema, handler]: Parameters<Server['setRequestHandler']>): void {
    super.setRequestHandler(checkedParams(schema as unknown as RequestSchema) as unknown as typeof schema, handler);
  }
}
