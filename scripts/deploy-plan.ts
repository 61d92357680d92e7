/**
 * What a deployment of one wrangler environment still needs, decided from wrangler.toml and what
 * wrangler reports about the Cloudflare account: the environment's block repeats every binding
 * (wrangler does not inherit them), PUBLIC_BASE_URL is a real https origin whose host is the
 * block's custom domain, the OAUTH_KV namespace exists (it is created when absent), and every
 * secret is set. Wrangler is reached only through the injected runner, so the decisions are
 * testable without an account.
 */
import { parse } from 'smol-toml';

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs `wrangler <args>` and reports its exit code and output. */
export type WranglerRunner = (args: string[]) => Promise<WranglerResult>;

/** Secrets the gateway refuses to start without, and the optional operator token for /health. */
export const REQUIRED_SECRETS = ['MS_CLIENT_ID', 'MS_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'COOKIE_SECRET'] as const;
const SECRET_HINTS: Record<string, string> = {
  MS_CLIENT_ID: "the Entra app's Application (client) id; `npm run entra-app -- --url <PUBLIC_BASE_URL>`",
  MS_CLIENT_SECRET: "the Entra app's client secret",
  TOKEN_ENCRYPTION_KEY: '`openssl rand -base64 32`',
  COOKIE_SECRET: '`openssl rand -base64 32`',
};

export interface DeployPlan {
  /** Nothing is missing: `wrangler deploy --env <env>` may run. */
  ready: boolean;
  /** What was checked or done, one line each. */
  done: string[];
  /** What is missing, one line each, saying exactly what to do. */
  missing: string[];
  /** Optional advice. */
  notes: string[];
  /** wrangler.toml, with the created namespace's id written in when one was created. */
  toml: string;
  publicBaseUrl?: string;
}

interface EnvBlock {
  vars?: Record<string, unknown>;
  routes?: Array<string | { pattern?: string; custom_domain?: boolean }>;
  route?: string | { pattern?: string; custom_domain?: boolean };
  kv_namespaces?: Array<{ binding?: string; id?: string }>;
  durable_objects?: { bindings?: Array<{ name?: string }> };
  [key: string]: unknown;
}

/** Binding kinds wrangler does not inherit from the top level into an environment. */
const NOT_INHERITED = [
  'kv_namespaces',
  'ratelimits',
  'analytics_engine_datasets',
  'd1_databases',
  'r2_buckets',
  'queues',
  'services',
] as const;

/**
 * @example
 * const plan = await planDeploy({ env: 'staging', toml: readFileSync('wrangler.toml', 'utf8'), wrangler: run });
 * if (!plan.ready) console.log(plan.missing.join('\n'));
 */
export async function planDeploy(options: {
  env: string;
  toml: string;
  wrangler: WranglerRunner;
  /** Only check: create nothing. */
  checkOnly?: boolean;
}): Promise<DeployPlan> {
  const { env, wrangler } = options;
  const plan: DeployPlan = { ready: false, done: [], missing: [], notes: [], toml: options.toml };
  const config = parse(options.toml) as EnvBlock & { name?: string; env?: Record<string, EnvBlock> };
  const block = config.env?.[env];
  if (!block) {
    const known = Object.keys(config.env ?? {});
    plan.missing.push(
      `wrangler.toml has no [env.${env}] block${known.length ? ` (it has: ${known.join(', ')})` : ''}: add one like [env.staging].`,
    );
    return plan;
  }
  plan.missing.push(...bindingGaps(config, block, env));
  const base = checkPublicBaseUrl(block, env, plan);
  if (base) plan.publicBaseUrl = base;

  const workerName = `${config.name ?? 'worker'}-${env}`;
  const namespaces = await wrangler(['kv', 'namespace', 'list']);
  if (namespaces.code !== 0) {
    plan.missing.push(
      `wrangler cannot reach your Cloudflare account (run \`wrangler login\`, or set CLOUDFLARE_API_TOKEN): ${firstLine(namespaces)}`,
    );
    return finish(plan);
  }
  await ensureKv(plan, {
    env,
    block,
    workerName,
    listed: parseJson(namespaces.stdout),
    wrangler,
    checkOnly: options.checkOnly,
  });
  await checkSecrets(plan, env, wrangler);
  return finish(plan);
}

function finish(plan: DeployPlan): DeployPlan {
  plan.ready = plan.missing.length === 0;
  return plan;
}

/** Names of each non-inherited binding the top level has and the environment lacks. */
function bindingGaps(top: EnvBlock, block: EnvBlock, env: string): string[] {
  const gaps: string[] = [];
  const names = (list: unknown): string[] =>
    Array.isArray(list)
      ? list.map((item) =>
          String((item as { binding?: unknown; name?: unknown }).binding ?? (item as { name?: unknown }).name),
        )
      : [];
  const lacking = (kind: string, want: string[], have: string[]) => {
    for (const name of want.filter((name) => !have.includes(name)))
      gaps.push(
        `[env.${env}] lacks ${kind} "${name}" that the top level has (wrangler does not inherit it): copy it into the block.`,
      );
  };
  lacking('var', Object.keys(top.vars ?? {}), Object.keys(block.vars ?? {}));
  for (const kind of NOT_INHERITED) lacking(`${kind} binding`, names(top[kind]), names(block[kind]));
  lacking('Durable Object binding', names(top.durable_objects?.bindings), names(block.durable_objects?.bindings));
  return gaps;
}

/** PUBLIC_BASE_URL is https, not the example, and its host is the block's custom domain (or workers.dev). */
function checkPublicBaseUrl(block: EnvBlock, env: string, plan: DeployPlan): string | undefined {
  const value = block.vars?.PUBLIC_BASE_URL;
  const where = `[env.${env}.vars] PUBLIC_BASE_URL`;
  if (typeof value !== 'string' || value === '') {
    plan.missing.push(`${where} is not set: set it to the gateway's https origin, e.g. "https://m365.contoso.com".`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    plan.missing.push(`${where} = "${value}" is not a URL: set it to the gateway's https origin.`);
    return undefined;
  }
  if (url.protocol !== 'https:') plan.missing.push(`${where} = "${value}" must use https.`);
  if (/(^|\.)example\.(com|org|net)$/.test(url.hostname))
    plan.missing.push(`${where} is still the example "${value}": set it (and the route's pattern) to your domain.`);
  const domains = [...(block.routes ?? []), ...(block.route ? [block.route] : [])]
    .filter((route) => typeof route === 'object' && route.custom_domain)
    .map((route) => (route as { pattern?: string }).pattern ?? '');
  if (url.hostname.endsWith('.workers.dev')) {
    plan.notes.push(`${where} is a workers.dev address: it must be the one Cloudflare gives this Worker.`);
  } else if (domains.length === 0) {
    plan.missing.push(
      `[env.${env}] has no custom domain for ${url.hostname}: add routes = [{ pattern = "${url.hostname}", custom_domain = true }].`,
    );
  } else if (!domains.includes(url.hostname)) {
    plan.missing.push(
      `${where} (${url.hostname}) does not match the custom domain ${domains.map((d) => `"${d}"`).join(', ')}: make them the same host.`,
    );
  } else {
    plan.done.push(`custom domain ${url.hostname} matches PUBLIC_BASE_URL`);
  }
  return url.origin;
}

async function ensureKv(
  plan: DeployPlan,
  options: {
    env: string;
    block: EnvBlock;
    workerName: string;
    listed: unknown;
    wrangler: WranglerRunner;
    checkOnly: boolean | undefined;
  },
): Promise<void> {
  const { env, block, workerName, wrangler } = options;
  const entry = block.kv_namespaces?.find((kv) => kv.binding === 'OAUTH_KV');
  if (!entry) return; // reported by bindingGaps
  const listed = Array.isArray(options.listed) ? (options.listed as Array<{ id?: string; title?: string }>) : [];
  if (listed.some((namespace) => namespace.id === entry.id)) {
    plan.done.push(`KV namespace OAUTH_KV exists (${entry.id})`);
    return;
  }
  const title = `${workerName}-OAUTH_KV`;
  let id = listed.find((namespace) => namespace.title === title)?.id;
  if (!id) {
    if (options.checkOnly) {
      plan.missing.push(`KV namespace "${title}" does not exist: \`npm run deploy -- --env ${env}\` creates it.`);
      return;
    }
    const created = await wrangler(['kv', 'namespace', 'create', title]);
    id = /"?id"?\s*[:=]\s*"([0-9a-f]{32})"/.exec(created.stdout)?.[1];
    if (created.code !== 0 || !id) {
      plan.missing.push(`creating KV namespace "${title}" failed: ${firstLine(created)}`);
      return;
    }
    plan.done.push(`created KV namespace "${title}" (${id})`);
  } else {
    plan.done.push(`found KV namespace "${title}" (${id})`);
  }
  plan.toml = setKvId(plan.toml, env, id);
  plan.done.push(`wrote its id into wrangler.toml [[env.${env}.kv_namespaces]]`);
}

async function checkSecrets(plan: DeployPlan, env: string, wrangler: WranglerRunner): Promise<void> {
  const listed = await wrangler(['secret', 'list', '--env', env, '--format', 'json']);
  let names: string[] = [];
  if (listed.code === 0) {
    const parsed = parseJson(listed.stdout);
    names = Array.isArray(parsed) ? parsed.map((secret) => String((secret as { name?: unknown }).name)) : [];
  } else if (!/does not exist|not found|10007/i.test(`${listed.stdout}\n${listed.stderr}`)) {
    plan.missing.push(`listing the secrets failed: ${firstLine(listed)}`);
    return;
  }
  for (const name of REQUIRED_SECRETS) {
    if (names.includes(name)) plan.done.push(`secret ${name} is set`);
    else
      plan.missing.push(
        `secret ${name} is not set: \`wrangler secret put ${name} --env ${env}\` (${SECRET_HINTS[name]}).`,
      );
  }
  if (!names.includes('HEALTH_TOKEN'))
    plan.notes.push(
      `optional: \`wrangler secret put HEALTH_TOKEN --env ${env}\` (\`openssl rand -base64 32\`) lets you read configuration problems at /health.`,
    );
}

/** Replaces the placeholder id of the environment's OAUTH_KV binding, leaving the rest of the file as written. */
export function setKvId(toml: string, env: string, id: string): string {
  const header = `[[env.${env}.kv_namespaces]]`;
  for (let at = toml.indexOf(header); at >= 0; at = toml.indexOf(header, at + header.length)) {
    const end = toml.indexOf('\n[', at + header.length);
    const section = toml.slice(at, end < 0 ? undefined : end);
    if (!/^binding\s*=\s*"OAUTH_KV"/m.test(section)) continue;
    const updated = section.replace(/^id\s*=\s*"[^"]*"/m, `id = "${id}"`);
    return toml.slice(0, at) + updated + (end < 0 ? '' : toml.slice(end));
  }
  return toml;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Terminal colour codes wrangler prints even when asked not to. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function firstLine(result: WranglerResult): string {
  return (
    `${result.stderr}\n${result.stdout}`
      .replace(ANSI, '')
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? `exit code ${result.code}`
  );
}
