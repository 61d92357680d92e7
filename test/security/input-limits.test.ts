/**
 * Hostile or malformed input gets a 4xx answer, never a 500 and never unbounded work: request
 * bodies on the MCP endpoints are bounded (declared or chunked), and malformed sign-in input
 * (a non-form POST, a broken ID token, garbage on the /apps forms) gets a 400 page.
 */
import { SELF } from 'cloudflare:test';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { readForm } from '../../core/testing/oauth-browser';
import { startEmulator } from '../workers/harness';
import { GATEWAY, authorize, callTool, newBrowser, tokensFor, type Tokens } from './support';

const MiB = 1024 * 1024;

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
let tokens: Tokens;
beforeAll(async () => {
  ({ emulator, server, close } = startEmulator());
  tokens = await tokensFor(emulator.tenant.users[0]!.userPrincipalName);
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

/** A body stream of `total` bytes in 64 KiB chunks that counts how much the server pulled. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new Uint8Array(64 * 1024).fill(0x20); // spaces: valid JSON whitespace
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk.slice());
    },
  });
  return { stream, pulled: () => sent };
}

describe('request body size on /mcp and /sse (the isolate has 128 MB)', () => {
  it('body limit: a declared body over 4 MiB gets 413 JSON-RPC without being read, on /mcp and /sse', async () => {
    for (const path of ['/mcp', '/sse']) {
      const { stream, pulled } = countingStream(64 * MiB);
      const response = await SELF.fetch(`${GATEWAY}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          'content-type': 'application/json',
          'content-length': String(64 * MiB),
        },
        body: stream,
      });
      expect(response.status, path).toBe(413);
      const answer = (await response.json()) as { jsonrpc: string; error: { code: number; message: string } };
      expect(answer.jsonrpc).toBe('2.0');
      expect(answer.error.code).toBe(-32600);
      expect(answer.error.message).toMatch(/larger than 4194304 bytes/);
      // Refused on the declared length: at most what the runtime buffers ahead was pulled.
      expect(pulled(), path).toBeLessThan(4 * MiB);
    }
  });

  it('body limit: a chunked body without a length is cut off just past 4 MiB (413), not read to its end', async () => {
    for (const path of ['/mcp', '/sse']) {
      const { stream, pulled } = countingStream(64 * MiB);
      const response = await SELF.fetch(`${GATEWAY}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: stream,
      });
      expect(response.status, path).toBe(413);
      expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
      // The runtime may buffer a few chunks ahead; a full read would pull all 64 MiB.
      expect(pulled(), path).toBeLessThan(8 * MiB);
    }
  });

  it('body limit: a body up to 2 MiB over the limit is read to its end before the 413 (no reset)', async () => {
    for (const declared of [true, false]) {
      const { stream, pulled } = countingStream(5 * MiB);
      const response = await SELF.fetch(`${GATEWAY}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          'content-type': 'application/json',
          ...(declared ? { 'content-length': String(5 * MiB) } : {}),
        },
        body: stream,
      });
      expect(response.status).toBe(413);
      // Answering before the upload is consumed makes the runtime reset a real client's connection.
      expect(pulled(), declared ? 'declared' : 'chunked').toBe(5 * MiB);
    }
  });

  it('body limit: a normal call just under the limit is still answered', async () => {
    // A tools/call padded with whitespace to ~3.9 MiB: the scope check and the endpoint share one read.
    const padded = JSON.stringify(callTool('getEmails', { count: 1 })) + ' '.repeat(4 * MiB - 100_000);
    const response = await SELF.fetch(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: padded,
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { result?: { content: unknown[] } };
    expect(answer.result?.content.length).toBeGreaterThan(0);
  });
});

/** Microsoft's token endpoint answering with an ID token whose payload is not JSON. */
function brokenIdToken(): void {
  server.use(
    http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', () =>
      HttpResponse.json({
        access_token: 'at',
        refresh_token: 'rt',
        expires_in: 3600,
        token_type: 'Bearer',
        scope: 'Mail.Read',
        id_token: 'eyJhbGciOiJub25lIn0.bm90IGpzb24.',
      }),
    ),
  );
}

describe('malformed sign-in input gets a 400 page, not a 500', () => {
  it('malformed input: a POST to /authorize that is not a form (JSON, broken multipart, empty) gets 400', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{"handle":"x","decision":"approve"}'],
      ['multipart/form-data; boundary=zzz', '--zzz\r\nnot a part'],
      ['application/x-www-form-urlencoded; charset=utf-8', ''],
    ];
    for (const [type, body] of bodies) {
      const response = await SELF.fetch(`${GATEWAY}/authorize`, {
        method: 'POST',
        headers: { 'content-type': type, origin: GATEWAY },
        body,
      });
      expect(response.status, type).toBe(400);
      expect(response.headers.get('content-type'), type).toMatch(/text\/html/);
    }
    const none = await SELF.fetch(`${GATEWAY}/authorize`, { method: 'POST', headers: { origin: GATEWAY } });
    expect(none.status).toBe(400);
  });

  it('malformed input: an unreadable ID token at /callback gets a 400 page naming the sign-in failure', async () => {
    brokenIdToken();
    await expect(authorize(emulator.tenant.users[0]!.userPrincipalName)).rejects.toThrow(
      /\/callback\?.* answered 400: .*Microsoft sign-in failed/s,
    );
  });

  it('malformed input: an unreadable ID token at /apps/callback gets a 400 page', async () => {
    const browser = newBrowser();
    const start = await browser.request(`${GATEWAY}/apps/signin`);
    const microsoft = new URL(start.headers.get('location')!);
    const { action, fields } = readForm(await (await browser.request(microsoft)).text());
    const back = await browser.request(new URL(action ?? microsoft.toString(), microsoft), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, user: emulator.tenant.users[0]!.userPrincipalName }).toString(),
    });
    brokenIdToken();
    const response = await browser.request(new URL(back.headers.get('location')!));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Microsoft sign-in failed/);
  });

  it('malformed input: garbage on the other sign-in and /apps routes gets 4xx, never 500', async () => {
    const requests = [
      new Request(`${GATEWAY}/callback?state=%E0%A4%A&code=x`),
      new Request(`${GATEWAY}/callback?state=${'a'.repeat(5000)}`),
      new Request(`${GATEWAY}/apps/callback?state=x&code=y`, { headers: { cookie: '__Host-m365-apps-state=x' } }),
      new Request(`${GATEWAY}/apps`, { headers: { cookie: '__Host-m365-apps-session=%%%.@@@; other' } }),
      new Request(`${GATEWAY}/apps/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: '__Host-m365-apps-session=a.b' },
        body: '{"grant":1}',
      }),
      new Request(`${GATEWAY}/apps/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=q' },
        body: 'garbage',
      }),
      new Request(`${GATEWAY}/apps/signout`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '\u0000',
      }),
      new Request(`${GATEWAY}/authorize?client_id=%ZZ&redirect_uri=::`),
      new Request(`${GATEWAY}/authorize?response_type=code`, {
        headers: { cookie: 'mcp-approved-clients=!!!not-base64' },
      }),
    ];
    for (const request of requests) {
      const response = await SELF.fetch(request);
      expect(response.status, `${request.method} ${request.url.slice(0, 80)}`).toBeLessThan(500);
    }
  });
});
