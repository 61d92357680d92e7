/**
 * PUBLIC_DISCOVERY through the Worker's fetch with a modified env: off (the default), every MCP
 * request needs a token; on, server/discover and tools/list (2026-07-28 and plain JSON-RPC) answer
 * without one, while tools/call, resources/read and a 2025-era initialize still get the 401 that
 * starts OAuth.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../core/worker';
import { GATEWAY } from './harness';

const MODERN = '2026-07-28';
const withDiscovery = (value: string) => ({ ...env, PUBLIC_DISCOVERY: value }) as unknown as Env;

function anonymousPost(deployment: Env, message: object, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request(`${GATEWAY}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(message),
  });
  return worker.fetch(request as Parameters<typeof worker.fetch>[0], deployment, createExecutionContext());
}

/** A 2026-07-28 request: the `_meta` envelope and the revision, method and name headers. */
function modern(deployment: Env, method: string, params: Record<string, unknown> = {}): Promise<Response> {
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const name = typeof params.name === 'string' ? params.name : typeof params.uri === 'string' ? params.uri : undefined;
  return anonymousPost(
    deployment,
    { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: envelope } },
    { 'mcp-protocol-version': MODERN, 'mcp-method': method, ...(name ? { 'mcp-name': name } : {}) },
  );
}

const plain = (deployment: Env, method: string, params: object = {}) =>
  anonymousPost(deployment, { jsonrpc: '2.0', id: 1, method, params });

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'anonymous', version: '1' } },
};

async function expectOAuthChallenge(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/resource_metadata=/);
}

describe('PUBLIC_DISCOVERY = "false" (the default)', () => {
  const off = withDiscovery('false');

  it.each(['server/discover', 'tools/list'])(
    '2026-07-28 %s without a token: 401 with the OAuth challenge',
    async (method) => {
      await expectOAuthChallenge(await modern(off, method));
    },
  );

  it('plain JSON-RPC tools/list without a token: 401 with the OAuth challenge', async () => {
    await expectOAuthChallenge(await plain(off, 'tools/list'));
  });

  it('the wrangler.toml default is "false"', () => {
    expect(env.PUBLIC_DISCOVERY).toBe('false');
  });
});

describe('PUBLIC_DISCOVERY = "true"', () => {
  const on = withDiscovery('true');

  it('2026-07-28 server/discover answers without a token', async () => {
    const response = await modern(on, 'server/discover');
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { supportedVersions: string[]; capabilities: object } };
    expect(result.supportedVersions).toContain(MODERN);
    expect(result.capabilities).toMatchObject({ tools: {} });
  });

  it('2026-07-28 tools/list answers without a token', async () => {
    const response = await modern(on, 'tools/list');
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { tools: Array<{ name: string }> } };
    expect(result.tools.map((tool) => tool.name)).toContain('getEmails');
  });

  it('plain JSON-RPC tools/list answers without a token', async () => {
    const response = await plain(on, 'tools/list');
    expect(response.status).toBe(200);
    const { id, result } = (await response.json()) as { id: number; result: { tools: Array<{ name: string }> } };
    expect(id).toBe(1);
    expect(result.tools.map((tool) => tool.name)).toContain('sendEmail');
  });

  it.each([
    ['2026-07-28 tools/call', () => modern(on, 'tools/call', { name: 'getEmails', arguments: {} })],
    ['2026-07-28 resources/read', () => modern(on, 'resources/read', { uri: 'm365://mail/a/attachments/b' })],
    ['2026-07-28 resources/templates/list', () => modern(on, 'resources/templates/list')],
    ['plain JSON-RPC tools/call', () => plain(on, 'tools/call', { name: 'getEmails', arguments: {} })],
    ['a batch holding tools/list', () => anonymousPost(on, [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }])],
    ['a 2025-era initialize', () => anonymousPost(on, initialize)],
  ])('%s without a token: still 401 with the OAuth challenge', async (_, send) => {
    await expectOAuthChallenge(await send());
  });
});
