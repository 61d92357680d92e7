/**
 * The Streamable HTTP side of a session: the SDK's web-standard transport with a resumable event
 * store, opened by `initialize` or rebuilt after eviction by replaying the stored `initialize`.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { batchRefusal, negotiatedVersion } from './batch-rules';
import { SessionEventStore } from './event-store';
import { HttpError } from '../http/http-error';

/** What a session keeps to be rebuilt: the client's initialize and the tool set it saw. */
export interface StoredInitialize {
  message: unknown;
  /** toolSetFingerprint() of the registry when the session began. */
  tools: string;
}

/** Clients told to reconnect (after a server-closed stream) wait this long first. */
const RETRY_MS = 1_000;

export class StreamableSession {
  /** The revision the session's initialize negotiated; it decides whether batches are allowed. */
  private version: string | undefined;

  private constructor(private readonly transport: WebStandardStreamableHTTPServerTransport) {}

  static async open(sessionId: string, server: Server, onEnd: () => Promise<void>): Promise<StreamableSession> {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      eventStore: new SessionEventStore(),
      retryInterval: RETRY_MS,
      onsessionclosed: onEnd,
    });
    await server.connect(transport);
    return new StreamableSession(transport);
  }

  /** Rebuilds an evicted session by replaying its initialize exchange into a fresh transport. */
  static async restore(
    sessionId: string,
    server: Server,
    stored: StoredInitialize,
    onEnd: () => Promise<void>,
  ): Promise<StreamableSession> {
    const session = await StreamableSession.open(sessionId, server, onEnd);
    const initialize = stored.message as JSONRPCMessage;
    session.version = negotiatedVersion(initialize);
    const replay = (body: unknown, headers: Record<string, string> = {}) =>
      new Request('https://session.internal/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(body),
      });
    // The replayed answers go nowhere; reading them lets the transport finish each exchange.
    await (await session.transport.handleRequest(replay(initialize), { parsedBody: initialize })).text();
    const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
    const version = (initialize as { params?: { protocolVersion?: string } }).params?.protocolVersion ?? '2025-03-26';
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
    await (await session.transport.handleRequest(replay(initialized, headers), { parsedBody: initialized })).text();
    return session;
  }

  /** `authInfo` is the grant of the token behind this request: its scopes bound the calls in it. */
  handle(request: Request, parsedBody: unknown, authInfo: AuthInfo): Promise<Response> {
    if (this.version === undefined && isInitializeRequest(parsedBody)) this.version = negotiatedVersion(parsedBody);
    // A client that omits MCP-Protocol-Version is still held to the revision it negotiated.
    const refusal = batchRefusal(parsedBody, this.version);
    if (refusal) return Promise.resolve(HttpError.jsonRpc(400, -32600, refusal).toResponse());
    return this.transport.handleRequest(request, parsedBody === undefined ? { authInfo } : { parsedBody, authInfo });
  }
}
