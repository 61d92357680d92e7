/**
 * The 4 MiB body limit over real HTTP (`wrangler dev`): the Worker's own fetch in workerd tests and
 * a client on a socket differ — a response sent before the request body is consumed can reach a
 * real client as a reset connection instead of the 413. Each oversized POST, with a declared
 * length or chunked, must end in a 413 JSON-RPC answer the client can read, and the gateway must
 * answer normally afterwards.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth } from './oauth-client';

const MiB = 1024 * 1024;

let gateway: LocalGateway;
let state: string;
let token: string;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-e2e-body-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  const { client, provider } = await connectWithOAuth(gateway.mcpUrl, 'AdeleV@contoso.com');
  await client.close();
  token = provider.tokens()!.access_token;
});

afterAll(async () => {
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/**
 * POSTs `size` bytes (a JSON-RPC request padded with spaces) to /mcp on a fresh connection, in
 * 64 KiB writes, with `content-length` or chunked. Resolves with the response, or rejects with the
 * socket error (e.g. ECONNRESET) when none arrives.
 */
function post(size: number, framing: 'length' | 'chunked'): Promise<Answer> {
  const message = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}');
  const body = Buffer.alloc(size, 0x20);
  message.copy(body);
  const url = new URL(gateway.mcpUrl);
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...(framing === 'length' ? { 'content-length': String(size) } : { 'transfer-encoding': 'chunked' }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    // Writing may fail once the server has answered and stopped reading; the answer is what counts.
    req.on('error', reject);
    let offset = 0;
    const writeMore = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

describe('request body limit over real HTTP', () => {
  const sizes: Array<[string, number]> = [
    ['4 MiB + 1 byte', 4 * MiB + 1],
    ['5 MiB', 5 * MiB],
  ];
  for (const framing of ['length', 'chunked'] as const) {
    for (const [label, size] of sizes) {
      it(`body limit over HTTP: ${label} with ${framing === 'length' ? 'a declared length' : 'chunked encoding'} gets a readable 413`, async () => {
        // A reset is a race the client can win by luck: several tries, each on a new connection.
        for (let attempt = 0; attempt < 3; attempt++) {
          const answer = await post(size, framing);
          expect(answer.status).toBe(413);
          const json = JSON.parse(answer.body) as { jsonrpc: string; error: { code: number; message: string } };
          expect(json.jsonrpc).toBe('2.0');
          expect(json.error.code).toBe(-32600);
          expect(json.error.message).toMatch(/larger than 4194304 bytes/);
        }
        // The gateway still answers a normal request afterwards.
        const after = await post(1024, framing);
        expect(after.status).toBe(200);
        expect(JSON.parse(after.body)).toMatchObject({ jsonrpc: '2.0', id: 1, result: {} });
      });
    }
  }
});
