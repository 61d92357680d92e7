/**
 * `npm run smoke -- <url>` against wrangler dev: every check passes against a gateway started as
 * `npm start` starts it, and a gateway whose PUBLIC_BASE_URL is not the address it is reached at
 * fails with lines that say so.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';

const run = promisify(execFile);
let gateway: LocalGateway | undefined;
let state: string | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
  if (state) rmSync(state, { recursive: true, force: true });
});
/** Each gateway keeps its local storage in a directory of its own. */
const persistTo = () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-smoke-'));
  return state;
};

async function smoke(url: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/smoke.ts', url], { timeout: 45_000 });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
  }
}

describe('npm run smoke', () => {
  it('passes every check against a local gateway', async () => {
    gateway = await startLocalGateway({ emulator: true, persistTo: persistTo() });
    const { code, stdout } = await smoke(gateway.url);
    expect(stdout).toMatch(/All 6 checks passed/);
    expect(code).toBe(0);
    for (const name of [
      'health',
      'protected resource metadata (RFC 9728)',
      'authorization server metadata (RFC 8414)',
      '401 challenge with resource_metadata',
      'CORS refused for an unlisted origin',
      'landing page',
    ])
      expect(stdout).toContain(`✓ ${name}: `);
  }, 120_000);

  it('fails clearly against a gateway whose PUBLIC_BASE_URL is another address', async () => {
    const elsewhere = `http://127.0.0.1:${await freePort()}`;
    gateway = await startLocalGateway({ emulator: true, persistTo: persistTo(), vars: { PUBLIC_BASE_URL: elsewhere } });
    const { code, stdout } = await smoke(gateway.url);
    expect(code).toBe(1);
    expect(stdout).toContain('✓ health: ');
    // The OAuth library answers only at the configured origin; every failed line names the setting.
    expect(stdout).toContain(
      '✗ protected resource metadata (RFC 9728): /.well-known/oauth-protected-resource answered 404 (is PUBLIC_BASE_URL the address you reached?)',
    );
    expect(stdout).toMatch(
      /✗ 401 challenge with resource_metadata: the 401 challenge names no resource_metadata: .*PUBLIC_BASE_URL/,
    );
    expect(stdout).toContain(
      `✗ landing page: the page does not show ${gateway.url}/mcp: PUBLIC_BASE_URL does not match the address you reached`,
    );
    expect(stdout).toContain('3 of 6 checks failed.');
  }, 120_000);
});
