/**
 * McpSession — one Durable Object per MCP session, named `userKey:sessionId`.
 *
 * Because the user key is part of the name, a session id presented with another user's token
 * addresses a different (empty) object and gets "session not found": sessions are bound to their
 * user by construction, not by a check that could be forgotten.
 *
 * The SDK's web-standard Streamable HTTP transport and server live in memory. The `initialize`
 * request is kept in storage so that, after the object is evicted, the next request rebuilds the
 * same session by replaying it. An alarm deletes the session after IDLE_MS without requests.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { isInitializeRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { GatewayIdentity } from '../auth/identity';
import { isGatewayIdentity } from '../auth/identity';
import { requireConfig } from '../config/config';
import type { Registry } from '../plugin';
import { createMcpServer } from './mcp-server';
import { createToolContext, SessionTokenCache } from './tool-context';
import { jsonRpcError } from './json-rpc';

export const IDLE_MS = 24 * 60 * 60 * 1000;
/** Internal headers the Worker sets after authenticating; a client's own copies are stripped. */
export const IDENTITY_HEADER = 'x-gateway-identity';
export const SESSION_HEADER = 'x-gateway-session';

const INIT_KEY = 'initialize';
const IDENTITY_KEY = 'identity';

interface LiveSession {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  identity: GatewayIdentity;
}

/** Durable Object name of a session. */
export function sessionObjectName(userKey: string, sessionId: string): string {
  return `${userKey}:${sessionId}`;
}

export abstract class McpSessionBase extends DurableObject<Env> {
  private live: LiveSession | undefined;
  private readonly tokens = new SessionTokenCache(() => this.env);

  /** The registry of the deployment (provided by the composition root, core/worker.ts). */
  protected abstract registry(): Registry;

  override async fetch(request: Request): Promise<Response> {
    const sessionId = request.headers.get(SESSION_HEADER);
    let claimed: unknown;
    try {
      claimed = JSON.parse(request.headers.get(IDENTITY_HEADER) ?? 'null');
    } catch {
      claimed = null;
    }
    if (!sessionId || !isGatewayIdentity(claimed)) return new Response('Not reachable directly', { status: 400 });

    let parsedBody: unknown;
    if (request.method === 'POST') {
      try {
        parsedBody = JSON.parse(await request.text());
      } catch {
        return jsonRpcError(400, -32700, 'Parse error: the request body is not valid JSON.');
      }
    }

    if (!this.live) {
      const stored = await this.ctx.storage.get<{ message: JSONRPCMessage; identity: GatewayIdentity }>(INIT_KEY);
      if (stored) {
        if (stored.identity.userKey !== claimed.userKey) return sessionNotFound();
        await this.restore(sessionId, stored.message, stored.identity);
      } else if (request.method === 'POST' && isInitializeRequest(parsedBody)) {
        this.live = await this.open(sessionId, claimed);
      } else {
        return sessionNotFound();
      }
    } else if (this.live.identity.userKey !== claimed.userKey) {
      return sessionNotFound();
    }

    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
    const live = this.live!;
    const response = await live.transport.handleRequest(request, parsedBody === undefined ? {} : { parsedBody });
    if (request.method === 'POST' && isInitializeRequest(parsedBody) && response.ok) {
      await this.ctx.storage.put(INIT_KEY, { message: parsedBody, identity: claimed });
      await this.ctx.storage.put(IDENTITY_KEY, claimed.userKey);
    }
    return response;
  }

  /** Idle for IDLE_MS: forget the session entirely. */
  override async alarm(): Promise<void> {
    await this.end();
  }

  private async open(sessionId: string, identity: GatewayIdentity): Promise<LiveSession> {
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      onsessionclosed: async () => {
        await this.end();
      },
    });
    const config = requireConfig(this.env);
    const registry = this.registry();
    const server = createMcpServer({
      registry,
      contextFor: (tool, signal) =>
        createToolContext({ env: this.env, config, tool, identity, signal, tokens: this.tokens }),
    });
    await server.connect(transport);
    return { transport, server, identity };
  }

  /** Rebuilds an evicted session by replaying its initialize exchange into a fresh transport. */
  private async restore(sessionId: string, initialize: JSONRPCMessage, identity: GatewayIdentity): Promise<void> {
    const live = await this.open(sessionId, identity);
    const replay = (body: unknown, headers: Record<string, string> = {}) =>
      new Request('https://session.internal/mcp', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(body),
      });
    // The replayed answers go nowhere; reading them lets the transport finish each exchange.
    await (await live.transport.handleRequest(replay(initialize), { parsedBody: initialize })).text();
    const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
    const version = (initialize as { params?: { protocolVersion?: string } }).params?.protocolVersion ?? '2025-03-26';
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': version };
    await (await live.transport.handleRequest(replay(initialized, headers), { parsedBody: initialized })).text();
    this.live = live;
  }

  private async end(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    if (live) await live.server.close().catch(() => undefined);
  }
}

function sessionNotFound(): Response {
  // Streamable HTTP: 404 tells the client to start a new session with a fresh initialize.
  return jsonRpcError(404, -32001, 'Session not found: it expired or belongs to another sign-in. Start a new session (initialize).');
}
