/**
 * The decisions of `npm run deploy` against the real wrangler.toml (edited per case) and a fake
 * wrangler standing in for the Cloudflare account: it answers `kv namespace list/create` and
 * `secret list` as wrangler does, and records every call.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { planDeploy, REQUIRED_SECRETS, type WranglerResult } from './deploy-plan';

const REAL = readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8');
const STAGING_ID = '0123456789abcdef0123456789abcdef';

/** wrangler.toml with staging moved to a real domain (host in both PUBLIC_BASE_URL and the route). */
function toml(host = 'm365-staging.contoso.com', routeHost = host): string {
  return REAL.replace('"https://m365-staging.example.com"', `"https://${host}"`).replace(
    'pattern = "m365-staging.example.com"',
    `pattern = "${routeHost}"`,
  );
}

class FakeWrangler {
  calls: string[] = [];
  constructor(
    private readonly account: {
      namespaces?: Array<{ id: string; title: string }>;
      secrets?: string[] | 'no-worker';
      loggedIn?: boolean;
    } = {},
  ) {}
  run = async (args: string[]): Promise<WranglerResult> => {
    const command = args.join(' ');
    this.calls.push(command);
    const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
    if (this.account.loggedIn === false)
      // As wrangler prints it: in colour even when asked not to.
      return {
        code: 1,
        stdout: '',
        stderr: '\u001b[1mYou are not authenticated. Please run `wrangler login`.\u001b[0m',
      };
    if (command === 'kv namespace list') return ok(JSON.stringify(this.account.namespaces ?? []));
    if (command.startsWith('kv namespace create '))
      return ok(
        `🌀 Creating namespace with title "${args[3]}"\n[[kv_namespaces]]\nbinding = "OAUTH_KV"\nid = "${STAGING_ID}"`,
      );
    if (command === 'secret list --env staging --format json') {
      if (this.account.secrets === 'no-worker')
        return { code: 1, stdout: '', stderr: '✘ [ERROR] This Worker does not exist on your account. [code: 10007]' };
      return ok(JSON.stringify((this.account.secrets ?? []).map((name) => ({ name, type: 'secret_text' }))));
    }
    return { code: 1, stdout: '', stderr: `unexpected wrangler ${command}` };
  };
}

const allSecrets = [...REQUIRED_SECRETS, 'HEALTH_TOKEN'];

