/**
 * The protected `/mcp` endpoint (behind OAuthProvider, so the bearer is already validated and
 * `ctx.props` is the grant's identity). Streamable HTTP sessions live in McpSession Durable
 * Objects named by user and session id; this Worker-side half picks the object and forwards.
 */
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { isGatewayIdentity } from '../auth/identity';
import { jsonRpcError } from './json-rpc';
import { IDENTITY_HEADER, SESSION_HEADER, sessionObjectName } from './mcp-session';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export async function handleMcpRequest(request: Request, env: Env, props: unknown): Promise<Response> {
  if (!isGatewayIdentity(props)) return jsonRpcError(401, -32001, 'This token carries no gateway identity; sign in again.');
  let sessionId = request.headers.get('mcp-session-id');
  let body: string | undefined;

  if (request.method === 'POST') {
    body = await request.text();
    if (!sessionId) {
      let message: unknown;
      try {
        message = JSON.parse(body);
      } catch {
        return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON.');
      }
      if (!isInitializeRequest(message)) {
        return jsonRpcError(400, -32600, 'Bad request: no Mcp-Session-Id header. Start a session with an initialize request first.');
      }
      sessionId = crypto.randomUUID();
    }
  } else if (!sessionId) {
    return jsonRpcError(400, -32600, 'Bad request: no Mcp-Session-Id header. Start a session with a POST initialize request.');
  }
  if (!SESSION_ID.test(sessionId)) {
    return jsonRpcError(404, -32001, 'Session not found. Start a new session (initialize).');
  }

  const headers = new Headers(request.headers);
  headers.delete('authorization'); // the gateway's token never travels further than this Worker
  headers.set(IDENTITY_HEADER, JSON.stringify(props));
  headers.set(SESSION_HEADER, sessionId);
  const name = sessionObjectName(props.userKey, sessionId);
  const stub = env.MCP_SESSION.get(env.MCP_SESSION.idFromName(name));
  return stub.fetch(new Request(request.url, { method: request.method, headers, body: body ?? null, signal: request.signal }));
}
