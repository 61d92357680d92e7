/** Assembles the emulated tenant: identity mock, core Graph, plugin mocks, stats and controls. */
import type { RequestHandler } from 'msw';
import { coreGraphHandlers, fallbackHandler, graphDispatcher } from './graph/core-mock';
import { directoryGraphHandlers } from './graph/directory-mock';
import { FaultInjector } from './graph/faults';
import { createMockEnv } from './graph/mock-env';
import { identityHandlers } from './identity/identity-mock';
import { TokenStore } from './identity/token-store';
import { uniqueAreas } from './tenant/areas';
import { FakeTenant } from './tenant/fake-tenant';
import type { Emulator, EmulatorOptions, EmulatorStats, JournalEntry } from './types';

export function createStats(): EmulatorStats {
  const stats: EmulatorStats = {
    tokenRequests: { authorization_code: 0, refresh_token: 0 },
    graphRequests: [],
    maxInFlight: 0,
    maxInFlightByUser: {},
    reset() {
      stats.tokenRequests.authorization_code = 0;
      stats.tokenRequests.refresh_token = 0;
      stats.graphRequests.length = 0;
      stats.maxInFlight = 0;
      stats.maxInFlightByUser = {};
    },
  };
  return stats;
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export function createEmulator(options: EmulatorOptions): Emulator {
  const authorityOrigin = trimSlash(options.authorityOrigin);
  const graphBaseUrl = trimSlash(options.graphBaseUrl);
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 3600;
  const areas = uniqueAreas([...(options.areas ?? []), ...(options.pluginMocks ?? []).flatMap((m) => m.areas ?? [])]);
  const tenant = new FakeTenant({
    areas,
    personalAccount: options.personalAccount === true,
    ...(options.extraUsers ? { extraUsers: options.extraUsers } : {}),
  });
  const stats = createStats();
  const tokens = new TokenStore(accessTokenTtlSeconds);
  const env = createMockEnv({ tenant, tokens, stats, graphBaseUrl, authorityOrigin });
  const faults = new FaultInjector();
  const journal: JournalEntry[] = [];

  // Graph requests go through one dispatcher (recording, in-flight counting) to these handlers.
  const graphHandlers: RequestHandler[] = [
    faults.handler(env, () => graphHandlers.slice(1), journal),
    ...coreGraphHandlers(env),
    ...directoryGraphHandlers(env),
  ];
  for (const plugin of options.pluginMocks ?? []) graphHandlers.push(...plugin.handlers(env));
  graphHandlers.push(fallbackHandler(env, () => graphHandlers, journal));
  const handlers: RequestHandler[] = [
    ...identityHandlers({ authorityOrigin, tenant, tokens, stats, accessTokenTtlSeconds }),
    graphDispatcher(env, stats, () => graphHandlers, journal),
  ];

  return {
    tenant,
    authorityOrigin,
    graphBaseUrl,
    handlers,
    stats,
    journal,
    expireAccessTokens: () => tokens.expireAccessTokens(),
    issuedTokens: (userId) => tokens.issuedTo(userId),
    injectFault: (fault) => faults.add(fault),
    pickFaults: (pick) => faults.pick(pick),
    clearFaults: () => faults.clear(),
    reset() {
      tenant.reset();
      tokens.clear();
      stats.reset();
      faults.clear();
      journal.length = 0;
    },
  };
}
