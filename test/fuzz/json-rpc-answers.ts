/**
 * What every answer to a fuzzed JSON-RPC body must be (test/security/transport-fuzz.test.ts): a
 * JSON-RPC result or error with a message (never -32603, JSON-RPC's "internal error"), an event
 * stream of those, nothing (202), or an HTTP 4xx with a JSON body; never a 5xx.
 */
import { expect } from 'vitest';
import { MAX_BODY_BYTES } from '../../core/mcp/request-body';
import type { RawBody } from './json-rpc-bodies';

export interface JsonRpcAnswer {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  result?: { isError?: boolean; content?: Array<{ type: string; text?: string }> };
  error?: { code?: unknown; message?: unknown };
}

/** What every JSON-RPC message the gateway sends back must be. */
export function checkMessage(message: unknown, context: string): void {
  expect(typeof message === 'object' && message !== null && !Array.isArray(message), context).toBe(true);
  const answer = message as JsonRpcAnswer;
  expect(answer.jsonrpc, context).toBe('2.0');
  if (typeof answer.method === 'string') return; // a notification or request of the server's own
  if (answer.error !== undefined) {
    expect(Number.isInteger(answer.error.code), context).toBe(true);
    expect(typeof answer.error.message === 'string' && answer.error.message.trim() !== '', context).toBe(true);
    // -32603 is JSON-RPC's "internal error": for a client's mistake it means the server broke.
    expect(answer.error.code, `${context}: ${String(answer.error.message)}`).not.toBe(-32603);
    return;
  }
  expect(answer.result, context).toBeTypeOf('object');
  if (answer.result?.isError) {
    const text = (answer.result.content ?? []).map((item) => item.text ?? '').join('\n');
    expect(text.trim(), context).not.toBe('');
    expect(text, context).not.toMatch(/Internal error in/);
  }
}

/** Checks an HTTP answer to a fuzz body: no 5xx; JSON-RPC, an event stream of it, nothing (202), or a 4xx JSON body. */
export async function checkHttp(response: Response, sent: RawBody, context: string): Promise<void> {
  const text = await response.text();
  const where = `${context} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  // Over the limit is refused before it is parsed, however it would have been answered.
  if (overBodyLimit(sent)) expect(response.status, where).toBe(413);
  if (response.status === 202 || response.status === 204) return;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/event-stream')) {
    for (const line of text.split('\n')) if (line.startsWith('data:')) checkMessage(JSON.parse(line.slice(5)), where);
    return;
  }
  expect(type, where).toMatch(/json/);
  const body = JSON.parse(text) as unknown;
  if (response.status >= 400 && !Array.isArray(body) && !('jsonrpc' in (body as object))) {
    // A non-JSON-RPC refusal (OAuth's 401/403) still says what is wrong.
    expect((body as { error?: unknown }).error, where).toBeDefined();
    return;
  }
  for (const message of Array.isArray(body) ? body : [body]) checkMessage(message, where);
}

/** Whether the body is over the 4 MiB limit as sent (UTF-8); a string that cannot be is not encoded. */
export function overBodyLimit(body: RawBody): boolean {
  if (typeof body !== 'string') return body.byteLength > MAX_BODY_BYTES;
  if (body.length * 3 <= MAX_BODY_BYTES) return false;
  return new TextEncoder().encode(body).byteLength > MAX_BODY_BYTES;
}

export const describeBody = (body: RawBody) =>
  typeof body === 'string'
    ? `body ${JSON.stringify(body.slice(0, 200))}${body.length > 200 ? `… (${body.length} chars)` : ''}`
    : `bytes [${Array.from(body.subarray(0, 60)).join(',')}${body.length > 60 ? '…' : ''}]`;

/** The ping after a case: answered with a result under its id (an event stream is read to its answer). */
export async function expectAlive(response: Response, id: string, context: string): Promise<void> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  expect(response.status, `${context}: the ping after it: ${text.slice(0, 300)}`).toBe(200);
  const messages = type.includes('event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)) as unknown)
    : [JSON.parse(text) as unknown];
  const answer = messages.find((message) => (message as { id?: unknown }).id === id) as JsonRpcAnswer | undefined;
  expect(answer?.result, `${context}: the ping after it: ${text.slice(0, 300)}`).toBeTypeOf('object');
}
