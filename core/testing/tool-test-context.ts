/**
 * Test kit for plugin authors: a real `ToolContext` whose Graph client is the gateway's own
 * (auth, throttling, concurrency limit, $batch) pointed at the emulated tenant. The emulator's MSW
 * handlers must be served (e.g. `setupServer(...emulator.handlers).listen()`) before use.
 *
 * Waits the retry policy asks for are recorded in `session.waits` and not slept, so a test of a
 * 429 with `Retry-After: 2` asserts the wait without taking two seconds.
 *
 * `ctx.handles` works as in the gateway (same derivation and store rules), over an in-memory store
 * per emulator and user: two sessions of one user share handles, another user's never resolve.
 */
import { createConcurrencyLimiter, type ConcurrencyLimiter } from '../graph/concurrency';
import { createGraphClient } from '../graph/graph-client';
import { describeGraphError } from '../graph/graph-errors';
import { userHandleKey } from '../handles/derive';
import { MemoryHandleStore } from '../handles/handle-book';
import { HandleSession } from '../handles/session-handles';
import {
  createRegistry,
  type AuditRecord,
  type Plugin,
  type Registry,
  type ToolContext,
  type ToolLogger,
} from '../plugin';
import { signIn } from './identity/sign-in';
import type { DemoUser, Emulator } from './types';

export interface ToolTestSessionOptions {
  emulator: Emulator;
  /** UPN or mail of a demo user, e.g. `AdeleV@contoso.com`. */
  user: string;
  /**
   * The registry the test calls tools through: the sign-in then grants what its enabled tools and
   * resources declare (`registry.scopes()`), as the gateway asks Microsoft for.
   */
  registry?: Pick<Registry, 'scopes'>;
  /**
   * Graph scopes the sign-in grants, overriding the registry's (e.g. fewer, to test a refusal).
   * Default: `registry.scopes()`, or Mail.ReadWrite and Mail.Send without a registry.
   */
  scopes?: readonly string[];
  /** IANA time zone of `ctx.user` (default: the demo user's). */
  timeZone?: string;
  /** The plugin's own config (`ctx.config`). */
  config?: Record<string, unknown>;
  /** Sleep for real instead of recording waits (default false). */
  realWaits?: boolean;
}

export interface LoggedLine {
  level: keyof ToolLogger;
  message: string;
  fields?: Record<string, unknown>;
}

/** Like one MCP session: every context shares the user's token and one concurrency limiter. */
export interface ToolTestSession {
  user: DemoUser;
  accessToken: string;
  limiter: ConcurrencyLimiter;
  /** Every wait (ms) the retry policy asked for, in order. */
  waits: number[];
  /** Every line the tools and middleware logged through `ctx.log`, in order. */
  logs: LoggedLine[];
  /** The user's handle store (shared by every session of this user on this emulator); `counts` of reads/writes. */
  handleStore: MemoryHandleStore;
  /** Resolves when the handle writes of past calls are done. */
  settled(): Promise<void>;
  /** Every `ctx.audit` record of the session's calls, in order (the gateway logs them). */
  audits: AuditRecord[];
  context(signal?: AbortSignal): ToolContext;
}

/** What a session without a registry or scopes is granted (the kit predates registry scopes). */
const MAIL_SCOPES = ['Mail.ReadWrite', 'Mail.Send'];

/** The secret the kit derives handles with (the gateway uses its own deployment secret). */
const TEST_HANDLE_SECRET = 'test-kit handle secret';
const handleStores = new WeakMap<Emulator, Map<string, MemoryHandleStore>>();

/**
 * The in-memory handle store of `userKey` on `emulator` (created on first use).
 *
 * @example
 * handleStoreFor(emulator, session.user).counts; // { reads: 1, writes: 2 }
 */
