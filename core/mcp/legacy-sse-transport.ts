/**
 * The 2024-11-05 HTTP+SSE transport, web-standard (the SDK's SSEServerTransport needs Node's
 * http module). GET opens an event stream whose first event, `endpoint`, names where to POST;
 * every POST there is answered 202 and its response travels on the stream.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

/** Comment lines keep proxies and clients from timing the idle stream out. */
export const SSE_KEEP_ALIVE_MS = 15_000;

export class LegacySseTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly sessionId: string;

  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly readable: ReadableStream<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  /** @param endpoint where the client POSTs its messages (relative to the stream's URL) */
  constructor(
    sessionId: string,
    private readonly endpoint: string,
    private readonly keepAliveMs = SSE_KEEP_ALIVE_MS,
  ) {
    this.sessionId = sessionId;
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    this.readable = readable;
    this.writer = writable.getWriter();
    // A write fails once the client has gone: that ends the session.
    this.writer.closed.catch(() => undefined).finally(() => void this.close());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async start(): Promise<void> {
    this.write(`event: endpoint\ndata: ${this.endpoint}\n\n`);
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), this.keepAliveMs);
  }

  /** The event-stream response for the opening GET. */
  response(): Response {
    return new Response(this.readable, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  }

  /** A message POSTed to the endpoint; `extra.authInfo` is the grant of the token that POSTed it. */
  receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    this.onmessage?.(message, extra);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('The HTTP+SSE stream is closed');
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.keepAlive !== undefined) clearInterval(this.keepAlive);
    await this.writer.close().catch(() => undefined);
    this.onclose?.();
  }

  private write(text: string): void {
    if (this.closed) return;
    this.writer.write(this.encoder.encode(text)).catch(() => void this.close());
  }
}
