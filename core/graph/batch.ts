/**
 * JSON batching (`POST /$batch`): up to 20 requests per batch, sent one batch after another.
 * A sub-request Graph throttled (429, or 502/503/504 for a read: `retryable` in core/graph/throttle.ts,
 * the same rule as for a single request) is retried on its own in a later batch
 * after the longest `Retry-After` among them; the others keep their answers. The `$batch` POST
 * itself goes through the same middleware (token, limiter, retry) as any request.
 *
 * When a whole `$batch` fails, the answers already in are kept and every request gets an outcome
 * of its own: `unknown` for the failed batch's writes when Graph may have carried them out (5xx, a
 * dropped connection, a timeout after sending — never repeated), `failed` when it did not
 * (throttled past the wait budget, refused, or not sent because an earlier batch failed). Later
 * batches are not sent.
 */
import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { BatchOutcome, BatchRequest, BatchResponse } from '../plugin';
import { GraphOutcomeUnknown, GraphThrottled } from './graph-failures';
import { IDEMPOTENT_METHODS, IdempotentRequest, retryable, retryAfterMs, type RetryPolicy } from './throttle';

export const BATCH_LIMIT = 20;

/** Answers after which a write may or may not have been carried out. */
const UNKNOWN_STATUSES = new Set([500, 502, 503, 504]);

interface WireResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

type Pending = Array<{ index: number; request: BatchRequest }>;

/**
 * Runs `requests` in batches of 20 and returns one response per request, in request order. It
 * throws only when nothing was carried out (the first batch refused or cancelled before Graph
 * acted), so the caller's usual error mapping applies.
 *
 * @example
 * const results = await graphBatch(client, ids.map((id) => ({ method: 'PATCH', url: `/me/messages/${id}`, body: { isRead: true } })), policy);
 * results.filter((r) => r.outcome === 'ok').length; // how many were done
 */
export async function graphBatch(
  client: Client,
  requests: readonly BatchRequest[],
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<BatchResponse[]> {
  const results = new Array<BatchResponse | undefined>(requests.length);
  let stopped = false;
  for (let start = 0; start < requests.length && !stopped; start += BATCH_LIMIT) {
    let pending: Pending = requests
      .slice(start, start + BATCH_LIMIT)
      .map((request, offset) => ({ index: start + offset, request }));
    let waited = 0;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let answers: Map<string, WireResponse>;
      try {
        answers = await sendBatch(
          client,
          pending.map(({ index, request }) => wire(index, request)),
        );
      } catch (error) {
        if (!(error instanceof GraphOutcomeUnknown) && results.every((r) => r === undefined)) throw error;
        for (const item of pending) results[item.index] = unanswered(item, error);
        stopped = true;
        break;
      }
      const retry: Array<Pending[number] & { answer: BatchResponse }> = [];
      let wait = 0;
      for (const item of pending) {
        const answer = answered(item.request, answers.get(String(item.index)) ?? missing(item.index));
        const again = retryable(item.request.method, answer.status);
        const delay = again
          ? (retryAfterMs(answer.headers['retry-after'] ?? null) ?? policy.baseDelayMs * 2 ** (attempt - 1))
          : 0;
        if (again && attempt < policy.maxAttempts && waited + delay <= policy.maxTotalWaitMs) {
          retry.push({ ...item, answer });
          wait = Math.max(wait, delay);
        } else {
          results[item.index] = answer;
        }
      }
      if (retry.length > 0) {
        try {
          await policy.sleep(wait, signal);
        } catch {
          // Cancelled while waiting out the throttling: those requests keep their 429 (not done).
          for (const item of retry) results[item.index] = item.answer;
          stopped = true;
          break;
        }
        waited += wait;
      }
      pending = retry;
    }
  }
  // Array.from, not map: map skips the holes of requests never sent.
  return Array.from(results, (result, index) => result ?? notSent(index));
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

async function sendBatch(client: Client, requests: Array<Record<string, unknown>>): Promise<Map<string, WireResponse>> {
  let call = client.api('/$batch');
  // A batch of only reads may be repeated whole if Graph is briefly unavailable.
  if (requests.every((r) => IDEMPOTENT_METHODS.has(String(r.method))))
    call = call.middlewareOptions([new IdempotentRequest()]);
  const answer = (await call.post({ requests })) as { responses?: WireResponse[] };
  return new Map((answer.responses ?? []).map((response) => [response.id, response]));
}

/** Graph's answer to one request, with its outcome: a write answered 5xx may have been done. */
function answered(request: BatchRequest, response: WireResponse): BatchResponse {
  const status = response.status;
  const outcome: BatchOutcome =
    status < 400
      ? 'ok'
      : !IDEMPOTENT_METHODS.has(request.method) && UNKNOWN_STATUSES.has(status)
        ? 'unknown'
        : 'failed';
  return {
    id: response.id,
    status,
    outcome,
    headers: lowerKeys(response.headers ?? {}),
    ...(response.body === undefined ? {} : { body: response.body }),
  };
}

/** A request of a `$batch` that failed as a whole: may it have been carried out? */
function unanswered(item: Pending[number], error: unknown): BatchResponse {
  const id = String(item.index);
  if (error instanceof GraphOutcomeUnknown) {
    const write = !IDEMPOTENT_METHODS.has(item.request.method);
    const what =
      error.reason === 'answer'
        ? `Microsoft Graph answered ${error.status} to the batch holding it`
        : error.reason === 'connection'
          ? 'the connection dropped before the batch holding it was answered'
          : 'the call was cancelled or ran out of time before the batch holding it was answered';
    return synthetic(id, error.status ?? 504, write ? 'unknown' : 'failed', 'BatchOutcomeUnknown', `${what}.`);
  }
  if (error instanceof GraphThrottled) {
    const wait = error.retryAfterSeconds === undefined ? 'a minute' : `${error.retryAfterSeconds} seconds`;
    return {
      ...synthetic(
        id,
        429,
        'failed',
        'BatchThrottled',
        `throttled by Microsoft Graph; not done. Try again in ${wait}.`,
      ),
      ...(error.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(error.retryAfterSeconds) } }),
    };
  }
  const status = error instanceof GraphError && error.statusCode > 0 ? error.statusCode : 424;
  return synthetic(
    id,
    status,
    'failed',
    'BatchNotSent',
    'not done: the batch holding it failed before Graph carried it out.',
  );
}

/** After a batch failed, the later ones are not sent. */
function notSent(index: number): BatchResponse {
  return synthetic(
    String(index),
    424,
    'failed',
    'BatchNotSent',
    'not done: not sent, because an earlier batch failed.',
  );
}

/** Graph answered the batch but not this sub-request: report it as a failure of its own. */
function missing(index: number): WireResponse {
  return {
    id: String(index),
    status: 500,
    body: {
      error: { code: 'MissingBatchResponse', message: 'Microsoft Graph did not answer this part of the batch.' },
    },
  };
}

function synthetic(id: string, status: number, outcome: BatchOutcome, code: string, message: string): BatchResponse {
  return { id, status, outcome, headers: {}, body: { error: { code, message } } };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
