/**
 * MCP conformance server scenarios that apply to this gateway, run against `wrangler dev` + the
 * emulated tenant by two runners: @modelcontextprotocol/conformance 0.1.16 for the 2025 protocol
 * (sessions), and 0.2.0-alpha.12 (installed as @modelcontextprotocol/conformance-next) with
 * `--spec-version 2026-07-28` for the stateless protocol. The runner cannot send headers, so a
 * preload (bearer-preload.mjs) adds the bearer from a full OAuth sign-in to its requests to the gateway.
 *
 * Scenarios left out need tools, prompts, resources, sampling or elicitation fixtures a
 * conformance test server defines (tools-call-*, prompts-*, resources-read-*, resources-templates-read,
 * completion, logging, json-schema-2020-12, input-required-result-* but unsupported-methods, and
 * http-custom-header-server-validation, which needs a tool with x-mcp-header annotations).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'server-sse-polling',
  'dns-rebinding-protection',
];
// 2026-07-28 (stateless): every scenario of that revision that does not need a fixture.
const SCENARIOS_2026 = [
  'server-stateless',
  'tools-list',
  'resources-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
  'caching',
  'sep-2164-resource-not-found',
  'http-header-validation',
  'input-required-result-unsupported-methods',
];
/**
 * Checks in those scenarios that can only pass against the conformance test server: each one's
 * failure message must still match, so a check that starts exercising the gateway is noticed.
 */
const FIXTURE_CHECKS: Record<string, RegExp> = {
  // diagnostic tools (test_streaming_elicitation, test_missing_capability, test_logging_tool)
  'sep-2575-http-server-no-independent-requests-on-stream': /^Not testable: server does not list the diagnostic tool/,
  'sep-2575-missing-capability-http-400': /^Not testable: server does not list the diagnostic tool/,
  'sep-2575-server-no-log-without-loglevel': /^Not testable: server does not list the diagnostic tool/,
  'sep-2575-server-rejects-undeclared-capability': /^Not testable: server does not list the diagnostic tool/,
  // caching asks prompts/list unconditionally; the gateway declares no prompts, so -32601 is right
  'sep-2549-prompts-list-caching-hints': /^prompts\/list returned JSON-RPC error -32601/,
};
const require = createRequire(import.meta.url);
const RUNNERS = {
  '2025': runnerPath('@modelcontextprotocol/conformance'),
  '2026': runnerPath('@modelcontextprotocol/conformance-next'),
};
const PRELOAD = fileURLToPath(new URL('./bearer-preload.mjs', import.meta.url));

let gateway: LocalGateway;
let work: string;
let token: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'gateway-conformance-'));
  gateway = await startLocalGateway({ persistTo: join(work, 'state'), emulator: true });
  const { client, provider } = await connectWithOAuth(
    gateway.mcpUrl,
    gateway.emulator!.tenant.users[0]!.userPrincipalName,
  );
  await client.close();
  token = provider.tokens()!.access_token;
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

/** Both packages install the same `conformance` bin, so each runner is started by its own path. */
function runnerPath(name: string): string {
  const manifest = require.resolve(`${name}/package.json`);
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(manifest), bin.conformance!);
}

function runScenario(
  era: keyof typeof RUNNERS,
  scenario: string,
): Promise<{ code: number; output: string; checks: Check[] }> {
  const out = join(work, era, scenario);
  const version = era === '2026' ? ['--spec-version', '2026-07-28'] : [];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [RUNNERS[era], 'server', '--url', gateway.mcpUrl, '--scenario', scenario, ...version, '-o', out],
      {
        timeout: 60_000,
        env: {
          ...process.env,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${PRELOAD}`.trim(),
          GATEWAY_ORIGIN: gateway.url,
          GATEWAY_BEARER: token,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}`, checks: readChecks(out) }),
    );
  });
}

function readChecks(directory: string): Check[] {
  const found: Check[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'checks.json') found.push(...(JSON.parse(readFileSync(full, 'utf8')) as Check[]));
    }
  };
  try {
    walk(directory);
  } catch {
    // no results written: the output says why
  }
  return found;
}

describe('MCP conformance (server scenarios)', () => {
  // server-sse-polling's runner once died with undici "terminated" mid-stream (1 run in ~8): two retries.
  it.each(SCENARIOS)('%s passes', { retry: 2 }, async (scenario) => {
    const { code, output, checks } = await runScenario('2025', scenario);
    const failures = checks
      .filter((check) => check.status === 'FAILURE')
      .map((check) => `${check.id}: ${check.errorMessage ?? ''}`);
    expect(failures, output.slice(-3000)).toEqual([]);
    expect(checks.length, output.slice(-3000)).toBeGreaterThan(0);
    expect(code, output.slice(-3000)).toBe(0);
  });
});

describe('MCP conformance 2026-07-28 (server scenarios)', () => {
  // Each runner mostly waits on the gateway: all start at once (after the 2025 runs, which include
  // the timing-sensitive server-sse-polling) so the added time stays that of the slowest one.
  const started = new Map<string, ReturnType<typeof runScenario>>();
  beforeAll(() => {
    for (const scenario of SCENARIOS_2026) started.set(scenario, runScenario('2026', scenario));
  });

  it.each(SCENARIOS_2026)('%s passes', { retry: 1 }, async (scenario) => {
    // a retry finds its first run taken and runs the scenario again
    const first = started.get(scenario);
    started.delete(scenario);
    const { output, checks } = await (first ?? runScenario('2026', scenario));
    const failures = checks
      .filter((check) => check.status === 'FAILURE')
      .filter((check) => !FIXTURE_CHECKS[check.id]?.test(check.errorMessage ?? ''))
      .map((check) => `${check.id}: ${check.errorMessage ?? ''}`);
    expect(failures, output.slice(-3000)).toEqual([]);
    expect(checks.filter((check) => check.status === 'SUCCESS').length, output.slice(-3000)).toBeGreaterThan(0);
  });
});
