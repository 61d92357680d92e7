/**
 * McpSession — one Durable Object per MCP session, named `userKey:sessionId`, whatever the
 * transport: Streamable HTTP, the 2024-11-05 HTTP+SSE stream, or a WebSocket.
 *
 * Because the user key is part of the name, a session id presented with another user's token
 * addresses a different (empty) object and gets "session not found": sessions are bound to their
 * user by construction, not by a check that could be forgotten.
 *
 * The SDK server and its transport live in memory. For Streamable HTTP the `initialize` request is
 * kept in storage; for a WebSocket, in the socket's attachment (which survives hibernation). After
 * eviction or hibernation the next message rebuilds the server by replaying it; if the
 * deployment's tool set changed meanwhile, the client is sent `notifications/tools/list_changed`.
 * An HTTP+SSE session lives exactly as long as its stream. An alarm deletes a session after
 * IDLE_MS without requests.
 */
import { DurableObject, waitUntil } from 'cloudflare:workers';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest, type JSONRPCMessage, type ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { GRANT_HEADER, grantAuthInfo, isClientGrant, type ClientGrant } from '../auth/client-grant';
import type { GatewayIdentity } from '../auth/identity';
import { isGatewayIdentity } from '../auth/identity';
import { requireConfig } from '../config/config';
import { accountKindOf, type Registry } from '../plugin';
import { HttpError } from '../http/http-error';
import { LegacySseTransport } from './legacy-sse-transport';
import { createMcpServer, toolSetFingerprint } from './mcp-server';
import { refuseFrameOverLimit } from './rate-limit';
import { socketRegistryFor } from './socket-registry';
import { StreamableSession, type StoredInitialize } from './streamable-session';
import { callLogFor } from '../ops/call-sinks';
import { type Migration, upgradeStorage } from '../storage/schema-version';
import { frameScope, inRequestScope, requestScopeOf } from '../ops/request-scope';
import { createToolContext, SessionTokenCache } from './tool-context';
import { refuseBatch, refuseOversizedFrame, WebSocketServerTransport } from './websocket-transport';

export const IDLE_MS = 24 * 60 * 60 * 1000;
/** Internal headers the Worker sets after authenticating; a client's own copies are replaced. */
export const IDENTITY_HEADER = 'x-gateway-identity';
export const SESSION_HEADER = 'x-gateway-session';
export const TRANSPORT_HEADER = 'x-gateway-transport';
export const ENDPOINT_HEADER = 'x-gateway-sse-endpoint';

/** Epoch milliseconds at which the bearer that opened a WebSocket expires. */
export const TOKEN_EXPIRY_HEADER = 'x-gateway-token-expires';
/**
 * Application close code: the access token behind this socket expired, or its grant was revoked;
 * reconnect with a fresh token (a revoked client must authorize again first).
 */
export const TOKEN_EXPIRED_CLOSE = 4401;

export type SessionTransport = 'streamable' | 'legacy-open' | 'legacy-message' | 'websocket';

const INIT_KEY = 'initialize';
const LIST_CHANGED: ServerNotification = { method: 'notifications/tools/list_changed' };

/** What a WebSocket carries through hibernation (no tokens). */
interface SocketAttachment {
  identity: GatewayIdentity;
  /** The grant of the token that opened the socket: its scopes bound every frame's calls. */
  grant?: ClientGrant;
  sessionId: string;
  /** When the access token that opened the socket expires (epoch ms); frames after it are refused. */
  tokenExpiresAt?: number;
  initialize?: StoredInitialize;
}

type Live =
  | { kind: 'streamable'; session: StreamableSession; server: Server; identity: GatewayIdentity }
  | { kind: 'legacy'; transport: LegacySseTransport; server: Server; identity: GatewayIdentity }
  | { kind: 'websocket'; transport: WebSocketServerTransport; server: Server; identity: GatewayIdentity };

/** McpSession's schema versions (STORAGE.md); storage from before versions existed is at 0. */
export const MCP_SESSION_MIGRATIONS: readonly Migration[] = [
  // Version 1 is the shape the record always had (`initialize`: message, identity, tool fingerprint).
  { to: 1, change: '`initialize` record', run: () => undefined },
];

