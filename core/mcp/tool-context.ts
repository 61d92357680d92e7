/**
 * Builds the `ctx` a tool's `run` gets inside a session: the user's Graph client, identity,
 * cancellation signal, progress reporter, logger and the plugin's own config.
 */
import { waitUntil } from 'cloudflare:workers';
import type { GatewayIdentity } from '../auth/identity';
import { tokenVaultFor } from '../auth/token-vault';
import type { GatewayConfig } from '../config/config';
import { pluginConfig } from '../config/plugin-config';
import { createGraphClient, type GraphTokenSource } from '../graph/graph-client';
import { mailboxLimiter } from '../graph/mailbox-gate';
import { MicrosoftInteractionRequired, MicrosoftSignInRequired, MicrosoftUnavailable } from '../graph/graph-errors';
import { handlesFor } from '../handles/gateway-handles';
import type { RegisteredTool, ToolContext, ToolLogger, ToolProgress } from '../plugin';
import { startCallLog, type CallLog } from './call-log';

/** Tokens are used from memory until this long before expiry; the vault refreshes earlier still. */
const CACHE_MARGIN_MS = 2 * 60_000;
/** Every tool call gets at most this long, then its Graph requests are aborted. */
export const TOOL_CALL_BUDGET_MS = 60_000;

/**
 * Keeps the user's current Microsoft access token in the session's memory, so a call does not
 * cost a Durable Object round trip to the vault each time. The vault stays the only place that
 * refreshes and persists; concurrent misses here share one vault request. A token Graph refused
 * is dropped at once: calls that start while its replacement is fetched wait for that instead of
 * sending the refused token again.
 *
 * Shared by the requests of an isolate (`acrossRequests`), a miss never waits on another request's
 * vault call: the runtime ends a request's I/O with it, so a request that awaited another's promise
 * could be left with one that never settles. Each asks the vault itself, naming the refused token it
 * knows of, and the vault (one object per user) still refreshes once.
 */
export class SessionTokenCache {
  private current: { token: string; expiresAt: number } | undefined;
  /** The vault request in flight, and the token Graph refused that it replaces (if any). */
  private pending: { request: Promise<string>; replacing: string | undefined } | undefined;

  constructor(
    private readonly env: () => Env,
    private readonly acrossRequests = false,
  ) {}

  source(userKey: string): GraphTokenSource {
    return {
      getToken: (staleToken?: string) => this.get(userKey, staleToken),
    };
  }

  private get(userKey: string, staleToken: string | undefined): Promise<string> {
    const cached = this.current;
    if (cached && cached.token === staleToken) {
      // Graph refused it: no later call is handed it while its replacement is fetched.
      this.current = undefined;
    } else if (cached && cached.expiresAt - Date.now() > CACHE_MARGIN_MS) {
      return Promise.resolve(cached.token);
    }
    // A request that replaces the refused token (or any request, for a caller that saw none refused)
    // answers this caller too; one that may return the refused token again does not.
    const pending = this.pending;
    if (pending && (staleToken === undefined || pending.replacing === staleToken)) {
      if (!this.acrossRequests) return pending.request;
      return this.fetchFromVault(userKey, staleToken ?? pending.replacing);
    }
    const request: Promise<string> = this.fetchFromVault(userKey, staleToken).finally(() => {
      if (this.pending?.request === request) this.pending = undefined;
    });
    this.pending = { request, replacing: staleToken };
    return request;
  }

  private async fetchFromVault(userKey: string, staleToken: string | undefined): Promise<string> {
    const access = await tokenVaultFor(this.env(), userKey).getAccessToken(userKey, staleToken ? { staleToken } : {});
    if (!access.ok) {
      this.current = undefined;
      if (access.reason === 'unavailable') throw new MicrosoftUnavailable(access.message);
      if (access.reason === 'interaction_required') throw new MicrosoftInteractionRequired(access.message);
      throw new MicrosoftSignInRequired(access.message);
    }
    this.current = { token: access.accessToken, expiresAt: access.expiresAt };
    return access.accessToken;
  }
}

/** Isolate-wide token caches for calls outside a session (2026-07-28, plain JSON-RPC), by user. */
const userTokenCaches = new Map<string, SessionTokenCache>();
/** Bounds the isolate's memory: the least recently used user's cache goes first. */
const USER_TOKEN_CACHES_MAX = 1_000;

/**
 * The user's Microsoft access token cache shared by every stateless request this isolate serves,
 * so a call costs no vault round trip while the token is fresh. Keyed by the user key from the
 * validated bearer; the vault stays the only place that refreshes.
 *
 * @example
 * createToolContext({ ..., tokens: userTokenCache(env, identity.userKey) });
 */
export function userTokenCache(env: Env, userKey: string): SessionTokenCache {
  let cache = userTokenCaches.get(userKey);
  if (cache) userTokenCaches.delete(userKey);
  else cache = new SessionTokenCache(() => env, true);
  userTokenCaches.set(userKey, cache);
  if (userTokenCaches.size > USER_TOKEN_CACHES_MAX) {
    const oldest = userTokenCaches.keys().next().value;
    if (oldest !== undefined) userTokenCaches.delete(oldest);
  }
  return cache;
}

export interface ToolContextOptions {
  env: Env;
  config: GatewayConfig;
  tool: RegisteredTool;
  identity: GatewayIdentity;
  signal: AbortSignal;
  tokens: SessionTokenCache;
  /**
   * What the call's handles are kept for (`handlesFor`): the session (default: its token cache),
   * or, outside a session, an object of the one request, since `tokens` is then shared by requests.
   */
  handleScope?: object;
  /** Sends progress to the client when it asked for it (a no-op otherwise). */
  progress?: (update: ToolProgress) => void;
  /** The calling client's granted Graph permissions. */
  grantedScopes?: readonly string[];
  /** The call's structured log (Graph requests, audited writes); a call without one audits on its own. */
  callLog?: CallLog | undefined;
}

export function createToolContext(options: ToolContextOptions): ToolContext {
  const { identity, tool } = options;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(TOOL_CALL_BUDGET_MS)]);
  const plugin = tool.plugin;
  const callLog = options.callLog ?? startCallLog({ tool: tool.tool.name, userKey: identity.userKey });
  callLog.plugin = plugin;
  return {
    graph: createGraphClient({
      graphBaseUrl: options.config.graphBaseUrl,
      tokens: options.tokens.source(identity.userKey),
      signal,
      limiter: mailboxLimiter(options.env, identity.userKey),
      observe: callLog.graph,
    }),
    user: {
      key: identity.userKey,
      tenantId: identity.tenantId,
      objectId: identity.objectId,
      upn: identity.upn,
      name: identity.name,
      ...(identity.timeZone ? { timeZone: identity.timeZone } : {}),
    },
    signal,
    log: consoleLogger({ plugin, tool: tool.tool.name, user: identity.userKey }),
    config: pluginConfig(options.env, plugin),
    handles: handlesFor(options.handleScope ?? options.tokens, options.env, identity.userKey, waitUntil),
    progress: options.progress ?? (() => undefined),
    audit: callLog.audit,
    ...(options.grantedScopes ? { grantedScopes: options.grantedScopes } : {}),
  };
}

/** Structured one-line JSON logs (Workers Logs indexes the fields). Never log tokens or bodies. */
export function consoleLogger(fields: Record<string, unknown>): ToolLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, extra?: Record<string, unknown>) =>
    console[level](JSON.stringify({ level, message, ...fields, ...extra }));
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
