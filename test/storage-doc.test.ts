/**
 * STORAGE.md names every place the deployment stores or counts something: each KV namespace,
 * Durable Object class, rate limiter and Analytics Engine dataset bound in wrangler.toml must
 * appear in it, and each Durable Object class's storage schema version.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const wrangler = read('wrangler.toml');
const storage = read('STORAGE.md');

/** `key = "value"` of every table `[[section]]` in wrangler.toml. */
function bound(section: string, key: string): string[] {
  const tables = wrangler.split(/^\[\[/m).filter((table) => table.startsWith(`${section}]]`));
  return tables.flatMap((table) =>
    [...table.matchAll(new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, 'gm'))].map((m) => m[1]!),
  );
}

it('documents every KV namespace, Durable Object class, rate limiter and Analytics Engine binding in wrangler.toml', () => {
  const names = [
    ...bound('kv_namespaces', 'binding'),
    ...bound('durable_objects.bindings', 'class_name'),
    ...bound('ratelimits', 'name'),
    ...bound('analytics_engine_datasets', 'binding'),
  ];
  expect(names).toEqual(expect.arrayContaining(['OAUTH_KV', 'TokenVault', 'McpSession', 'SIGNIN_RATE_LIMITER']));
  expect(names.filter((name) => !storage.includes(`\`${name}\``))).toEqual([]);
});

it('lists the schema version of every Durable Object class', () => {
  const section = storage.split(/^## Schema versions$/m)[1]?.split(/^## /m)[0] ?? '';
  const classes = bound('durable_objects.bindings', 'class_name');
  expect(classes.filter((name) => !new RegExp(`^\\| \`${name}\`\\s*\\| \\d+`, 'm').test(section))).toEqual([]);
});
