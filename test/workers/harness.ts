/**
 * Gateway test harness inside workerd: the Worker under test is reached through SELF.fetch at
 * https://gateway.test; Microsoft (identity + Graph) is the emulated tenant, served by MSW to the
 * Worker's and Durable Objects' outbound fetches (same isolate).
 */
import { SELF } from 'cloudflare:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import { http } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { pluginMocks } from '../../core/generated/mocks';
import { createEmulator, createPkcePair, type Emulator } from '../../core/testing';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';

export const GATEWAY = 'https://gateway.test';
export const CLIENT_REDIRECT = 'http://127.0.0.1:33418/callback';

export function startEmulator(): { emulator: Emulator; server: SetupServer; close(): void } {
  const emulator = createEmulator({
    authorityOrigin: 'https://login.emulator.test',
    graphBaseUrl: 'https://graph.emulator.test/v1.0',
    pluginMocks,
  });
  const server = setupServer(...emulator.handlers);
  server.listen({ onUnhandledRequest: 'bypass' });
  return { emulator, server, close: () => server.close() };
}

/** Makes Microsoft's token endpoint answer slowly, so concurrent refreshes really overlap. */
export function slowTokenEndpoint(server: SetupServer, delayMs: number): void {
  server.use(
    http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', async () => {
      await new Promise((done) => setTimeout(done, delayMs));
      // Returning nothing hands the request on to the emulator's own handler.
    }),
  );
}

export const gatewayFetch = (input: Request) => SELF.fetch(input);

export function newBrowser(): TestBrowser {
  return new TestBrowser({ fetchFor: (url) => (url.origin === GATEWAY ? gatewayFetch : (request) => fetch(request)) });
}

export interface Connection {
  clientId: string;
  accessToken: string;
  refreshToken: string;
  scope: string;
}

/** Registers a client (DCR) and runs the whole authorization code + PKCE flow as `user`. */
export async function connect(user: string, browser = newBrowser()): Promise<Connection> {
  const registration = await SELF.fetch(`${GATEWAY}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Test MCP Client',
      redirect_uris: [CLIENT_REDIRECT],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  if (registration.status !== 201) throw new Error(`registration failed: ${registration.status} ${await registration.text()}`);
  const { client_id: clientId } = (await registration.json()) as { client_id: string };
  const pkce = await createPkcePair();
  const authorize = new URL(`${GATEWAY}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_REDIRECT,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: 'client-state-1',
    resource: GATEWAY,
  }).toString();
  const back = await completeAuthorizationInBrowser({ browser, authorizationUrl: authorize.toString(), user });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back}`);
  const token = await SELF.fetch(`${GATEWAY}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CLIENT_REDIRECT,
      client_id: clientId,
      code_verifier: pkce.verifier,
      resource: GATEWAY,
    }),
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.status} ${await token.text()}`);
  const body = (await token.json()) as { access_token: string; refresh_token: string; scope: string };
  return { clientId, accessToken: body.access_token, refreshToken: body.refresh_token, scope: body.scope };
}

/** An MCP SDK client speaking Streamable HTTP to the gateway with a bearer. */
export async function mcpClient(accessToken: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${GATEWAY}/mcp`), {
    fetch: (url, init) => SELF.fetch(new Request(url, init)),
    requestInit: { headers: { authorization: `Bearer ${accessToken}` } },
  });
  const client = new Client({ name: 'workers-test', version: '1.0.0' }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  await client.connect(transport);
  return { client, transport };
}

export function textOf(result: object): string {
  const content = ((result as { content?: unknown }).content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((item) => item.text ?? '').join('\n');
}