export function handleStoreFor(emulator: Emulator, user: Pick<DemoUser, 'tenantId' | 'id'>): MemoryHandleStore {
  let stores = handleStores.get(emulator);
  if (!stores) {
    stores = new Map();
    handleStores.set(emulator, stores);
  }
  const key = `${user.tenantId}.${user.id}`;
  let store = stores.get(key);
  if (!store) {
    store = new MemoryHandleStore();
    stores.set(key, store);
  }
  return store;
}

/**
 * @example
 * const registry = createTestRegistry([mail]);
 * const session = await createToolTestSession({ emulator, user: 'AdeleV@contoso.com', registry });
 * const result = await registry.callTool('getEmails', { count: 5 }, session.context());
 */
export async function createToolTestSession(options: ToolTestSessionOptions): Promise<ToolTestSession> {
  const { emulator } = options;
  const user = emulator.tenant.findUser(options.user);
  if (!user) throw new Error(`createToolTestSession: no demo user ${options.user}`);
  const scopes = options.scopes ?? options.registry?.scopes() ?? MAIL_SCOPES;
  const { accessToken } = await signIn({
    authorityOrigin: emulator.authorityOrigin,
    user: user.userPrincipalName,
    scopes: ['openid', 'profile', 'offline_access', ...scopes],
  });
  const limiter = createConcurrencyLimiter();
  const waits: number[] = [];
  const logs: LoggedLine[] = [];
  const audits: AuditRecord[] = [];
  const write = (level: keyof ToolLogger) => (message: string, fields?: Record<string, unknown>) => {
    logs.push({ level, message, ...(fields ? { fields } : {}) });
  };
  const log: ToolLogger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const timeZone = options.timeZone ?? user.ianaTimeZone;
  const handleStore = handleStoreFor(emulator, user);
  const writes: Promise<unknown>[] = [];
  const handles = new HandleSession({
    store: () => handleStore,
    key: userHandleKey(TEST_HANDLE_SECRET, `${user.tenantId}.${user.id}`),
    defer: (write) => writes.push(write),
    onWriteError: (error) => log.error('Recording handles failed', { error: String(error) }),
  });
  return {
    user,
    accessToken,
    limiter,
    waits,
    logs,
    handleStore,
    settled: async () => {
      // Writes start a task after the call (off the answer's path): let that task run first.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await Promise.all(writes.splice(0));
    },
    audits,
    context(signal = new AbortController().signal) {
      return {
        graph: createGraphClient({
          graphBaseUrl: emulator.graphBaseUrl,
          tokens: { getToken: async () => accessToken },
          signal,
          limiter,
          ...(options.realWaits
            ? {}
            : {
                retry: {
                  sleep: async (ms: number) => {
                    waits.push(ms);
                  },
                },
              }),
        }),
        user: {
          key: `${user.tenantId}.${user.id}`,
          tenantId: user.tenantId,
          objectId: user.id,
          upn: user.userPrincipalName,
          name: user.displayName,
          timeZone,
        },
        signal,
        log,
        config: Object.freeze({ ...options.config }),
        handles,
        progress: () => undefined,
        audit: (record) => {
          audits.push({ ...record, items: [...record.items] });
        },
      };
    },
  };
}

/** A single context (a session of one call). */
export async function createToolTestContext(
  options: ToolTestSessionOptions,
): Promise<ToolContext & { session: ToolTestSession }> {
  const session = await createToolTestSession(options);
  return { ...session.context(), session };
}

/**
 * A registry over `plugins` with the gateway's Graph error mapping, so tests see tool results
 * exactly as a client would (validation, middleware, mapped errors).
 *
 * @example
 * const registry = createTestRegistry([mail]);
 * await registry.callTool('sendEmail', { to: 'MeganB@contoso.com', subject: 'Hi', body: 'Hello' }, ctx);
 */
export function createTestRegistry(plugins: readonly Plugin[]): Registry {
  const registry: Registry = createRegistry(plugins, {
    mapError: (error, call) => describeGraphError(error, call, registry.getTool(call.tool)?.tool.scopes ?? []),
  });
  return registry;
}
