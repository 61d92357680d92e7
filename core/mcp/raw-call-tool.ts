/**
 * `tools/call` as the SDK parses it, except `arguments`, which reaches the registry exactly as the
 * client sent it. The SDK's own schema (a zod record) silently drops a `__proto__` key, so a call
 * the published inputSchema forbids (`additionalProperties: false`) would be answered as if the
 * key were absent; the registry's validation refuses it only if it can see it.
 */
import { CallToolRequestParamsSchema, CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * @example
 * server.setRequestHandler(RawCallToolRequestSchema, async (request) => registry.callTool(request.params.name, request.params.arguments ?? {}, ctx));
 */
export const RawCallToolRequestSchema = CallToolRequestSchema.extend({
  params: CallToolRequestParamsSchema.omit({ arguments: true }).loose(),
});
