/**
 * The call-path part of `npm run bench`, for both protocol eras against one `wrangler dev`:
 *
 * - latency at concurrency 1, interleaved so load on the machine falls on all alike: a bare
 *   Worker request (`GET /health`), the emulator's direct Graph answer for the inbox read
 *   getEmails makes, and tools/call getEmails (10) over a 2025-11-25 session (SDK 1.x) and over
 *   2026-07-28 (the v2 client, no session). Gateway work = call p50 − bare p50 − Graph p50.
 * - throughput: 50 concurrent sessions (clients) calling at once, against 50 concurrent bare
 *   requests, in calls per second.
 *
 * Five users with three OAuth clients each keep the run inside the MCP rate limits (120 requests a
 * minute per client, 300 per user): the first user's clients time the calls, the other twelve carry
 * the 50 sessions.
 */
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Emulator } from '../core/testing';
import { connectWithOAuth } from '../test/e2e/oauth-client';
import { type Breakdown, breakdown } from './bench-breakdown';
import { type Percentiles, p50, percentiles, shownPercentiles } from './percentiles';

const MODERN = '2026-07-28';
const SESSIONS = 50;
const CALLS_PER_SESSION = 4;
/** Enough OAuth clients that each carries 4 or 5 of the 50 sessions of a throughput run: both eras' runs, with their
 * session set-up, fit in one rate-limit minute (120 requests a client). */
const CLIENTS_PER_USER = 3;
const INBOX_READ =
  '/me/mailFolders/inbox/messages?$select=id,subject,from,receivedDateTime,isRead,hasAttachments,importance,flag&$top=10&$orderby=receivedDateTime%20desc';

type Row = (what: string, value: string | number) => void;
interface Caller {
  call(): Promise<void>;
  close(): Promise<void>;
}

export interface EraBenchTarget {
  url: string;
  mcpUrl: string;
  emulatorUrl: string;
  emulator: Emulator;
  /** Everything the gateway logged so far, for the breakdown of a call's time. */
  logs?: () => string;
}

const getEmails = { name: 'getEmails', arguments: { count: 10 } };

