/**
 * `npm run deploy -- --env staging|production [--check]`: everything a first deploy needs, or
 * exactly what is missing (scripts/deploy-plan.ts), then `wrangler deploy --env <env>`.
 * `--check` only reports; it creates nothing and does not deploy.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planDeploy, type WranglerResult } from './deploy-plan';

const { values } = parseArgs({ options: { env: { type: 'string' }, check: { type: 'boolean', default: false } } });
const path = resolve('wrangler.toml');
const toml = readFileSync(path, 'utf8');

if (!values.env) {
  console.error('Usage: npm run deploy -- --env <staging|production> [--check]  (the [env.*] blocks of wrangler.toml)');
  process.exit(2);
}
const env = values.env;

/** Runs wrangler without a shell; output is collected, never shown raw. */
function wrangler(args: string[], inherit = false): Promise<WranglerResult> {
  return new Promise((done) => {
    const child = spawn('wrangler', args, {
      stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => done({ code: 127, stdout, stderr: String(error) }));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

console.log(`Checking the "${env}" deployment…`);
const plan = await planDeploy({ env, toml, wrangler: (args) => wrangler(args), checkOnly: values.check });
if (plan.toml !== toml) writeFileSync(path, plan.toml);
for (const line of plan.done) console.log(`  ✓ ${line}`);
for (const line of plan.notes) console.log(`  · ${line}`);
for (const line of plan.missing) console.log(`  ✗ ${line}`);
if (!plan.ready) {
  console.error(`\nNot deployed: ${plan.missing.length} thing(s) missing (✗ above).`);
  process.exit(1);
}
if (values.check) {
  console.log(`\nReady: \`npm run deploy -- --env ${env}\` deploys it.`);
  process.exit(0);
}
const deployed = await wrangler(['deploy', '--env', env], true);
if (deployed.code !== 0) process.exit(deployed.code);
console.log(`
Deployed. Check it from outside:   npm run smoke -- ${plan.publicBaseUrl}
Its Entra app needs the redirect URIs ${plan.publicBaseUrl}/callback and ${plan.publicBaseUrl}/apps/callback
(\`npm run entra-app -- --url ${plan.publicBaseUrl}\` prints them).`);
