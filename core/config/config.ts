/**
 * Deployment configuration, read from the Worker's env (wrangler.toml `[vars]`, secrets,
 * `.dev.vars`) and validated once per env object. Every problem is reported at once, naming the
 * variable and the fix, and no secret value is ever echoed.
 */
import * as v from 'valibot';
import { base64ToBytes } from '../encoding/base64';

export interface GatewayConfig {
  /** The gateway's own origin, e.g. `https://m365.example.com` (no trailing slash). */
  publicBaseUrl: string;
  /** Microsoft identity authority incl. tenant segment, e.g. `https://login.microsoftonline.com/organizations`. */
  authority: string;
  /** Microsoft Graph base URL incl. version, e.g. `https://graph.microsoft.com/v1.0`. */
  graphBaseUrl: string;
  /** Plugin names enabled in this deployment. */
  enabledPlugins: string[];
  msClientId: string;
  msClientSecret: string;
  /** Raw 32-byte AES-256 key for the token vault. */
  tokenEncryptionKey: Uint8Array;
  /** The key being rotated away from (TOKEN_ENCRYPTION_KEY_PREVIOUS): still opens records, never seals. */
  previousTokenEncryptionKey?: Uint8Array;
  /** Secret (≥ 32 chars) for signed cookies (remembered consent, connected-apps session). */
  cookieSecret: string;
  /** Tenant ids (lowercase GUIDs) whose users may sign in; empty = any tenant the authority admits. */
  allowedTenants: string[];
  /** Browser origins allowed to call the gateway cross-origin (CORS) and to send `Origin` to /mcp. */
  allowedOrigins: string[];
  /** Only these tools (empty = every tool of the enabled plugins); see tool-policy.ts. */
  toolsAllow: string[];
  /** Never these tools. */
  toolsDeny: string[];
  /** Only tools annotated `readOnlyHint: true`. */
  readOnly: boolean;
  /** Days the audit trail of writes is kept (AUDIT_RETENTION_DAYS, default 90). */
  auditRetentionDays: number;
  /** `server/discover` and `tools/list` answer without a token (everything else still needs one). */
  publicDiscovery: boolean;
}

export type ConfigResult = { ok: true; config: GatewayConfig } | { ok: false; problems: string[] };

const httpsOrLoopbackUrl = (what: string) =>
  v.pipe(
    v.string(`is missing: set it to ${what}`),
    v.nonEmpty(`is empty: set it to ${what}`),
    v.url(`must be an absolute URL (${what})`),
    v.check(
      (value) => isHttpsOrLoopback(value),
      'must use https (http is allowed only for 127.0.0.1/localhost during local development)',
    ),
    v.transform((value) => value.replace(/\/+$/, '')),
  );

const base64Key = v.pipe(
  v.string('is missing: generate one with `openssl rand -base64 32` and store it as a secret'),
  v.transform((value) => decodeBase64(value)),
  v.check((bytes) => bytes?.length === 32, 'must be 32 random bytes, base64-encoded (`openssl rand -base64 32`)'),
);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The authority's last path segment: a tenant id, a verified domain, or one of Microsoft's audiences. */
const TENANT_SEGMENT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|common|consumers|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

const commaList = v.pipe(
  v.optional(v.string(), ''),
  v.transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ),
);

