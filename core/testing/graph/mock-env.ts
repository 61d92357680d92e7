/** Builds the GraphMockEnv each plugin's mocks receive: bearer checks, Graph errors, OData, recording. */
import type { TokenStore } from '../identity/token-store';
import type { FakeTenant } from '../tenant/fake-tenant';
import type { DemoUser, EmulatorStats, GraphMockEnv, GraphRequestRecord, RequestLike } from '../types';
import { odataHelpers } from './collection';
import { graphError, graphJson } from './responses';

export interface MockEnvDeps {
  tenant: FakeTenant;
  tokens: TokenStore;
  stats: EmulatorStats;
  graphBaseUrl: string;
  authorityOrigin: string;
}

/** Graph's well-known application id, as it appears in its WWW-Authenticate challenge. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

export function createMockEnv(
  deps: MockEnvDeps,
): GraphMockEnv & { userFor(request: RequestLike): DemoUser | undefined } {
  const { tenant, tokens, stats, graphBaseUrl } = deps;
  const recorded = new WeakSet<object>();
  const challenge = {
    'www-authenticate': `Bearer realm="", authorization_uri="${deps.authorityOrigin}/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
  };
  const unauthorized = (message: string) => graphError(401, 'InvalidAuthenticationToken', message, challenge);

  const bearer = (request: RequestLike): string | undefined =>
    /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];

  const userFor = (request: RequestLike): DemoUser | undefined => {
    const token = bearer(request);
    const found = token ? tokens.lookupAccessToken(token) : undefined;
    if (!found || found.expired) return undefined;
    return tenant.users.find((u) => u.id === found.record.userId);
  };

  return {
    tenant,
    graphBaseUrl,
    graphError: (status, code, message) => graphError(status, code, message),
    graphJson,
    odata: odataHelpers,
    area: (area) => tenant.area(area),
    userFor,
    authenticate(request, options) {
      const token = bearer(request);
      if (!token) return unauthorized('Access token is empty.');
      const found = tokens.lookupAccessToken(token);
      if (!found) return unauthorized('Access token validation failure. Invalid audience.');
      if (found.expired) return unauthorized('Lifetime validation failed, the token is expired.');
      const user = tenant.users.find((u) => u.id === found.record.userId);
      if (!user) return unauthorized('Access token validation failure.');
      const need = options?.anyScope;
      if (need?.length) {
        const granted = new Set(found.record.scopes.map((s) => s.toLowerCase()));
        if (!need.some((s) => granted.has(s.toLowerCase()))) {
          return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
        }
      }
      return user;
    },
    record(request, user, extra) {
      if (recorded.has(request)) return;
      recorded.add(request);
      const url = new URL(request.url);
      const basePath = new URL(graphBaseUrl).pathname.replace(/\/$/, '');
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const userId = (user ?? userFor(request))?.id;
      const entry: GraphRequestRecord = {
        method: request.method,
        path,
        search: url.search,
        ...(userId ? { userId } : {}),
        headers,
        ...(extra?.body ? { body: extra.body } : {}),
        ...(extra?.inBatch ? { inBatch: true as const } : {}),
      };
      const signal = (request as Partial<Pick<Request, 'signal'>>).signal;
      if (signal?.aborted) entry.aborted = true;
      else signal?.addEventListener('abort', () => (entry.aborted = true), { once: true });
      stats.graphRequests.push(entry);
    },
  };
}