describe('npm run deploy decisions', () => {
  it('creates the KV namespace when absent, writes its id into the staging block only, and is then ready', async () => {
    const wrangler = new FakeWrangler({ secrets: allSecrets });
    const plan = await planDeploy({ env: 'staging', toml: toml(), wrangler: wrangler.run });
    expect(plan.missing).toEqual([]);
    expect(plan.ready).toBe(true);
    expect(wrangler.calls).toContain('kv namespace create m365-mcp-gateway-staging-OAUTH_KV');
    const written = parse(plan.toml) as { env: Record<string, { kv_namespaces: Array<{ id: string }> }> };
    expect(written.env.staging!.kv_namespaces[0]!.id).toBe(STAGING_ID);
    expect(written.env.production!.kv_namespaces[0]!.id).toBe('00000000000000000000000000000000');
    // Only that line changed: comments and layout stay as written.
    expect(plan.toml.replace(STAGING_ID, '00000000000000000000000000000000')).toBe(toml());
  });

  it('--check creates nothing and says the namespace is missing', async () => {
    const wrangler = new FakeWrangler({ secrets: allSecrets });
    const plan = await planDeploy({ env: 'staging', toml: toml(), wrangler: wrangler.run, checkOnly: true });
    expect(plan.ready).toBe(false);
    expect(plan.missing).toEqual([
      'KV namespace "m365-mcp-gateway-staging-OAUTH_KV" does not exist: `npm run deploy -- --env staging` creates it.',
    ]);
    expect(wrangler.calls.filter((call) => call.includes('create'))).toEqual([]);
    expect(plan.toml).toBe(toml());
  });

  it('adopts a namespace of that title that already exists instead of creating a second', async () => {
    const wrangler = new FakeWrangler({
      namespaces: [{ id: 'fedcba9876543210fedcba9876543210', title: 'm365-mcp-gateway-staging-OAUTH_KV' }],
      secrets: allSecrets,
    });
    const plan = await planDeploy({ env: 'staging', toml: toml(), wrangler: wrangler.run });
    expect(plan.ready).toBe(true);
    expect(wrangler.calls.some((call) => call.includes('create'))).toBe(false);
    expect(plan.toml).toContain('id = "fedcba9876543210fedcba9876543210"');
  });

  it('names each missing secret with the exact command, and only those', async () => {
    const wrangler = new FakeWrangler({
      namespaces: [{ id: STAGING_ID, title: 'x' }],
      secrets: ['MS_CLIENT_ID', 'COOKIE_SECRET'],
    });
    const plan = await planDeploy({
      env: 'staging',
      toml: toml().replace(
        /(\[\[env\.staging\.kv_namespaces\]\]\nbinding = "OAUTH_KV"\n)id = "0+"/,
        `$1id = "${STAGING_ID}"`,
      ),
      wrangler: wrangler.run,
    });
    expect(plan.ready).toBe(false);
    expect(plan.missing).toEqual([
      "secret MS_CLIENT_SECRET is not set: `wrangler secret put MS_CLIENT_SECRET --env staging` (the Entra app's client secret).",
      'secret TOKEN_ENCRYPTION_KEY is not set: `wrangler secret put TOKEN_ENCRYPTION_KEY --env staging` (`openssl rand -base64 32`).',
    ]);
    expect(plan.done).toContain(`KV namespace OAUTH_KV exists (${STAGING_ID})`);
    expect(plan.notes.join('\n')).toMatch(/wrangler secret put HEALTH_TOKEN --env staging/);
  });

  it('a Worker that was never deployed has every secret missing', async () => {
    const wrangler = new FakeWrangler({ secrets: 'no-worker' });
    const plan = await planDeploy({ env: 'staging', toml: toml(), wrangler: wrangler.run });
    expect(plan.missing.map((line) => /^secret (\w+)/.exec(line)?.[1])).toEqual([...REQUIRED_SECRETS]);
  });

  it('a PUBLIC_BASE_URL whose host is not the custom domain is refused, naming both', async () => {
    const wrangler = new FakeWrangler({ secrets: allSecrets });
    const plan = await planDeploy({
      env: 'staging',
      toml: toml('m365-staging.contoso.com', 'mcp-staging.contoso.com'),
      wrangler: wrangler.run,
    });
    expect(plan.missing).toEqual([
      '[env.staging.vars] PUBLIC_BASE_URL (m365-staging.contoso.com) does not match the custom domain "mcp-staging.contoso.com": make them the same host.',
    ]);
  });

  it('the example domain, plain http and a missing custom domain are each refused', async () => {
    const example = await planDeploy({
      env: 'staging',
      toml: REAL,
      wrangler: new FakeWrangler({ secrets: allSecrets }).run,
    });
    expect(example.missing).toEqual([
      '[env.staging.vars] PUBLIC_BASE_URL is still the example "https://m365-staging.example.com": set it (and the route\'s pattern) to your domain.',
    ]);
    const noRoute = toml().replace('routes = [{ pattern = "m365-staging.contoso.com", custom_domain = true }]\n', '');
    const plan = await planDeploy({
      env: 'staging',
      toml: noRoute.replace('https://m365-staging', 'http://m365-staging'),
      wrangler: new FakeWrangler({ secrets: allSecrets }).run,
    });
    expect(plan.missing).toEqual([
      '[env.staging.vars] PUBLIC_BASE_URL = "http://m365-staging.contoso.com" must use https.',
      '[env.staging] has no custom domain for m365-staging.contoso.com: add routes = [{ pattern = "m365-staging.contoso.com", custom_domain = true }].',
    ]);
  });

  it('an environment lacking a binding the top level has is refused (wrangler does not inherit it)', async () => {
    const lacking = toml().replace(
      '[[env.staging.durable_objects.bindings]]\nname = "HANDLE_STORE"\nclass_name = "HandleStore"\n',
      '',
    );
    const plan = await planDeploy({
      env: 'staging',
      toml: lacking,
      wrangler: new FakeWrangler({ secrets: allSecrets }).run,
    });
    expect(plan.missing).toEqual([
      '[env.staging] lacks Durable Object binding "HANDLE_STORE" that the top level has (wrangler does not inherit it): copy it into the block.',
    ]);
  });

  it('an unknown environment, or wrangler without a login, says what to do and stops', async () => {
    const unknown = await planDeploy({ env: 'prod', toml: toml(), wrangler: new FakeWrangler().run });
    expect(unknown.missing).toEqual([
      'wrangler.toml has no [env.prod] block (it has: staging, production): add one like [env.staging].',
    ]);
    const loggedOut = new FakeWrangler({ loggedIn: false });
    const plan = await planDeploy({ env: 'staging', toml: toml(), wrangler: loggedOut.run });
    expect(plan.missing).toEqual([
      'wrangler cannot reach your Cloudflare account (run `wrangler login`, or set CLOUDFLARE_API_TOKEN): You are not authenticated. Please run `wrangler login`.',
    ]);
    expect(loggedOut.calls).toEqual(['kv namespace list']);
  });

  it('both shipped environments repeat every top-level binding and var', async () => {
    for (const env of ['staging', 'production']) {
      const plan = await planDeploy({ env, toml: REAL, wrangler: new FakeWrangler({ loggedIn: false }).run });
      expect(plan.missing.filter((line) => line.includes('lacks'))).toEqual([]);
    }
  });
});
