/**
 * `PUBLIC_DISCOVERY = "true"`: what the gateway offers can be read before signing in.
 * `server/discover` and `tools/list` over MCP 2026-07-28, and `tools/list` as plain JSON-RPC,
 * are answered without a token (the listing a work account sees); anything else without a token,
 * including a 2025-era `initialize`, still gets the library's 401 that starts OAuth.
 */
import { createMcpHandler, isLegacyRequest } from '@modelcontextprotocol/server';
import type { GatewayConfig } from '../config/config';
import type { Registry } from '../plugin';
import { listToolsFor } from './mcp-server';
import { createModernServer } from './modern';
import { readRequestBody } from './request-body';

const PUBLIC_METHODS = new Set(['server/discover', 'tools/list']);

/**
 * The anonymous answer, or undefined when the request is not one (it goes on to the bearer check).
 * Only a request without `Authorization` is looked at; its body is read once (request-body.ts).
 *
 * @example
 * const anonymous = await answerPublicDiscovery(request, config, registry);
 * if (anonymous) return anonymous;
 */
export async function answerPublicDiscovery(
  request: Request,
  config: Pick<GatewayConfig, 'publicDiscovery'>,
  registry: Registry,
): Promise<Response | undefined> {
  if (!config.publicDiscovery || request.method !== 'POST' || request.headers.has('authorization')) return undefined;
  const { pathname } = new URL(request.url);
  if ((pathname !== '/mcp' && pathname !== '/sse') || request.headers.has('mcp-session-id')) return undefined;
  const read = await readRequestBody(request);
  if (!read.ok) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    return undefined;
  }
  if (!isPublicMethod(body)) return undefined;
  if (!(await isLegacyRequest(request, body))) {
    // Only this one method reaches the server: its tools/call and resources handlers never run here.
    const handler = createMcpHandler(() => createModernServer({ registry, contextFor: noContext }), {
      legacy: 'reject',
    });
    return handler.fetch(request, { parsedBody: body });
  }
  if (body.method !== 'tools/list') return undefined;
  return Response.json({ jsonrpc: '2.0', id: body.id, result: { tools: listToolsFor({ registry }) } });
}

function isPublicMethod(body: unknown): body is { method: string; id: string | number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { method, id, jsonrpc } = body as Record<string, unknown>;
  return jsonrpc === '2.0' && typeof method === 'string' && PUBLIC_METHODS.has(method) && id !== undefined;
}

function noContext(): never {
  throw new Error('An anonymous request never reaches a tool or a resource.');
}
