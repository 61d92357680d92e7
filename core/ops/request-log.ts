/**
 * The one JSON line per HTTP request: request id, method, path (never the query, which can hold
 * codes and state), status, duration, MCP transport and era, and the caller as a hashed user key
 * and client id. Never headers, bodies or tokens.
 */
import { hashUserKey } from '../mcp/call-log';
import type { RequestScope } from './request-scope';

/**
 * @example
 * const started = Date.now();
 * const response = await handle(request);
 * await logRequest(scope, request, response.status, started);
 */
export async function logRequest(
  scope: RequestScope,
  request: Request,
  status: number,
  started: number,
  write: (line: Record<string, unknown>) => void = (line) => console.info(JSON.stringify(line)),
): Promise<void> {
  write({
    level: status >= 500 ? 'error' : 'info',
    message: 'request',
    requestId: scope.requestId,
    method: request.method,
    path: new URL(request.url).pathname.slice(0, 200),
    status,
    durationMs: Date.now() - started,
    transport: scope.transport,
    era: scope.era,
    ...(scope.userKey ? { user: await hashUserKey(scope.userKey) } : {}),
    ...(scope.client ? { client: scope.client } : {}),
  });
}
