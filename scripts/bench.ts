/**
 * `npm run bench`: the performance and size table, printed and written as JSON (`bench.json`, or
 * the path in BENCH_JSON) with the machine it ran on.
 *
 * - tokens (o200k, gpt-tokenizer): every enabled tool definition as tools/list publishes it, per
 *   plugin; the result of a typical call of each list tool (and a single read) on the seeded tenant,
 *   with ids shown as handles, and how many Graph requests it took.
 * - chaos: the chaos suite's seeded run (scripts/chaos-workload.ts): writes applied, confirmed,
 *   reported as may-have-happened or not done, duplicated, lost; reads ok and failed clearly.
 * - bundle: `wrangler deploy --dry-run --outdir`, bytes raw and gzip.
 * - latency: tools/call getEmails (count 10) through `wrangler dev` + the emulator with the SDK
 *   client, p50/p95 over BENCH_CALLS sequential calls (default 40) after 3 warm-ups, with handles
 *   and without them (a second gateway started with the bench-only `BENCH_WITHOUT_HANDLES=1`);
 *   the two are called alternately, so load on the machine falls on both alike.
 * - both protocol eras (scripts/bench-eras.ts): gateway work per call over a bare Worker request
 *   and the direct Graph answer, split into its parts from the calls' log lines
 *   (scripts/bench-breakdown.ts), and throughput at 50 sessions against bare requests.
 *
 * `BENCH_ONLY=latency` runs the era latency rows alone (one gateway; no tokens, bundle, handles or
 * throughput rows, which would also spend the rate limits' minute): the quick loop for profiling the
 * call path by switching one component off at a time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { setupServer } from 'msw/node';
import { pluginMocks } from '../core/generated/mocks';
import { plugins } from '../core/generated/plugins';
import { createEmulator, createTestRegistry, createToolTestSession } from '../core/testing';
import { connectWithOAuth } from '../test/e2e/oauth-client';
import { benchEras, type EraBenchTarget } from './bench-eras';
import { chaosSummaryLine, runChaosWorkload } from './chaos-workload';
import { percentiles, shownPercentiles } from './percentiles';
import { type LocalGateway, startLocalGateway } from './local-gateway';

const rows: Array<[string, string]> = [];
const row = (what: string, value: string | number) => rows.push([what, String(value)]);
/** The same figures as the printed table, as numbers (written to BENCH_JSON, default bench.json). */
const report: Record<string, unknown> & { toolsList?: Record<string, unknown> } = {
  measuredAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
};

async function tokens(): Promise<void> {
  const registry = createTestRegistry(plugins);
  const listed = registry.listTools();
  const perPlugin: Record<string, number> = {};
  for (const plugin of registry.plugins) {
    const own = listed.filter((tool) => plugin.tools.some((t) => t.name === tool.name));
    perPlugin[plugin.name] = own.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
    row(`tools/list: ${plugin.name}`, `${perPlugin[plugin.name]} tokens`);
  }
  report.toolsList = { ...report.toolsList, perPlugin };
  const emulator = createEmulator({
    authorityOrigin: 'https://login.bench.test',
    graphBaseUrl: 'https://graph.bench.test/v1.0',
    pluginMocks,
  });
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    // Signed in for every enabled tool's permissions, reading times in a real user's zone.
    const session = await createToolTestSession({
      emulator,
      user: 'AdeleV@contoso.com',
      registry,
      timeZone: 'America/Los_Angeles',
    });
    const results: Record<string, { tokens: number; graphRequests: number }> = {};
    const measure = async (label: string, tool: string, args: Record<string, unknown>) => {
      if (!registry.getTool(tool)) return '';
      const before = emulator.stats.graphRequests.length;
      const text = (await registry.callTool(tool, args, session.context())).content
        .map((c) => ('text' in c ? c.text : ''))
        .join('\n');
      const graphRequests = emulator.stats.graphRequests.length - before;
      results[label] = { tokens: countTokens(text), graphRequests };
      row(`result: ${label}`, `${results[label].tokens} tokens, ${graphRequests} Graph request(s)`);
      return text;
    };
    const list = await measure('getEmails (10 seeded messages)', 'getEmails', { count: 10 });
    await measure('searchEmails (query budget, 5)', 'searchEmails', { query: 'budget', count: 5 });
    await measure('listMailFolders', 'listMailFolders', {});
    const id = /^- (\S+) \|/m.exec(list)?.[1] ?? '';
    await measure('getEmail (newest, default cap)', 'getEmail', { id });
    const weekStart = Date.parse(`${emulator.tenant.calendar.weekStart}T00:00:00Z`) + 7 * 86_400_000;
    const events = await measure('getCalendarEvents (10 events of a seeded week)', 'getCalendarEvents', {
      start: new Date(weekStart).toISOString(),
      count: 10,
    });
    const eventId = /^- (e\w+) \|/m.exec(events)?.[1];
    if (eventId) await measure('getCalendarEvent (first of them, default cap)', 'getCalendarEvent', { id: eventId });
    await measure('getContacts (20 seeded contacts)', 'getContacts', { count: 20 });
    await measure('findPeople (10 people)', 'findPeople', { query: 'com' });
    await measure('listTeams (with channels)', 'listTeams', {});
    await measure('getChannelMessages (20 seeded posts)', 'getChannelMessages', {
      team: 'Mark 8 Project Team',
      channel: 'General',
      count: 20,
    });
    await measure('listChats (20)', 'listChats', { count: 20 });
    report.results = results;
  } finally {
    server.close();
  }
}