const EnvSchema = v.object({
  PUBLIC_BASE_URL: httpsOrLoopbackUrl("the gateway's public origin, e.g. https://m365.example.com"),
  MS_AUTHORITY: v.pipe(
    httpsOrLoopbackUrl('the Microsoft authority with tenant, e.g. https://login.microsoftonline.com/organizations'),
    v.check(
      (value) => TENANT_SEGMENT.test(new URL(value).pathname.split('/').pop() ?? ''),
      'must end in a tenant: a tenant id (GUID), a verified domain, organizations, common or consumers',
    ),
  ),
  GRAPH_BASE_URL: httpsOrLoopbackUrl('the Graph base URL, e.g. https://graph.microsoft.com/v1.0'),
  ENABLED_PLUGINS: commaList,
  ALLOWED_TENANTS: v.pipe(
    commaList,
    v.check(
      (ids) => ids.every((id) => GUID.test(id)),
      "must be a comma-separated list of tenant ids (GUIDs, as in the ID token's tid claim)",
    ),
    v.transform((ids) => ids.map((id) => id.toLowerCase())),
  ),
  ALLOWED_ORIGINS: v.pipe(
    commaList,
    v.check(
      (origins) => origins.every(isOrigin),
      'must be a comma-separated list of origins (scheme://host[:port], no path), e.g. https://claude.ai',
    ),
  ),
  TOOLS_ALLOW: commaList,
  TOOLS_DENY: commaList,
  READ_ONLY: v.pipe(
    v.optional(v.string(), ''),
    v.transform((value) => value.trim().toLowerCase()),
    v.picklist(['', 'true', 'false'], 'must be "true" (only read-only tools) or "false"'),
    v.transform((value) => value === 'true'),
  ),
  PUBLIC_DISCOVERY: v.pipe(
    v.optional(v.string(), ''),
    v.transform((value) => value.trim().toLowerCase()),
    v.picklist(['', 'true', 'false'], 'must be "true" (list tools without signing in) or "false"'),
    v.transform((value) => value === 'true'),
  ),
  MS_CLIENT_ID: v.pipe(
    v.string('is missing: the Entra app (client) id, see README "Use your real Microsoft 365"'),
    v.nonEmpty('is empty'),
  ),
  MS_CLIENT_SECRET: v.pipe(
    v.string('is missing: the Entra app client secret (`wrangler secret put MS_CLIENT_SECRET`)'),
    v.nonEmpty('is empty'),
  ),
  TOKEN_ENCRYPTION_KEY: base64Key,
  // Set only while rotating TOKEN_ENCRYPTION_KEY (README, "Rotating TOKEN_ENCRYPTION_KEY").
  TOKEN_ENCRYPTION_KEY_PREVIOUS: v.pipe(
    v.optional(v.string(), ''),
    // Unset is no rotation; anything set must be a key (undecodable counts as zero bytes).
    v.transform((value) => (value.trim() === '' ? undefined : (decodeBase64(value.trim()) ?? new Uint8Array(0)))),
    v.check(
      (bytes) => bytes === undefined || bytes?.length === 32,
      'must be the previous TOKEN_ENCRYPTION_KEY (32 bytes, base64) while rotating, or unset',
    ),
  ),
  AUDIT_RETENTION_DAYS: v.pipe(
    v.optional(v.string(), '90'),
    v.transform((value) => (value.trim() === '' ? 90 : Number(value))),
    v.check(
      (days) => Number.isInteger(days) && days >= 1 && days <= 3650,
      'must be a whole number of days from 1 to 3650 (how long the audit trail of writes is kept)',
    ),
  ),
  COOKIE_SECRET: v.pipe(
    v.string('is missing: generate one with `openssl rand -base64 32` and store it as a secret'),
    v.minLength(32, 'must be at least 32 characters (`openssl rand -base64 32`)'),
  ),
});

const cache = new WeakMap<object, ConfigResult>();

/**
 * Validates the Worker env once (cached per env object).
 * @example
 * const result = loadConfig(env);
 * if (!result.ok) return configErrorResponse(result.problems);
 */
export function loadConfig(env: object): ConfigResult {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = v.safeParse(EnvSchema, env);
  const result: ConfigResult = parsed.success
    ? {
        ok: true,
        config: {
          publicBaseUrl: parsed.output.PUBLIC_BASE_URL,
          authority: parsed.output.MS_AUTHORITY,
          graphBaseUrl: parsed.output.GRAPH_BASE_URL,
          enabledPlugins: parsed.output.ENABLED_PLUGINS,
          msClientId: parsed.output.MS_CLIENT_ID,
          msClientSecret: parsed.output.MS_CLIENT_SECRET,
          tokenEncryptionKey: parsed.output.TOKEN_ENCRYPTION_KEY as Uint8Array,
          cookieSecret: parsed.output.COOKIE_SECRET,
          allowedTenants: parsed.output.ALLOWED_TENANTS,
          allowedOrigins: parsed.output.ALLOWED_ORIGINS,
          toolsAllow: parsed.output.TOOLS_ALLOW,
          toolsDeny: parsed.output.TOOLS_DENY,
          readOnly: parsed.output.READ_ONLY,
          auditRetentionDays: parsed.output.AUDIT_RETENTION_DAYS,
          ...(parsed.output.TOKEN_ENCRYPTION_KEY_PREVIOUS
            ? { previousTokenEncryptionKey: parsed.output.TOKEN_ENCRYPTION_KEY_PREVIOUS as Uint8Array }
            : {}),
          publicDiscovery: parsed.output.PUBLIC_DISCOVERY,
        },
      }
    : { ok: false, problems: describeIssues(parsed.issues) };
  cache.set(env, result);
  return result;
}

/** Like `loadConfig` but throws one readable error; for code paths only reachable with valid config. */
export function requireConfig(env: object): GatewayConfig {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`Invalid gateway configuration:\n- ${result.problems.join('\n- ')}`);
  return result.config;
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  const byVariable = new Map<string, string>();
  for (const issue of issues) {
    const key = issue.path?.map((item) => String(item.key)).join('.') ?? '(env)';
    // One message per variable: the first rule it broke is the one to fix first.
    if (!byVariable.has(key)) byVariable.set(key, `${key} ${issue.message}`);
  }
  return [...byVariable.values()];
}

function isHttpsOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  if (value === '*' || value === 'null') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

function decodeBase64(value: string): Uint8Array | undefined {
  try {
    return base64ToBytes(value);
  } catch {
    return undefined;
  }
}