async function legacyCaller(mcpUrl: string, token: string, existing?: Client): Promise<Caller> {
  let client = existing;
  if (!client) {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    client = new Client({ name: 'bench-2025', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
  }
  const session = client;
  return {
    async call() {
      const result = await session.callTool(getEmails);
      if (result.isError) throw new Error(`getEmails failed: ${JSON.stringify(result.content)}`);
    },
    close: () => session.close(),
  };
}

async function modernCaller(mcpUrl: string, token: string): Promise<Caller> {
  const client = new ClientV2(
    { name: 'bench-2026', version: '1.0.0' },
    { versionNegotiation: { mode: { pin: MODERN } } },
  );
  await client.connect(
    new TransportV2(new URL(mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return {
    async call() {
      const result = await client.callTool(getEmails);
      if (result.isError) throw new Error(`getEmails failed: ${JSON.stringify(result.content)}`);
    },
    close: () => client.close(),
  };
}

/** A Microsoft access token the emulator accepts for `userId` (the gateway's vault got it at sign-in). */
async function graphToken(target: EraBenchTarget, userId: string): Promise<string> {
  for (const token of target.emulator.issuedTokens(userId).reverse()) {
    const response = await fetch(`${target.emulatorUrl}/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (response.ok) return token;
  }
  throw new Error('no Graph token of the signed-in user is accepted by the emulator');
}

const timeOnce = async (task: () => Promise<unknown>) => {
  const started = performance.now();
  await task();
  return performance.now() - started;
};

/** Calls per second with `workers` concurrent loops of `each` calls. */
async function throughput(workers: Array<() => Promise<unknown>>, each: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    workers.map(async (task) => {
      for (let i = 0; i < each; i++) await task();
    }),
  );
  return (workers.length * each) / ((performance.now() - started) / 1000);
}

export interface EraFigures {
  latency: Percentiles;
  /** Call p50 minus the bare request's p50 minus the direct Graph answer's p50. */
  gatewayWorkMs: number;
  breakdown?: Breakdown;
  callsPerSecond?: number;
  shareOfBare?: number;
}

/** What benchEras measured, as numbers for the bench's JSON. */
export interface EraBench {
  bare: Percentiles;
  graph: Percentiles;
  bareRequestsPerSecond?: number;
  eras: Record<string, EraFigures>;
}

/**
 * @example
 * const figures = await benchEras({ url, mcpUrl, emulatorUrl, emulator }, row, 40);
 */
export async function benchEras(
  target: EraBenchTarget,
  row: Row,
  calls: number,
  withThroughput = true,
): Promise<EraBench> {
  const users = target.emulator.tenant.users.slice(0, 5);
  const tokens: string[] = [];
  let first: Client | undefined;
  for (const user of users) {
    for (let client = 0; client < CLIENTS_PER_USER; client++) {
      const { client: connected, provider } = await connectWithOAuth(target.mcpUrl, user.userPrincipalName);
      tokens.push(provider.tokens()!.access_token);
      if (!first) first = connected;
      else await connected.close();
    }
  }
  const legacy = await legacyCaller(target.mcpUrl, tokens[0]!, first);
  const modern = await modernCaller(target.mcpUrl, tokens[1]!);
  const graph = await graphToken(target, users[0]!.id);
  const bare = () => fetch(`${target.url}/health`).then((response) => response.arrayBuffer());
  const direct = () =>
    fetch(`${target.emulatorUrl}/v1.0${INBOX_READ}`, { headers: { authorization: `Bearer ${graph}` } }).then(
      (response) => response.arrayBuffer(),
    );

  const timed = { bare: [] as number[], graph: [] as number[], legacy: [] as number[], modern: [] as number[] };
  let logsBefore = 0;
  // Within the rate limits: `calls` per client of the first user's two clients, spread over a minute or less.
  for (let i = 0; i < calls + 3; i++) {
    // The breakdown reads the lines of the timed calls only, not the warm-ups'.
    if (i === 3) logsBefore = target.logs?.().length ?? 0;
    const round = {
      bare: await timeOnce(bare),
      graph: await timeOnce(direct),
      legacy: await timeOnce(() => legacy.call()),
      modern: await timeOnce(() => modern.call()),
    };
    if (i < 3) continue;
    for (const key of Object.keys(round) as Array<keyof typeof round>) timed[key].push(round[key]);
  }
  await legacy.close();
  await modern.close();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const figures: EraBench = { bare: percentiles(timed.bare), graph: percentiles(timed.graph), eras: {} };
  row(`bare Worker request (GET /health), concurrency 1`, shownPercentiles(figures.bare));
  row(`emulator's direct Graph answer (inbox, 10)`, shownPercentiles(figures.graph));
  for (const [era, times] of [
    ['2025-11-25 session', timed.legacy],
    ['2026-07-28 stateless', timed.modern],
  ] as const) {
    row(`tools/call getEmails (10), ${era}`, shownPercentiles(percentiles(times)));
    const gatewayWorkMs = p50(times) - p50(timed.bare) - p50(timed.graph);
    row(`gateway work per call, ${era}`, ms(gatewayWorkMs));
    figures.eras[era] = { latency: percentiles(times), gatewayWorkMs };
  }
  if (target.logs) {
    // Wait for the deferred log lines of the last calls.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const logged = target.logs().slice(logsBefore);
    for (const [era, version, times] of [
      ['2025-11-25 session', '2025-11-25', timed.legacy],
      ['2026-07-28 stateless', MODERN, timed.modern],
    ] as const) {
      const parts = breakdown(logged, version, 'getEmails');
      if (parts.calls === 0) continue;
      const outsideCall = p50(times) - parts.call;
      figures.eras[era]!.breakdown = { ...parts, outsideCall };
      // The gateway's work, part by part: what the call path adds over a bare request and Graph itself.
      row(
        `gateway work by part (p50 of each, ${parts.calls} calls), ${era}`,
        [
          `outside the call − bare ${ms(outsideCall - p50(timed.bare))}`,
          `tool code ${ms(parts.toolCode)}`,
          `token + mailbox slot ${ms(parts.tokenAndSlot)}`,
          `Graph wait − direct Graph ${ms(parts.graphWire - p50(timed.graph))}`,
        ].join(', '),
      );
    }
  }

  if (!withThroughput) return figures;
  // A fresh rate-limit minute for each throughput run: the latency rounds and the other era's run
  // would otherwise spend part of the users' 300 requests a minute.
  const nextMinute = () => new Promise((resolve) => setTimeout(resolve, 61_000));
  process.stderr.write('bench: waiting a minute for the rate limits before the throughput runs\n');
  await nextMinute();
  // Throughput: SESSIONS clients at once, spread over the other 4 users' OAuth clients.
  const spread = tokens.slice(CLIENTS_PER_USER);
  const bareRate = await throughput(
    Array.from({ length: SESSIONS }, () => bare),
    CALLS_PER_SESSION,
  );
  row(`throughput, ${SESSIONS} concurrent bare requests`, `${bareRate.toFixed(0)} requests/s`);
  figures.bareRequestsPerSecond = bareRate;
  for (const [era, open] of [
    ['2025-11-25 session', legacyCaller],
    ['2026-07-28 stateless', modernCaller],
  ] as const) {
    if (era !== '2025-11-25 session') {
      process.stderr.write(`bench: waiting a minute for the rate limits before the ${era} run\n`);
      await nextMinute();
    }
    const callers = await Promise.all(
      Array.from({ length: SESSIONS }, (_, index) => open(target.mcpUrl, spread[index % spread.length]!)),
    );
    const rate = await throughput(
      callers.map((caller) => () => caller.call()),
      CALLS_PER_SESSION,
    );
    await Promise.all(callers.map((caller) => caller.close()));
    row(
      `throughput, ${SESSIONS} sessions, tools/call, ${era}`,
      `${rate.toFixed(0)} calls/s (${((rate / bareRate) * 100).toFixed(0)}% of bare)`,
    );
    Object.assign(figures.eras[era]!, { callsPerSecond: rate, shareOfBare: rate / bareRate });
  }
  return figures;
}
