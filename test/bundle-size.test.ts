/**
 * The Worker as `wrangler deploy` would upload it (minified, every shipped plugin) stays within its
 * budget: 300 KiB gzip. Both MCP SDK generations are in it, so a new import can quietly add a
 * library's second copy (a whole zod API once added 65 KiB).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const BUDGET_GZIP_BYTES = 300 * 1024;

it('the Worker bundle stays within 300 KiB gzip', { timeout: 120_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'gateway-bundle-test-'));
  try {
    await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    const scripts = readdirSync(out).filter((file) => /\.m?js$/.test(file));
    expect(scripts.length).toBeGreaterThan(0);
    const gzip = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(join(out, file))).length, 0);
    console.info(`Worker bundle: ${(gzip / 1024).toFixed(0)} KiB gzip (budget 300)`);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
