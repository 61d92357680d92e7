import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** The gateway's settings inside workerd: Microsoft is the emulated tenant (test/workers/harness.ts). */
const gatewayBindings = {
  PUBLIC_BASE_URL: 'https://gateway.test',
  MS_AUTHORITY: 'https://login.emulator.test/organizations',
  GRAPH_BASE_URL: 'https://graph.emulator.test/v1.0',
  ENABLED_PLUGINS: 'mail',
  ALLOWED_ORIGINS: 'https://inspector.example',
  MS_CLIENT_ID: 'gateway-test-client',
  MS_CLIENT_SECRET: 'gateway-test-secret',
  TOKEN_ENCRYPTION_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  // Mid-rotation: records sealed with this key still open (test/security/key-rotation.test.ts).
  TOKEN_ENCRYPTION_KEY_PREVIOUS: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=',
  COOKIE_SECRET: 'ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
  // The fuzz suites' case-count multiplier and seed (test/fuzz/fuzz-settings.ts, `npm run fuzz`).
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '',
  FUZZ_SEED: process.env.FUZZ_SEED ?? '',
};

const SHIPPED_PLUGINS = 'mail,calendar,contacts,teams,meetings';

const workerd = (bindings: Record<string, string>) =>
  cloudflareTest({ wrangler: { configPath: './wrangler.toml' }, miniflare: { bindings } });

// Three layers (docs/architecture.md §8):
// - unit: the plugin contract, plugins' contract tests and the emulated tenant, on Node;
// - workers: the gateway over HTTP inside workerd (OAuth, MCP, vault, sessions), with the mail plugin,
//   and workers-all-plugins: the same with every shipped plugin;
// - e2e: real MCP clients against `wrangler dev` and the emulator.
export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'core/**/*.test.ts',
            'plugins/**/*.test.ts',
            'scripts/**/*.test.ts',
            'test/*.test.ts',
            'test/fixtures/**/*.test.ts',
          ],
          environment: 'node',
          // Unit files leave no global state behind (each closes its MSW server and restores its spies), so one
          // module graph serves them all: about 45% less CPU for the project than a fresh one per file.
          isolate: false,
        },
      },
      {
        plugins: [workerd(gatewayBindings)],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts', 'test/security/**/*.test.ts'],
        },
      },
      {
        // The plugins wrangler.toml ships (mail, calendar, contacts, teams, meetings) instead of mail
        // alone: for suites that call several plugins through every transport. Its own workerd, since
        // a session object reads the plugin list from its binding.
        plugins: [workerd({ ...gatewayBindings, ENABLED_PLUGINS: SHIPPED_PLUGINS })],
        test: {
          name: 'workers-all-plugins',
          include: ['test/workers-all-plugins/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
