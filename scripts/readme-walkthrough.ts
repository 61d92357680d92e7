/**
 * `npm run readme-walkthrough [-- --skip-install] [-- --with-tests]`: follows README.md's quick
 * start as a newcomer would. It runs the commands of the README's first `sh` block — `npm install`,
 * then `npm start`, reading the MCP URL it prints — signs in as a demo user of the emulated tenant
 * (the consent page and the emulated Microsoft page, scripted), and connects the MCP Inspector CLI
 * to the printed URL to list the tools and call one. `npm test` (the whole suite, minutes) runs
 * only with `--with-tests`. Ports are picked free, so a running `npm start` is not disturbed.
 * Exit code 0 when every step worked; otherwise the failing step and its output.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { connectWithOAuth } from '../test/e2e/oauth-client';
import { freePort } from './local-gateway';

const run = promisify(execFile);
const DEMO_USER = 'AdeleV@contoso.com';

/** The commands of the README's first `sh` block, without their comments. */
export function quickStartCommands(readme: string): string[] {
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no ```sh block (the quick start)');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Runs `npm start`, resolving with the MCP URL it prints; the child keeps running. */
async function npmStart(root: string): Promise<{ child: ChildProcess; mcpUrl: string; output: () => string }> {
  const env = { ...process.env, PORT: String(await freePort()), EMULATOR_PORT: String(await freePort()) };
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const mcpUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start printed no MCP URL within 120 s:\n${output}`)), 120_000);
    const look = () => {
      const url = /MCP URL:\s+(\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        done(url);
      }
    };
    child.stdout?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`npm start exited (${code}):\n${output}`));
    });
  });
  return { child, mcpUrl, output: () => output };
}

/** Stops `npm start` and the wrangler and emulator under it (its own process group). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function inspector(mcpUrl: string, token: string, work: string, ...args: string[]): Promise<unknown> {
  const { stdout } = await run(
    'npx',
    [
      '@modelcontextprotocol/inspector',
      '--cli',
      mcpUrl,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${token}`,
      ...args,
    ],
    { timeout: 60_000, env: { ...process.env, MCP_CATALOG_PATH: join(work, 'catalog.json') } },
  );
  return JSON.parse(stdout);
}

/**
 * @example
 * const steps = await walkReadme({ root: process.cwd(), install: false });
 */
export async function walkReadme(options: { root: string; install: boolean; tests?: boolean }): Promise<string[]> {
  const steps: string[] = [];
  const commands = quickStartCommands(readFileSync(join(options.root, 'README.md'), 'utf8'));
  for (const expected of ['npm install', 'npm start'])
    if (!commands.includes(expected)) throw new Error(`the README's quick start no longer says \`${expected}\``);
  if (options.install) {
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: options.root, timeout: 600_000 });
    steps.push('npm install: done');
  } else steps.push('npm install: skipped (--skip-install)');

  const started = await npmStart(options.root);
  const work = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
  try {
    steps.push(`npm start: printed MCP URL ${started.mcpUrl}`);
    const health = await fetch(new URL('/health', started.mcpUrl));
    if (health.status !== 200) throw new Error(`${new URL('/health', started.mcpUrl)} answered ${health.status}`);
    const { client, provider } = await connectWithOAuth(started.mcpUrl, DEMO_USER);
    await client.close();
    const token = provider.tokens()?.access_token;
    if (!token) throw new Error('the sign-in gave no access token');
    steps.push(`signed in as ${DEMO_USER} (consent page, emulated Microsoft sign-in)`);
    const list = (await inspector(started.mcpUrl, token, work, '--method', 'tools/list')) as {
      tools: Array<{ name: string }>;
    };
    const names = list.tools.map((tool) => tool.name);
    if (!names.includes('getEmails')) throw new Error(`the Inspector listed no getEmails: ${names.join(', ')}`);
    steps.push(`MCP Inspector CLI: tools/list → ${names.length} tools`);
    const call = (await inspector(
      started.mcpUrl,
      token,
      work,
      ...['--method', 'tools/call', '--tool-name', 'getEmails', '--tool-arg', 'count=1'],
    )) as { isError?: boolean; content?: Array<{ text?: string }> };
    if (call.isError || !call.content?.[0]?.text) throw new Error(`getEmails failed: ${JSON.stringify(call)}`);
    steps.push('MCP Inspector CLI: tools/call getEmails → one message');
  } catch (error) {
    throw new Error(
      `${String(error instanceof Error ? error.message : error)}\n--- npm start output ---\n${started.output().slice(-3000)}`,
    );
  } finally {
    await stop(started.child);
    rmSync(work, { recursive: true, force: true });
  }
  if (options.tests) {
    await run('npm', ['test'], { cwd: options.root, timeout: 1_800_000 });
    steps.push('npm test: passed');
  } else steps.push('npm test: skipped (the whole suite; --with-tests runs it)');
  return steps;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: { 'skip-install': { type: 'boolean', default: false }, 'with-tests': { type: 'boolean', default: false } },
  });
  try {
    const steps = await walkReadme({
      root: process.cwd(),
      install: !values['skip-install'],
      tests: values['with-tests'],
    });
    for (const step of steps) console.log(`✓ ${step}`);
    console.log('\nThe README quick start works as written.');
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
