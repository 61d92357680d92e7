/**
 * MCP over a WebSocket (subprotocol `mcp`: one JSON-RPC message per text frame) held by the
 * session Durable Object through the hibernation API: the object hands incoming frames to
 * `receive`; `send` writes to the socket, which survives the object's hibernation.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

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
