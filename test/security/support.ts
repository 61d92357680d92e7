/**
 * Helpers for the security suite: raw OAuth requests against the Worker (SELF.fetch), so each
 * test controls exactly what a client — or an attacker — sends.
 */
import { SELF } from 'cloudflare:test';
import { createPkcePair } from '../../core/testing';
import { completeAuthorizationInBrowser, readForm, type TestBrowser } from '../../core/testing/oauth-browser';
import { CLIENT_REDIRECT, GATEWAY, newBrowser } from '../workers/harness';

export { CLIENT_REDIRECT, GATEWAY, newBrowser };

export async function registerClient(metadata: Record<string, unknown> = {}): Promise<Response> {
  return SELF.fetch(`${GATEWAY}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Security suite client',
      redirect_uris: [CLIENT_REDIRECT],
      token_endpoint_auth_method: 'none',
      ...metadata,
    }),
  });
}

export async function clientId(metadata: Record<string, unknown> = {}): Promise<string> {
  const response = await registerClient(metadata);
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { client_id: string }).client_id;
}

export function authorizeUrl(id: string, params: Record<string, string | undefined> = {}): string {
  const url = new URL(`${GATEWAY}/authorize`);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: id,
    redirect_uri: CLIENT_REDIRECT,
    code_challenge_method: 'S256',
    state: 'client-state',
    resource: GATEWAY,
    ...params,
  };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

export interface Authorized {
  clientId: string;
  code: string;
  verifier: string;
  redirect: URL;
}

/** Registers (unless given) and runs consent + Microsoft sign-in; returns the client's code. */
export async function authorize(
  user: string,
  options: { clientId?: string; params?: Record<string, string>; browser?: TestBrowser } = {},
): Promise<Authorized> {
  const id = options.clientId ?? (await clientId());
  const pkce = await createPkcePair();
  const redirect = await completeAuthorizationInBrowser({
    browser: options.browser ?? newBrowser(),
    authorizationUrl: authorizeUrl(id, { code_challenge: pkce.challenge, ...options.params }),
    user,
  });
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error(`no code in ${redirect}`);
  return { clientId: id, code, verifier: pkce.verifier, redirect };
}

export function tokenRequest(
  params: Record<string, string | undefined>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) body.set(name, value);
  return SELF.fetch(`${GATEWAY}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

export function exchangeCode(
  authorized: Authorized,
  overrides: Record<string, string | undefined> = {},
): Promise<Response> {
  return tokenRequest({
    grant_type: 'authorization_code',
    code: authorized.code,
    redirect_uri: CLIENT_REDIRECT,
    client_id: authorized.clientId,
    code_verifier: authorized.verifier,
    resource: GATEWAY,
    ...overrides,
  });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** A full connection: authorized, code exchanged. */
export async function tokensFor(
  user: string,
  options: Parameters<typeof authorize>[1] = {},
): Promise<Tokens & { clientId: string }> {
  const authorized = await authorize(user, options);
  const response = await exchangeCode(authorized);
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as Tokens), clientId: authorized.clientId };
}

/** One JSON-RPC POST to /mcp (plain JSON-RPC, no session). */
export function mcpPost(
  token: string | undefined,
  message: unknown,
  headers: Record<string, string> = {},
  path = '/mcp',
): Promise<Response> {
  return SELF.fetch(`${GATEWAY}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(message),
  });
}

export const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'security-suite', version: '1.0.0' } },
};

export const callTool = (name: string, args: Record<string, unknown> = {}) => ({
  jsonrpc: '2.0',
  id: 2,
  method: 'tools/call',
  params: { name, arguments: args },
});

/** Signs `upn` in on the connected-apps page; returns that browser and the page with its CSRF token. */
export async function signedInToApps(upn: string): Promise<{ browser: TestBrowser; html: string; csrf: string }> {
  const browser = newBrowser();
  const start = await browser.request(`${GATEWAY}/apps/signin`);
  const microsoft = new URL(start.headers.get('location') ?? '');
  const login = await browser.request(microsoft);
  const { action, fields } = readForm(await login.text());
  const back = await browser.request(new URL(action ?? microsoft.toString(), microsoft), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, user: upn }).toString(),
  });
  const callback = await browser.request(new URL(back.headers.get('location') ?? ''));
  if (callback.status !== 303) throw new Error(`apps sign-in failed: ${callback.status}`);
  const html = await (await browser.request(`${GATEWAY}/apps`)).text();
  return { browser, html, csrf: readForm(html).fields.csrf ?? '' };
}
