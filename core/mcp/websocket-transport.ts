/**
 * MCP over a WebSocket (subprotocol `mcp`: one JSON-RPC message per text frame) held by the
 * session Durable Object through the hibernation API: the object hands incoming frames to
 * `receive`; `send` writes to the socket, which survives the object's hibernation.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import { batchRefusal, negotiatedVersion } from './batch-rules';
import { MAX_BODY_BYTES } from './request-body';

/** RFC 6455 close code: the message is too big to process. */
export const MESSAGE_TOO_BIG_CLOSE = 1009;

/**
 * A frame over the HTTP body limit (4 MiB) is refused like an HTTP body: the client gets a JSON-RPC
 * error saying why, then the socket closes with 1009 — its request cannot be answered, and waiting
 * for an answer that never comes is worse than reconnecting. Returns whether it refused.
 *
 * @example
 * if (refuseOversizedFrame(socket, data)) return;
 */
export function refuseOversizedFrame(socket: WebSocket, data: string | ArrayBuffer): boolean {
  if (frameBytes(data) <= MAX_BODY_BYTES) return false;
  sendError(
    socket,
    `The message is larger than ${MAX_BODY_BYTES} bytes (${MAX_BODY_BYTES / 1024 / 1024} MiB). Send smaller messages.`,
  );
  socket.close(MESSAGE_TOO_BIG_CLOSE, 'message too big');
  return true;
}

/**
 * Batches follow the Streamable HTTP rules (batch-rules.ts): none empty, none once the socket's
 * initialize negotiated 2025-06-18 or later. Returns whether it refused.
 *
 * @example
 * if (refuseBatch(socket, message, attachment.initialize?.message)) return;
 */
export function refuseBatch(socket: WebSocket, message: unknown, initialize: unknown): boolean {
  const refusal = batchRefusal(message, initialize === undefined ? undefined : negotiatedVersion(initialize));
  if (refusal) sendError(socket, refusal);
  return refusal !== undefined;
}

function sendError(socket: WebSocket, message: string): void {
  socket.send(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message } }));
}

/** UTF-8 size of a frame, without encoding a string that is clearly small or clearly large. */
function frameBytes(data: string | ArrayBuffer): number {
  if (typeof data !== 'string') return data.byteLength;
  if (data.length > MAX_BODY_BYTES || data.length * 3 <= MAX_BODY_BYTES) return data.length;
  return new TextEncoder().encode(data).byteLength;
}

export class WebSocketServerTransport implements Transport {
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  /** While replaying the initialize exchange after a wake-up, the answers are not re-sent. */
  private muted: { id: string | number; answered: () => void } | undefined;

  constructor(
    private readonly socket: WebSocket,
    readonly sessionId: string,
  ) {}

  async start(): Promise<void> {}

  /** A frame's message; `extra.authInfo` is the grant of the token that opened the socket. */
  receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    this.onmessage?.(message, extra);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.muted && 'id' in message && message.id === this.muted.id && !('method' in message)) {
      this.muted.answered();
      return;
    }
    this.socket.send(JSON.stringify(message));
  }

  /** Rebuilds protocol state after hibernation by replaying `initialize` without answering it again. */
  async replay(initialize: JSONRPCMessage & { id: string | number }): Promise<void> {
    const answered = new Promise<void>((resolve) => {
      this.muted = { id: initialize.id, answered: resolve };
    });
    this.receive(initialize);
    await answered;
    this.muted = undefined;
    this.receive({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  async close(): Promise<void> {
    try {
      this.socket.close(1000, 'session closed');
    } catch {
      // already closed
    }
    this.onclose?.();
  }
}
