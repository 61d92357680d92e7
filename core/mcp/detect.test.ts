import { describe, expect, it } from 'vitest';
import { detectProtocol, type DetectedProtocol } from './detect';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
};
const toolsList = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
const SESSION = '0b7c5a52-4a8e-4c35-9d1e-3c2f1a7e8d90';

function detect(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): DetectedProtocol {
  const url = new URL(path, 'https://gateway.test');
  return detectProtocol({
    method,
    pathname: url.pathname,
    searchParams: url.searchParams,
    headers: new Headers(headers),
    body,
  });
}

describe('detectProtocol', () => {
  it.each(['/mcp', '/sse'])('treats the same requests alike on %s', (path) => {
    expect(detect('POST', path, {}, toolsList)).toEqual({ kind: 'stateless', batch: false });
    expect(detect('GET', path, { accept: 'text/event-stream' })).toEqual({ kind: 'legacy-open' });
    expect(detect('GET', path, { upgrade: 'websocket' })).toEqual({ kind: 'websocket' });
  });

  it.each<[string, string, Record<string, string>, unknown, DetectedProtocol]>([
    ['WebSocket upgrade (any case)', 'GET', { upgrade: 'WebSocket' }, undefined, { kind: 'websocket' }],
    [
      'upgrade wins over a session header',
      'GET',
      { upgrade: 'websocket', 'mcp-session-id': SESSION },
      undefined,
      { kind: 'websocket' },
    ],
    [
      'Streamable POST in a session',
      'POST',
      { 'mcp-session-id': SESSION },
      toolsList,
      { kind: 'streamable', sessionId: SESSION },
    ],
    ['initialize starts a session', 'POST', {}, initialize, { kind: 'streamable-initialize' }],
    [
      'initialize naming a session id of its own',
      'POST',
      { 'mcp-session-id': SESSION },
      initialize,
      { kind: 'unknown-session', message: expect.stringMatching(/without Mcp-Session-Id/) },
    ],
    [
      'a 2025-03-26 batch',
      'POST',
      { 'mcp-protocol-version': '2025-03-26' },
      [toolsList],
      { kind: 'stateless', batch: true },
    ],
    ['initialize inside a batch', 'POST', {}, [initialize], { kind: 'streamable-initialize' }],
    [
      'initialize wins over a stray version header',
      'POST',
      { 'mcp-protocol-version': '2026-07-28' },
      initialize,
      { kind: 'streamable-initialize' },
    ],
    [
      'plain JSON-RPC request',
      'POST',
      { 'content-type': 'application/x-www-form-urlencoded' },
      toolsList,
      { kind: 'stateless', batch: false },
    ],
    [
      'plain JSON-RPC batch',
      'POST',
      {},
      [toolsList, { jsonrpc: '2.0', id: 3, method: 'ping' }],
      { kind: 'stateless', batch: true },
    ],
    [
      'a lone notification',
      'POST',
      {},
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { kind: 'stateless', batch: false },
    ],
    [
      'a supported version header',
      'POST',
      { 'mcp-protocol-version': '2025-11-25' },
      toolsList,
      { kind: 'stateless', batch: false },
    ],
    [
      'a 2026-07-28 probe',
      'POST',
      { 'mcp-protocol-version': '2026-07-28' },
      { jsonrpc: '2.0', id: 0, method: 'server/discover' },
      { kind: 'unsupported-version', requested: '2026-07-28' },
    ],
    ['legacy message endpoint', 'POST', {}, toolsList, { kind: 'legacy-message', sessionId: SESSION }],
    [
      'Streamable GET stream',
      'GET',
      { 'mcp-session-id': SESSION, accept: 'text/event-stream' },
      undefined,
      { kind: 'streamable', sessionId: SESSION },
    ],
    [
      'legacy stream with parameters in Accept',
      'GET',
      { accept: 'text/event-stream;q=0.9, */*' },
      undefined,
      { kind: 'legacy-open' },
    ],
    [
      'DELETE ends a session',
      'DELETE',
      { 'mcp-session-id': SESSION },
      undefined,
      { kind: 'streamable', sessionId: SESSION },
    ],
  ])('%s', (_name, method, headers, body, expected) => {
    const path = _name === 'legacy message endpoint' ? `/sse/message?sessionId=${SESSION}` : '/mcp';
    expect(detect(method, path, headers, body)).toEqual(expected);
  });

  it.each<[string, string, string, Record<string, string>, unknown, number, RegExp]>([
    ['upgrade on POST', 'POST', '/mcp', { upgrade: 'websocket' }, toolsList, 400, /must be a GET/],
    ['message endpoint without sessionId', 'POST', '/sse/message', {}, toolsList, 400, /sessionId/],
    ['JSON that is not JSON-RPC', 'POST', '/mcp', {}, { hello: 'world' }, 400, /not a JSON-RPC/],
    ['an empty batch', 'POST', '/mcp', {}, [], 400, /empty batch/],
    ['an empty batch in a session', 'POST', '/mcp', { 'mcp-session-id': SESSION }, [], 400, /empty batch/],
    [
      'a batch at 2025-06-18',
      'POST',
      '/mcp',
      { 'mcp-protocol-version': '2025-06-18' },
      [toolsList],
      400,
      /no JSON-RPC batches/,
    ],
    [
      'a batch in a 2025-11-25 session',
      'POST',
      '/mcp',
      { 'mcp-session-id': SESSION, 'mcp-protocol-version': '2025-11-25' },
      [toolsList],
      400,
      /no JSON-RPC batches/,
    ],
    ['a batch with a non-message', 'POST', '/mcp', {}, [toolsList, 5], 400, /not a JSON-RPC/],
    ['wrong jsonrpc version', 'POST', '/mcp', {}, { jsonrpc: '1.0', id: 1, method: 'ping' }, 400, /not a JSON-RPC/],
    [
      'GET without session or event-stream Accept',
      'GET',
      '/mcp',
      { accept: 'text/html' },
      undefined,
      406,
      /Accept: text\/event-stream/,
    ],
    ['DELETE without session', 'DELETE', '/mcp', {}, undefined, 400, /Mcp-Session-Id/],
    ['PUT', 'PUT', '/mcp', {}, undefined, 405, /not used by MCP/],
    ['PATCH', 'PATCH', '/sse', {}, undefined, 405, /not used by MCP/],
  ])('rejects %s with a 4xx that says what is supported', (_name, method, path, headers, body, status, message) => {
    const route = detect(method, path, headers, body);
    expect(route.kind).toBe('reject');
    if (route.kind !== 'reject') return;
    expect(route.status).toBe(status);
    expect(route.message).toMatch(message);
  });
});
