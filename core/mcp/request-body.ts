/**
 * The one place a POST body to /mcp or /sse is read. A Worker isolate has 128 MB: reading an
 * unbounded body (`request.text()`) lets one request exhaust it. So the declared length is checked
 * first and the stream is counted while it is read, cancelled as soon as it passes the limit
 * (a chunked body declares no length).
 *
 * A refused body is still read to its end (and dropped) when it is at most `DRAIN_SLACK_BYTES` over
 * the limit: answering before the upload is consumed makes the runtime reset the connection, so a
 * real HTTP client sees ECONNRESET instead of the 413. Larger bodies are cut off unread.
 *
 * The result is remembered per Request object: the scope check (core/auth/scope-check.ts) and
 * the endpoint (mcp-endpoint.ts) both ask for it, and the network stream is consumed only once.
 */
import { HttpError } from '../http/http-error';

/** Larger bodies are refused (413) before parsing; tool arguments are small. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** How far past the limit a refused body is still read (and discarded) so the client gets the 413. */
export const DRAIN_SLACK_BYTES = 2 * 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; response: Response };

const reads = new WeakMap<Request, Promise<BodyRead>>();

/**
 * The request body as text, or the 413 JSON-RPC answer when it is larger than `MAX_BODY_BYTES`.
 * Each call for the same Request returns the same result.
 *
 * @example
 * const body = await readRequestBody(request);
 * if (!body.ok) return body.response;
 * const message = JSON.parse(body.text);
 */
export function readRequestBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  let read = reads.get(request);
  if (!read) {
    read = readLimited(request, limit);
    reads.set(request, read);
  }
  return read;
}

async function readLimited(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) {
    if (!request.body) return { ok: false, response: tooLarge(limit) };
    if (declared <= limit + DRAIN_SLACK_BYTES) await drain(request.body.getReader(), 0, limit + DRAIN_SLACK_BYTES);
    // Far too large: not read at all; cancelling tells the runtime the rest will not be consumed.
    else await request.body.cancel().catch(() => undefined);
    return { ok: false, response: tooLarge(limit) };
  }
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await drain(reader, total, limit + DRAIN_SLACK_BYTES);
      return { ok: false, response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

/** Reads and drops the rest of a body, giving up (cancelling) once `max` bytes in all were read. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number, max: number): Promise<void> {
  let total = alreadyRead;
  try {
    while (total <= max) {
      const { value, done } = await reader.read();
      if (done) return;
      total += value.byteLength;
    }
  } catch {
    return; // the client went away: nothing left to answer
  }
  await reader.cancel().catch(() => undefined);
}

function tooLarge(limit: number): Response {
  return HttpError.jsonRpc(
    413,
    -32600,
    `The request body is larger than ${limit} bytes (${limit / 1024 / 1024} MiB). Send smaller requests.`,
  ).toResponse();
}
