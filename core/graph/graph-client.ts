/**
 * The Graph client each tool call gets: `@microsoft/microsoft-graph-client` with our own
 * middleware chain instead of its default one:
 *
 *   prefer (immutable ids) → auth (token, one forced refresh on 401) → throttle (429/5xx policy) → concurrency limit
 *   → on the wire → fetch
 *
 * Why our own auth middleware: the library's AuthenticationHandler attaches tokens only to https
 * Graph hosts (so not to the local emulator) and cannot do "one forced refresh on 401". Ours
 * attaches the bearer only when the request goes to the configured Graph origin — never to any
 * other host a nextLink or a plugin might name — and on a 401 asks the vault once for a fresh
 * token (the vault de-duplicates concurrent refreshes) before giving up.
 * The limiter sits innermost so a request waiting out a Retry-After does not hold a slot. With
 * `observe`, request-log.ts watches both ends (one entry per request, sends counted at the wire).
 */
import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { BatchRequest, GraphClient } from '../plugin';
import { untilAborted } from './abortable';
import { graphBatch } from './batch';
import { ConcurrencyMiddleware, createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency';
import { ForeignHostRefused } from './graph-failures';
import { PreferMiddleware } from './prefer';
import { withEncodedQueryValues } from './query-values';
import { observeRequests, type GraphRequestObserver } from './request-log';
import { DEFAULT_RETRY_POLICY, OnTheWire, ThrottleMiddleware, type RetryPolicy } from './throttle';

/** Where the client gets the user's Microsoft access token. */
export interface GraphTokenSource {
  /** Current token; with `staleToken`, a token other than that one (refreshing if needed). */
  getToken(staleToken?: string): Promise<string>;
}

export interface GraphClientOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` or `http://127.0.0.1:8788/v1.0`. */
  graphBaseUrl: string;
  tokens: GraphTokenSource;
  signal?: AbortSignal;
  /** Shared by every client of one mailbox in this session; a private one when omitted. */
  limiter?: ConcurrencyLimiter;
  /** Overrides of the retry policy (tests record waits instead of sleeping). */
  retry?: Partial<RetryPolicy>;
  /** Told of every request when it ends (for the call's log line); see request-log.ts. */
  observe?: GraphRequestObserver;
}

/**
 * @example
 * const graph = createGraphClient({ graphBaseUrl: config.graphBaseUrl, tokens, signal, limiter });
 * const me = await graph.api('/me').select('displayName').get();
 * const results = await graph.batch([{ method: 'DELETE', url: `/me/messages/${id}` }]);
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = new URL(options.graphBaseUrl);
  const version = base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0';
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const observed = options.observe ? observeRequests(options.observe) : undefined;
  const chain: Middleware[] = [
    ...(observed ? [observed.outer] : []),
    new PreferMiddleware(),
    new GraphAuthMiddleware(base.origin, options.tokens, options.signal),
    new ThrottleMiddleware(policy, options.signal),
    new ConcurrencyMiddleware(options.limiter ?? createConcurrencyLimiter()),
    ...(observed ? [observed.inner] : []),
    new OnTheWire(),
    new HTTPMessageHandler(),
  ];
  chain.reduce((previous, next) => {
    previous.setNext?.(next);
    return next;
  });
  const client = Client.initWithMiddleware({
    middleware: chain[0],
    baseUrl: `${base.origin}/`,
    defaultVersion: version,
  });
  return {
    api: (path: string) => withEncodedQueryValues(client.api(path)),
    batch: (requests: readonly BatchRequest[]) => graphBatch(client, requests, policy, options.signal),
  };
}

class GraphAuthMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly graphOrigin: string,
    private readonly tokens: GraphTokenSource,
    private readonly signal: AbortSignal | undefined,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin !== this.graphOrigin) {
      throw new ForeignHostRefused(
        `Refusing to send a Microsoft token to ${new URL(url).origin}: not the configured Graph host.`,
      );
    }
    context.options ??= {};
    if (this.signal) context.options.signal = this.signal;
    // A slow vault (Microsoft's token endpoint) must not hold the call past its signal.
    const token = await untilAborted(this.tokens.getToken(), this.signal);
    await this.send(context, token);
    if (context.response?.status === 401) {
      const fresh = await untilAborted(this.tokens.getToken(token), this.signal);
      if (fresh !== token) await this.send(context, fresh);
    }
  }

  private async send(context: Context, token: string): Promise<void> {
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${token}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers) };
    await this.next!.execute(context);
  }
}