/** Durable Object name of a session. */
export function sessionObjectName(userKey: string, sessionId: string): string {
  return `${userKey}:${sessionId}`;
}

export abstract class McpSessionBase extends DurableObject<Env> {
  private live: Live | undefined;
  private pending: ServerNotification[] = [];
  /**
   * The stored initialize with the tool set a pending list_changed announces: written once that
   * notification goes out, so a later restart under the same deployment does not announce it again,
   * and one that comes before it does not lose it.
   */
  private announced: (StoredInitialize & { identity: GatewayIdentity }) | undefined;
  private readonly tokens = new SessionTokenCache(() => this.env);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(() => upgradeStorage(ctx.storage, 'McpSession', MCP_SESSION_MIGRATIONS));
  }

  /** The registry of the deployment (provided by the composition root, core/worker.ts). */
  protected abstract registry(): Registry;

  // The Worker's request id and the request's transport and era reach this call's log lines.
  override async fetch(request: Request): Promise<Response> {
    return inRequestScope(requestScopeOf(request), () => this.serve(request));
  }

  private async serve(request: Request): Promise<Response> {
    const sessionId = request.headers.get(SESSION_HEADER);
    const transport = request.headers.get(TRANSPORT_HEADER) as SessionTransport | null;
    const claimed = parseHeader(request, IDENTITY_HEADER);
    const grant = parseHeader(request, GRANT_HEADER);
    if (!sessionId || !transport || !isGatewayIdentity(claimed) || !isClientGrant(grant))
      return new Response('Not reachable directly', { status: 400 });
    if (this.live && this.live.identity.userKey !== claimed.userKey) return sessionNotFound();

    let parsedBody: unknown;
    if (request.method === 'POST') {
      try {
        parsedBody = JSON.parse(await request.text());
      } catch {
        return HttpError.jsonRpc(400, -32700, 'Parse error: the request body is not valid JSON.').toResponse();
      }
    }
    switch (transport) {
      case 'streamable':
        return this.streamable(request, sessionId, claimed, grant, parsedBody);
      case 'legacy-open':
        return this.openLegacy(sessionId, claimed, request.headers.get(ENDPOINT_HEADER) ?? '/sse/message');
      case 'legacy-message':
        return this.legacyMessage(parsedBody, grant);
      case 'websocket':
        return this.acceptSocket(
          sessionId,
          claimed,
          grant,
          request.headers.get('sec-websocket-protocol'),
          Number(request.headers.get(TOKEN_EXPIRY_HEADER)) || undefined,
        );
    }
  }

  private async streamable(
    request: Request,
    sessionId: string,
    identity: GatewayIdentity,
    grant: ClientGrant,
    parsedBody: unknown,
  ): Promise<Response> {
    if (!this.live) {
      const stored = await this.ctx.storage.get<StoredInitialize & { identity: GatewayIdentity }>(INIT_KEY);
      if (stored) {
        if (stored.identity.userKey !== identity.userKey) return sessionNotFound();
        const server = this.newServer(identity);
        const session = await StreamableSession.restore(sessionId, server, stored, () => this.end());
        this.live = { kind: 'streamable', session, server, identity };
        const tools = await toolSetFingerprint(this.registry());
        if (stored.tools !== tools) {
          this.pending.push(LIST_CHANGED);
          this.announced = { ...stored, tools };
        }
      } else if (request.method === 'POST' && isInitializeRequest(parsedBody)) {
        const server = this.newServer(identity);
        this.live = {
          kind: 'streamable',
          session: await StreamableSession.open(sessionId, server, () => this.end()),
          server,
          identity,
        };
      } else {
        return sessionNotFound();
      }
    }
    if (this.live.kind !== 'streamable') return sessionNotFound();
    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
    const response = await this.live.session.handle(request, parsedBody, grantAuthInfo(grant));
    if (request.method === 'POST' && isInitializeRequest(parsedBody) && response.ok) {
      const record: StoredInitialize & { identity: GatewayIdentity } = {
        message: parsedBody,
        tools: await toolSetFingerprint(this.registry()),
        identity,
      };
      await this.ctx.storage.put(INIT_KEY, record);
    }
    return response;
  }

  private async openLegacy(sessionId: string, identity: GatewayIdentity, endpoint: string): Promise<Response> {
    const transport = new LegacySseTransport(sessionId, endpoint);
    const server = this.newServer(identity);
    await this.attach(server, transport);
    this.live = { kind: 'legacy', transport, server, identity };
    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
    return transport.response();
  }

  private async legacyMessage(parsedBody: unknown, grant: ClientGrant): Promise<Response> {
    const live = this.live;
    if (live?.kind !== 'legacy' || !live.transport.isOpen) {
      return HttpError.jsonRpc(
        404,
        -32001,
        'Session not found: its event stream has closed. Open a new one with GET /sse.',
      ).toResponse();
    }
    const messages = Array.isArray(parsedBody) ? parsedBody : [parsedBody];
    // The grant of the token that POSTed, not of the one that opened the stream.
    const authInfo = grantAuthInfo(grant);
    for (const message of messages) live.transport.receive(message as JSONRPCMessage, { authInfo });
    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
    return new Response('Accepted', { status: 202 });
  }

  private async acceptSocket(
    sessionId: string,
    identity: GatewayIdentity,
    grant: ClientGrant,
    subprotocol: string | null,
    tokenExpiresAt: number | undefined,
  ): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({
      identity,
      grant,
      sessionId,
      ...(tokenExpiresAt ? { tokenExpiresAt } : {}),
    } satisfies SocketAttachment);
    // Listed under its grant so that revoking the grant closes it at once (core/mcp/revoke-sockets.ts).
    await socketRegistryFor(this.env, identity.userKey).add(grant.grantId, sessionId);
    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
    // The Worker forwards `mcp` only when the client offered it; clients (the SDK's among them) drop a socket that does not confirm it.
    const headers = subprotocol === 'mcp' ? { 'sec-websocket-protocol': 'mcp' } : undefined;
    return new Response(null, { status: 101, webSocket: client, ...(headers ? { headers } : {}) });
  }

  // Each frame is its own "request" in the log: a fresh id, the era the socket's initialize named.
  override async webSocketMessage(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = socket.deserializeAttachment() as SocketAttachment | null;
    return inRequestScope(frameScope(attachment?.initialize?.message), () => this.onFrame(socket, data));
  }

  private async onFrame(socket: WebSocket, data: string | ArrayBuffer): Promise<void> {
    if (refuseOversizedFrame(socket, data)) return;
    let message: unknown;
    try {
      message = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data));
    } catch {
      socket.send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'Parse error: the frame is not valid JSON.' },
        }),
      );
      return;
    }
    const attachment = socket.deserializeAttachment() as SocketAttachment;
    if (attachment.tokenExpiresAt !== undefined && Date.now() >= attachment.tokenExpiresAt) {
      // HTTP requests are checked one by one; a socket only at its upgrade. Bounding it by the
      // token's life means a revoked or expired grant cannot keep using an open socket.
      socket.close(TOKEN_EXPIRED_CLOSE, 'access token expired: reconnect with a fresh token');
      return;
    }
    const caller = attachment.grant && { clientId: attachment.grant.clientId, userKey: attachment.identity.userKey };
    if (caller && (await refuseFrameOverLimit(this.env, caller, message, (text) => socket.send(text)))) return;
    if (this.live?.kind !== 'websocket') await this.wakeSocket(socket, attachment);
    if (isInitializeRequest(message)) {
      attachment.initialize = { message, tools: await toolSetFingerprint(this.registry()) };
      socket.serializeAttachment(attachment);
    }
    if (refuseBatch(socket, message, attachment.initialize?.message)) return;
    const live = this.live as Extract<Live, { kind: 'websocket' }>;
    // A socket from before grants travelled with it has none: its calls needing scopes are refused.
    const extra = attachment.grant ? { authInfo: grantAuthInfo(attachment.grant) } : {};
    for (const item of Array.isArray(message) ? message : [message])
      live.transport.receive(item as JSONRPCMessage, extra);
    await this.ctx.storage.setAlarm(Date.now() + IDLE_MS);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    // Completing the closing handshake: without it the client waits for a close frame.
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // already closed
    }
    await this.forgetSocket(socket);
    await this.end();
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    await this.forgetSocket(socket);
    await this.end();
  }

  /**
   * The grant behind this session's socket was revoked (called by core/mcp/revoke-sockets.ts):
   * close it now, so the revoked client cannot send another call.
   */
  async closeRevoked(grantId: string): Promise<void> {
    for (const socket of this.ctx.getWebSockets()) {
      if ((socket.deserializeAttachment() as SocketAttachment | null)?.grant?.grantId !== grantId) continue;
      socket.close(TOKEN_EXPIRED_CLOSE, 'access revoked: authorize this app again');
    }
    await this.end();
  }

  private async forgetSocket(socket: WebSocket): Promise<void> {
    const attachment = socket.deserializeAttachment() as SocketAttachment | null;
    if (!attachment?.grant) return;
    await socketRegistryFor(this.env, attachment.identity.userKey)
      .remove(attachment.grant.grantId, attachment.sessionId)
      .catch(() => undefined);
  }

  /** Idle for IDLE_MS: forget the session entirely. */
  override async alarm(): Promise<void> {
    for (const socket of this.ctx.getWebSockets()) {
      socket.close(1001, 'session expired');
      await this.forgetSocket(socket);
    }
    await this.end();
  }

  /** A message on a socket whose server was lost to hibernation or eviction: rebuild it. */
  private async wakeSocket(socket: WebSocket, attachment: SocketAttachment): Promise<void> {
    const transport = new WebSocketServerTransport(socket, attachment.sessionId);
    const server = this.newServer(attachment.identity);
    await this.attach(server, transport);
    this.live = { kind: 'websocket', transport, server, identity: attachment.identity };
    if (!attachment.initialize) return;
    await transport.replay(attachment.initialize.message as JSONRPCMessage & { id: string | number });
    const tools = await toolSetFingerprint(this.registry());
    if (attachment.initialize.tools !== tools) {
      await server.sendToolListChanged();
      socket.serializeAttachment({ ...attachment, initialize: { ...attachment.initialize, tools } });
    }
  }

  private newServer(identity: GatewayIdentity): Server {
    const config = requireConfig(this.env);
    return createMcpServer({
      registry: this.registry(),
      contextFor: (tool, signal, progress, grantedScopes, callLog) =>
        createToolContext({
          env: this.env,
          config,
          tool,
          identity,
          signal,
          tokens: this.tokens,
          progress,
          grantedScopes,
          callLog,
        }),
      account: accountKindOf(identity),
      startCallLog: callLogFor(this.env, identity.userKey, (name) => this.registry().getTool(name), waitUntil),
      takePendingNotifications: () => this.takePending(),
    });
  }

  /** Notifications owed to the client, now being sent on a response's stream. */
  private takePending(): ServerNotification[] {
    const taken = this.pending.splice(0);
    if (taken.length > 0 && this.announced) {
      // Not awaited: the output gate holds the response carrying the notification until this write is stored.
      void this.ctx.storage.put(INIT_KEY, this.announced);
      this.announced = undefined;
    }
    return taken;
  }

  /** Connects and clears `live` when the transport closes (stream gone, socket closed). */
  private async attach(server: Server, transport: Transport): Promise<void> {
    await server.connect(transport);
    const closed = transport.onclose;
    transport.onclose = () => {
      closed?.();
      if (this.live && 'transport' in this.live && this.live.transport === transport) this.live = undefined;
    };
  }

  private async end(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    this.pending = [];
    this.announced = undefined;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    if (live) await live.server.close().catch(() => undefined);
  }
}

function parseHeader(request: Request, name: string): unknown {
  try {
    return JSON.parse(request.headers.get(name) ?? 'null');
  } catch {
    return null;
  }
}

function sessionNotFound(): Response {
  // Streamable HTTP: 404 tells the client to start a new session with a fresh initialize.
  return HttpError.jsonRpc(
    404,
    -32001,
    'Session not found: it expired or belongs to another sign-in. Start a new session (initialize).',
  ).toResponse();
}
