/**
 * Client ID Metadata Documents (MCP 2026-07-28 client registration) and the SSRF protections the
 * spec requires of the fetch: HTTPS only, no private, loopback or link-local targets, checked on
 * every redirect, bounded redirects (size and time limits are the OAuth library's: 5 KB, 10 s).
 */
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { authorizeUrl, CLIENT_REDIRECT, GATEWAY, newBrowser } from './support';

let server: SetupServer;
let close: () => void;
const hits: string[] = [];
beforeAll(() => {
  ({ server, close } = startEmulator());
});
afterEach(() => {
  server.resetHandlers();
  hits.length = 0;
});
afterAll(() => close());

const documentFor = (clientId: string) => ({
  client_id: clientId,
  client_name: 'Metadata Document App',
  client_uri: 'https://client.example',
  redirect_uris: [CLIENT_REDIRECT],
  token_endpoint_auth_method: 'none',
});

/** Serves a valid metadata document at every URL (so only the guard can make a fetch fail), redirects where asked. */
function serveDocuments(redirects: Record<string, string> = {}): void {
  server.use(
    http.get(/.*/, ({ request }) => {
      const url = new URL(request.url);
      if (url.hostname.endsWith('emulator.test') || url.origin === GATEWAY) return undefined;
      hits.push(request.url);
      const next = redirects[request.url];
      if (next) return new HttpResponse(null, { status: 302, headers: { location: next } });
      return HttpResponse.json(documentFor(request.url));
    }),
  );
}

async function authorizeAs(clientId: string): Promise<Response> {
  const pkce = await createPkcePair();
  return newBrowser().request(authorizeUrl(clientId, { code_challenge: pkce.challenge }));
}

describe('Client ID Metadata Documents', () => {
  it('CIMD: a client identified by an https metadata URL gets the consent page naming its domain', async () => {
    serveDocuments();
    const response = await authorizeAs('https://client.example/oauth/metadata.json');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Metadata Document App');
    expect(html).toContain('client.example');
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits)).toEqual(new Set(['https://client.example/oauth/metadata.json']));
  });

  it('CIMD is advertised in authorization server metadata', async () => {
    const metadata = (await (
      await newBrowser().request(`${GATEWAY}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata.client_id_metadata_document_supported).toBe(true);
  });
});

describe('CIMD SSRF (MCP security best practices: SSRF; draft-ietf-oauth-client-id-metadata-document §6)', () => {
  const forbidden = {
    'loopback IPv4': 'https://127.0.0.1/client.json',
    'loopback as decimal integer': 'https://2130706433/client.json',
    'loopback as hex': 'https://0x7f.0.0.1/client.json',
    'RFC 1918 10/8': 'https://10.0.0.8/client.json',
    'RFC 1918 172.16/12': 'https://172.16.5.4/client.json',
    'RFC 1918 192.168/16': 'https://192.168.1.1/client.json',
    'link-local / cloud metadata': 'https://169.254.169.254/latest/client.json',
    'carrier-grade NAT': 'https://100.64.0.1/client.json',
    'unspecified 0.0.0.0': 'https://0.0.0.0/client.json',
    'loopback IPv6': 'https://[::1]/client.json',
    'IPv4-mapped IPv6 loopback': 'https://[::ffff:127.0.0.1]/client.json',
    'NAT64 to private IPv4': 'https://[64:ff9b::a00:1]/client.json',
    'unique local IPv6': 'https://[fd12:3456::1]/client.json',
    'link-local IPv6': 'https://[fe80::1]/client.json',
    localhost: 'https://localhost/client.json',
    'localhost subdomain': 'https://app.localhost/client.json',
    'single-label host': 'https://intranet/client.json',
    '.internal name': 'https://metadata.google.internal/client.json',
    '.local name': 'https://printer.local/client.json',
    'non-default port': 'https://client.example:8443/client.json',
  };
  for (const [name, url] of Object.entries(forbidden)) {
    it(`CIMD SSRF refused: ${name} (${url}) is never fetched`, async () => {
      serveDocuments();
      const response = await authorizeAs(url);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(hits).toEqual([]);
    });
  }

  it('CIMD SSRF refused: http metadata URLs are not fetched', async () => {
    serveDocuments();
    const response = await authorizeAs('http://client.example/client.json');
    expect(response.status).toBe(400);
    expect(hits).toEqual([]);
  });

  it('CIMD SSRF refused on redirect: a public URL redirecting to the metadata address is not followed there', async () => {
    serveDocuments({ 'https://client.example/moved.json': 'https://169.254.169.254/latest/meta-data' });
    const response = await authorizeAs('https://client.example/moved.json');
    expect(response.status).toBe(400);
    expect(hits).toEqual(['https://client.example/moved.json']);
  });

  it('CIMD redirects are bounded: more than 3 hops are refused', async () => {
    const hop = (n: number) => `https://client.example/hop/${n}`;
    serveDocuments(Object.fromEntries([0, 1, 2, 3, 4, 5].map((n) => [hop(n), hop(n + 1)])));
    const response = await authorizeAs(hop(0));
    expect(response.status).toBe(400);
    expect(hits.length).toBeLessThanOrEqual(4);
  });

  it('CIMD size limit: a document over 5 KB is refused', async () => {
    server.use(
      http.get('https://client.example/huge.json', ({ request }) => {
        hits.push(request.url);
        return HttpResponse.json({ ...documentFor(request.url), padding: 'x'.repeat(6 * 1024) });
      }),
    );
    const response = await authorizeAs('https://client.example/huge.json');
    expect(response.status).toBe(400);
    expect(hits).toHaveLength(1);
  });
});