function bundle(): void {
  const out = mkdtempSync(join(tmpdir(), 'gateway-bundle-'));
  try {
    execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], {
      stdio: 'ignore',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    });
    const files = readdirSync(out, { recursive: true })
      .map(String)
      .filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(join(out, f)).isFile());
    const raw = files.reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
    const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(out, f))).length, 0);
    row('bundle (wrangler --dry-run)', `${(raw / 1024).toFixed(0)} KiB raw, ${(gzip / 1024).toFixed(0)} KiB gzip`);
    report.bundle = { rawBytes: raw, gzipBytes: gzip };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const latencyOnly = process.env.BENCH_ONLY === 'latency';

function eraTarget(gateway: LocalGateway): EraBenchTarget {
  if (!gateway.emulatorUrl || !gateway.emulator) throw new Error('the bench gateway runs on the emulator');
  const { url, mcpUrl, emulatorUrl, emulator, output } = gateway;
  return { url, mcpUrl, emulatorUrl, emulator, logs: output };
}

async function eraLatencyAlone(): Promise<void> {
  const calls = Number(process.env.BENCH_CALLS ?? 40);
  const state = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const gateway = await startLocalGateway({ persistTo: state, emulator: true });
  try {
    report.callPath = await benchEras(eraTarget(gateway), row, calls, false);
  } finally {
    await gateway.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

async function latency(): Promise<void> {
  const calls = Number(process.env.BENCH_CALLS ?? 40);
  const state = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const plainState = mkdtempSync(join(tmpdir(), 'gateway-bench-plain-'));
  const gateway = await startLocalGateway({ persistTo: state, emulator: true });
  const plain = await startLocalGateway({
    persistTo: plainState,
    emulator: true,
    vars: { BENCH_WITHOUT_HANDLES: '1' },
  });
  try {
    const { client } = await connectWithOAuth(gateway.mcpUrl, 'AdeleV@contoso.com');
    const { client: plainClient } = await connectWithOAuth(plain.mcpUrl, 'AdeleV@contoso.com');
    // What a client really receives: every enabled plugin tool plus the gateway's built-in ones.
    const { tools } = await client.listTools();
    const total = countTokens(JSON.stringify({ tools }));
    report.toolsList = { ...report.toolsList, total, tools: tools.length };
    row('tools/list as served: all tools', `${total} tokens (${tools.length} tools)`);
    const builtin = tools.filter((tool) => tool.name === 'authenticate');
    row(
      'tools/list: authenticate',
      `${builtin.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0)} tokens`,
    );
    const timed = { handles: [] as number[], plain: [] as number[] };
    for (let i = 0; i < calls + 3; i++) {
      for (const [kind, c] of [
        ['handles', client],
        ['plain', plainClient],
      ] as const) {
        const started = performance.now();
        const result = await c.callTool({ name: 'getEmails', arguments: { count: 10 } });
        if (result.isError) throw new Error(`getEmails failed: ${JSON.stringify(result.content)}`);
        if (i >= 3) timed[kind].push(performance.now() - started);
      }
    }
    await client.close();
    await plainClient.close();
    report.handles = { withHandles: percentiles(timed.handles), fullIds: percentiles(timed.plain) };
    row(
      `tools/call getEmails via wrangler dev, handles (${calls} calls)`,
      shownPercentiles(percentiles(timed.handles)),
    );
    row(`tools/call getEmails via wrangler dev, full ids (${calls} calls)`, shownPercentiles(percentiles(timed.plain)));
    report.callPath = await benchEras(eraTarget(gateway), row, calls);
  } finally {
    await gateway.stop();
    await plain.stop();
    rmSync(state, { recursive: true, force: true });
    rmSync(plainState, { recursive: true, force: true });
  }
}

if (latencyOnly) await eraLatencyAlone();
else {
  await tokens();
  // The chaos suite's run (test/chaos.test.ts): writes under 30% Graph faults, counted in the journal.
  const chaos = await runChaosWorkload();
  report.chaos = chaos;
  row('chaos: 30% Graph faults, five plugins (seeded)', chaosSummaryLine(chaos));
  bundle();
  await latency();
}
const width = Math.max(...rows.map(([what]) => what.length));
console.log(`| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
for (const [what, value] of rows) console.log(`| ${what.padEnd(width)} | ${value} |`);
const jsonPath = process.env.BENCH_JSON ?? 'bench.json';
writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nThe same figures as JSON: ${jsonPath}`);
