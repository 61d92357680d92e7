/**
 * Shared types of the emulated Microsoft 365 tenant. Runtime-neutral (Web APIs only): this folder,
 * except `node/`, is imported inside workerd by the gateway tests.
 */
import type { RequestHandler } from 'msw';
import type { TenantArea } from './tenant/areas';
import type { FakeTenant } from './tenant/fake-tenant';
import type { ODataHelpers } from './graph/collection';
import type { FaultPicker, GraphFault } from './graph/faults';

/** A signed-in person of the emulated tenant (what /me returns, plus what the emulator needs). */
export interface DemoUser {
  /** Entra object id (GUID). */
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string;
  /** Windows time zone name, as Graph's mailboxSettings reports it. */
  timeZone: string;
  /** The IANA equivalent, for tests that compare converted times. */
  ianaTimeZone: string;
}

/**
 * The parts of a request the mocks read. Structural, because MSW's request type and the Workers
 * runtime's `Request` differ in their generic `json()` signatures.
 */
export type RequestLike = Pick<Request, 'url' | 'method' | 'headers'>;

export interface GraphRequestRecord {
  method: string;
  /** Path relative to the Graph base URL, e.g. `/me/messages`. */
  path: string;
  /** The raw query string including `?`, or ''. */
  search: string;
  userId?: string;
  /** Request headers, names lower-cased. */
  headers: Record<string, string>;
  /** The request body as text, for requests that have one. */
  body?: string;
  /** Set on the sub-requests of a `$batch` (the `$batch` POST itself is recorded too). */
  inBatch?: true;
  /** Set when the caller gave up on the request (aborted it, or closed the connection) before the answer. */
  aborted?: true;
}

/** One write the emulated Graph carried out (see `Emulator.journal`). */
export interface JournalEntry {
  method: string;
  /** Path relative to the Graph base URL, e.g. `/me/messages/AAMk…/move`. */
  path: string;
  /** The demo user whose token made the request. */
  userId: string;
  /** When it was applied (ISO 8601). */
  time: string;
  /** The items it touched: ids named in the path, then the id of the item the answer describes. */
  itemIds: string[];
  /** The request body as sent (JSON text), when it had one: a test finds its own write by a marker in it. */
  body?: string;
}

export interface EmulatorStats {
  tokenRequests: { authorization_code: number; refresh_token: number };
  graphRequests: GraphRequestRecord[];
  /** Most Graph requests that were in flight at once, overall and per user id (a `$batch` counts once). */
  maxInFlight: number;
  maxInFlightByUser: Record<string, number>;
  reset(): void;
}

export interface AuthenticateOptions {
  /** The request needs at least one of these delegated scopes, else Graph's 403 ErrorAccessDenied. */
  anyScope?: readonly string[];
}

/** What the emulator hands each plugin's `mocks.ts`. */
export interface GraphMockEnv {
  tenant: FakeTenant;
  /** Absolute, no trailing slash, e.g. `https://graph.emulator.test/v1.0`. */
  graphBaseUrl: string;
  /** Resolve the bearer to a user; returns the user or a Graph-shaped 401/403 Response to return as-is. */
  authenticate(request: RequestLike, options?: AuthenticateOptions): DemoUser | Response;
  /** Graph-shaped error: `{error:{code,message,innerError:{date,'request-id','client-request-id'}}}`. */
  graphError(status: number, code: string, message: string): Response;
  /** A Graph JSON success response (OData content type, request-id headers). */
  graphJson(body: unknown, init?: { status?: number; headers?: Record<string, string> }): Response;
  /** Serve a collection (`list`) or one entity (`entity`) with Graph's OData query options applied. */
  odata: ODataHelpers;
  /** The live state of an added tenant area (see `defineTenantArea`); the same as `tenant.area(area)`. */
  area<S>(area: TenantArea<S>): S;
  /**
   * Push a request to `stats.graphRequests`. Requests under graphBaseUrl are recorded automatically;
   * calling this again for the same Request object is a no-op.
   */
  record(request: RequestLike, user?: DemoUser, extra?: { body?: string; inBatch?: true }): void;
}

export interface PluginMock {
  name: string;
  handlers: (env: GraphMockEnv) => RequestHandler[];
  /** Tenant areas these handlers keep their state in; seeded with the tenant and reset by `emulator.reset()`. */
  areas?: ReadonlyArray<TenantArea<unknown>>;
}

export interface EmulatorOptions {
  /** e.g. `https://login.emulator.test` or `http://127.0.0.1:8788` (no trailing slash). */
  authorityOrigin: string;
  /** e.g. `https://graph.emulator.test/v1.0` or `http://127.0.0.1:8788/v1.0`. */
  graphBaseUrl: string;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  pluginMocks?: ReadonlyArray<PluginMock>;
  /** Also a personal Microsoft account (`PERSONAL_DEMO_USER`, signs in under `common` or `consumers`). */
  personalAccount?: boolean;
  /**
   * More members of the tenant than the three demo users, listed after them on the sign-in page; each
   * gets a mailbox, a calendar and an address book with only what every user is seeded with.
   *
   * @example
   * createEmulator({ ...options, extraUsers: [{ ...DEMO_USERS[0]!, id: '…', displayName: 'Lidia Holloway',
   *   userPrincipalName: 'LidiaH@contoso.com', mail: 'LidiaH@contoso.com' }] });
   */
  extraUsers?: readonly DemoUser[];
  /** Tenant areas besides the plugin mocks' own (e.g. a test's); reset with the rest by `reset()`. */
  areas?: ReadonlyArray<TenantArea<unknown>>;
}

export interface Emulator {
  tenant: FakeTenant;
  authorityOrigin: string;
  graphBaseUrl: string;
  /** Identity + core Graph (/me, /me/mailboxSettings, $batch) + every plugin mock, then Graph's catch-all. */
  handlers: RequestHandler[];
  stats: EmulatorStats;
  /**
   * Every write Graph carried out, in order: also a write whose answer was then lost (a fault with
   * `afterApplying`) and each write inside a `$batch`; never a refused one (4xx/5xx). Cleared by `reset()`.
   */
  journal: JournalEntry[];
  /** Every issued access token becomes expired (Graph answers 401). */
  expireAccessTokens(): void;
  /** Every access and refresh token issued to a user so far. */
  issuedTokens(userId: string): string[];
  /**
   * Make matching Graph requests fail (429/5xx, Retry-After), slow down, or lose their answer
   * (a dropped or hanging connection, also after the request was carried out); see GraphFault.
   */
  injectFault(fault: GraphFault): void;
  /**
   * Ask `pick` about every Graph request no injected fault matched: the fault it returns hits that
   * one request (a seeded random choice makes a repeatable chaos run). Replaces an earlier picker.
   */
  pickFaults(pick: FaultPicker): void;
  /** Forget injected faults and the picker. */
  clearFaults(): void;
  /** Reseed the tenant (every area, built-in and added), forget tokens and codes, clear stats and faults. */
  reset(): void;
}
