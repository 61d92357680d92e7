/**
 * @modelcontextprotocol/conformance server scenarios that apply to this gateway, run against
 * `wrangler dev` + the emulated tenant. The runner cannot send headers, so a preload
 * (bearer-preload.mjs) adds the bearer from a full OAuth sign-in to its requests to the gateway.
 *
 * Scenarios left out need tools, prompts, resources, sampling or elicitation fixtures a
 * conformance test server defines (tools-call-*, prompts-*, resources-*, completion, logging).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function runScenario(scenario: string): Promise<{ code: number; output: string; checks: Check[] }> {
  const out = join(work, scenario);
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['conformance', 'server', '--url', gateway.mcpUrl, '--scenario', scenario, '-o', out],
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
    const { code, output, checks } = await runScenario(scenario);
    const failures = checks
      .filter((check) => check.status === 'FAILURE')
      .map((check) => `${check.id}: ${check.errorMessage ?? ''}`);
    expect(failures, output.slice(-3000)).toEqual([]);
    expect(checks.length, output.slice(-3000)).toBeGreaterThan(0);
    expect(code, output.slice(-3000)).toBe(0);
  });
});
