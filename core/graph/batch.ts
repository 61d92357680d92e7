/**
 * JSON batching (`POST /$batch`): up to 20 requests per batch, sent one batch after another.
 * A sub-request Graph throttled (429, or 502/503/504 for an idempotent method: `retryable` in
 * core/graph/throttle.ts, the same rule as for a single request) is retried on its own
 * in a later batch after the longest `Retry-After` among them; the others keep their answers.
 * The `$batch` POST itself goes through the same middleware (token, limiter, retry) as any request.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { BatchRequest, BatchResponse } from '../plugin';
import { IDEMPOTENT_METHODS, IdempotentRequest, retryable, retryAfterMs, type RetryPolicy } from './throttle';

export const BATCH_LIMIT = 20;

interface WireResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Runs `requests` in batches of 20 and returns one response per request, in request order.
 *
 * @example
 * const results = await graphBatch(client, ids.map((id) => ({ method: 'PATCH', url: `/me/messages/${id}`, body: { isRead: true } })), policy);
 * results.filter((r) => r.status >= 400).length; // how many failed
 */
export async function graphBatch(
  client: Client,
  requests: readonly BatchRequest[],
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<BatchResponse[]> {
  const results = new Array<BatchResponse | undefined>(requests.length);
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    let pending = requests
      .slice(start, start + BATCH_LIMIT)
      .map((request, offset) => ({ index: start + offset, request }));
    let waited = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const answers = await sendBatch(
        client,
        pending.map(({ index, request }) => wire(index, request)),
      );
      const retry: typeof pending = [];
      let wait = 0;
      for (const item of pending) {
        const answer = answers.get(String(item.index)) ?? missing(item.index);
        const again = retryable(item.request.method, answer.status);
        const delay = again
          ? (retryAfterMs(header(answer, 'retry-after')) ?? policy.baseDelayMs * 2 ** (attempt - 1))
          : 0;
        if (again && attempt < policy.maxAttempts && waited + delay <= policy.maxTotalWaitMs) {
          retry.push(item);
          wait = Math.max(wait, delay);
        } else {
          results[item.index] = answer;
        }
      }
      if (retry.length > 0) {
        await policy.sleep(wait, signal);
        waited += wait;
      }
      pending = retry;
    }
  }
  return results.map((result, index) => result ?? missing(index));
}

function wire(index: number, request: BatchRequest): Record<string, unknown> {
  const hasBody = request.body !== undefined;
  return {
    id: String(index),
    method: request.method,
    url: request.url,
    ...(hasBody || request.headers
      ? { headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...request.headers } }
      : {}),
    ...(hasBody ? { body: request.body } : {}),
  };
}

async function sendBatch(
  client: Client,
  requests: Array<Record<string, unknown>>,
): Promise<Map<string, BatchResponse>> {
  let call = client.api('/$batch');
  // A batch of only idempotent requests may be repeated whole if Graph is briefly unavailable.
  if (requests.every((r) => IDEMPOTENT_METHODS.has(String(r.method))))
    call = call.middlewareOptions([new IdempotentRequest()]);
  const answer = (await call.post({ requests })) as { responses?: WireResponse[] };
  const byId = new Map<string, BatchResponse>();
  for (const response of answer.responses ?? []) {
    byId.set(response.id, {
      id: response.id,
      status: response.status,
      headers: lowerKeys(response.headers ?? {}),
      ...(response.body === undefined ? {} : { body: response.body }),
    });
  }
  return byId;
}

function header(response: BatchResponse, name: string): string | null {
  return response.headers[name] ?? null;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Graph answered the batch but not this sub-request: report it as a failure of its own. */
function missing(index: number): BatchResponse {
  return {
    id: String(index),
    status: 500,
    headers: {},
    body: {
      error: { code: 'MissingBatchResponse', message: 'Microsoft Graph did not answer this part of the batch.' },
    },
  };
}
