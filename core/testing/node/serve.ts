/**
 * Serves the emulator over HTTP on loopback (for `npm start`, wrangler dev and e2e tests): every
 * request becomes a Fetch Request answered by the same MSW handlers the tests use.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse } from 'msw';
import { createEmulator } from '../emulator';
import type { GraphFault } from '../graph/faults';
import type { Emulator, PluginMock } from '../types';

export interface ServeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: the emulator hands out tokens to anyone who asks. */
  host?: '127.0.0.1' | 'localhost' | '::1';
  pluginMocks?: ReadonlyArray<PluginMock>;
  accessTokenTtlSeconds?: number;
}

export interface ServedEmulator {
  /** `http://127.0.0.1:PORT`: the authority origin and the Graph origin. */
  url: string;
  authorityOrigin: string;
  graphBaseUrl: string;
  emulator: Emulator;
  close(): Promise<void>;
}

async function toFetchRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const body = chunks.length && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? '/', origin), { method, headers, signal, ...(body ? { body } : {}) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export async function serveEmulator(options: ServeEmulatorOptions = {}): Promise<ServedEmulator> {
  const host = options.host ?? '127.0.0.1';
  let emulator: Emulator | undefined;
  let origin = '';
  // Requests not yet answered. A Request follows the signal it was built with only through a weak
  // reference (undici), so a request nothing else holds (one a `hang` fault keeps waiting) can be
  // garbage-collected with its signal, and the caller's close would then reach neither the fault
  // nor the record: `aborted` would never be set.
  const unanswered = new Set<Request>();

  const server = createServer((req, res) => {
    void (async () => {
      let request: Request | undefined;
      try {
        if (!emulator) throw new Error('emulator not ready');
        // The caller closing the connection before the answer is the request's abort, as at a real
        // server: a hanging fault ends, and the record says the caller gave up.
        const gone = new AbortController();
        res.once('close', () => {
          if (!res.writableFinished) gone.abort();
        });
        request = await toFetchRequest(req, origin, gone.signal);
        unanswered.add(request);
        const path = new URL(request.url).pathname;
        let response: Response | undefined;
        if (path === '/_emulator/stats' && request.method === 'GET') {
          response = json(200, {
            tokenRequests: emulator.stats.tokenRequests,
            graphRequests: emulator.stats.graphRequests,
          });
        } else if (path === '/_emulator/reset' && request.method === 'POST') {
          emulator.reset();
          response = json(200, { ok: true });
        } else if (path === '/_emulator/faults' && request.method === 'POST') {
          emulator.injectFault((await request.json()) as GraphFault);
          response = json(200, { ok: true });
        } else if (path === '/_emulator/faults' && request.method === 'DELETE') {
          emulator.clearFaults();
          response = json(200, { ok: true });
        } else if (path === '/_emulator/expire-tokens' && request.method === 'POST') {
          emulator.expireAccessTokens();
          response = json(200, { ok: true });
        } else {
          response = await getResponse(emulator.handlers, request);
        }
        await send(
          res,
          response ??
            json(404, { error: { code: 'NotFound', message: `No emulator route for ${request.method} ${path}` } }),
        );
      } catch (e) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: 'EmulatorError', message: e instanceof Error ? e.message : String(e) } }),
        );
      } finally {
        if (request) unanswered.delete(request);
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const graphBaseUrl = `${origin}/v1.0`;
  emulator = createEmulator({
    authorityOrigin: origin,
    graphBaseUrl,
    ...(options.pluginMocks ? { pluginMocks: options.pluginMocks } : {}),
    ...(options.accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });

  return {
    url: origin,
    authorityOrigin: origin,
    graphBaseUrl,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
