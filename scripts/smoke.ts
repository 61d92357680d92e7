/**
 * `npm run smoke -- <url> [--health-token <token>]`: checks a running gateway from outside
 * (scripts/smoke-checks.ts); one line per check, exit code 1 when any fails.
 */
import { parseArgs } from 'node:util';
import { runSmokeChecks } from './smoke-checks';

const { values, positionals } = parseArgs({
  options: { 'health-token': { type: 'string' } },
  allowPositionals: true,
});
const target = positionals[0];
if (!target || !URL.canParse(target)) {
  console.error('Usage: npm run smoke -- <gateway URL, e.g. https://m365.example.com> [--health-token <token>]');
  process.exit(2);
}
const healthToken = values['health-token'] ?? process.env.HEALTH_TOKEN;
const results = await runSmokeChecks(target, healthToken ? { healthToken } : {});
for (const result of results) console.log(`${result.ok ? '✓' : '✗'} ${result.name}: ${result.detail}`);
const failed = results.filter((result) => !result.ok).length;
console.log(
  failed === 0 ? `\nAll ${results.length} checks passed.` : `\n${failed} of ${results.length} checks failed.`,
);
process.exit(failed === 0 ? 0 : 1);
