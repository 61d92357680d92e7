/**
 * Where JSON-RPC batches are allowed. MCP 2025-03-26 (and plain JSON-RPC) accepts a batch;
 * 2025-06-18 removed batching, so a client speaking 2025-06-18 or later — by its
 * `MCP-Protocol-Version` header or by the version its session negotiated — gets an error instead
 * of an answer it did not ask for. An empty batch is invalid everywhere (JSON-RPC 2.0 §6: one
 * error, not silence).
 */
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

/** The first MCP revision without JSON-RPC batches. */
export const FIRST_VERSION_WITHOUT_BATCHES = '2025-06-18';

/**
 * The version the SDK's server answers an `initialize` with: the client's, when supported, else
 * the latest (the same rule as `Server`'s initialize handler).
 *
 * @example
 * negotiatedVersion({ method: 'initialize', params: { protocolVersion: '2025-03-26' } }); // '2025-03-26'
 * negotiatedVersion({ method: 'initialize', params: { protocolVersion: '1999-01-01' } }); // '2025-11-25'
 */
export function negotiatedVersion(initialize: unknown): string {
  const requested = (initialize as { params?: { protocolVersion?: unknown } } | null)?.params?.protocolVersion;
  return typeof requested === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(requested)
    ? requested
    : LATEST_PROTOCOL_VERSION;
}

/**
 * Why `body` may not be answered as a batch under `version` (undefined: it may, or it is no batch).
 * `version` is the header or the session's negotiated revision; absent means 2025-03-26 rules.
 *
 * @example
 * batchRefusal([], undefined); // 'Invalid Request: an empty batch …'
 * batchRefusal([{ jsonrpc: '2.0', id: 1, method: 'ping' }], '2025-06-18'); // 'Invalid Request: MCP 2025-06-18 …'
 * batchRefusal([{ jsonrpc: '2.0', id: 1, method: 'ping' }], '2025-03-26'); // undefined
 */
export function batchRefusal(body: unknown, version: string | null | undefined): string | undefined {
  if (!Array.isArray(body)) return undefined;
  if (body.length === 0) return 'Invalid Request: an empty batch ([]) holds no message; send a JSON-RPC message.';
  if (version && version >= FIRST_VERSION_WITHOUT_BATCHES)
    return (
      `Invalid Request: MCP ${version} has no JSON-RPC batches (removed in ${FIRST_VERSION_WITHOUT_BATCHES}); ` +
      'send each message in its own request.'
    );
  return undefined;
}
