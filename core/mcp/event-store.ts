/**
 * Resumable Streamable HTTP streams: the SDK transport numbers every SSE event through this store
 * and replays what a client missed when it reconnects with `Last-Event-ID`.
 *
 * Kept in the session Durable Object's memory, bounded per session: a reconnect to the same live
 * session resumes; after the object is evicted the stream history is gone (the session itself is
 * rebuilt from storage, but events sent before eviction cannot be replayed).
 */
import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Events kept per session; older ones are dropped first. */
export const MAX_STORED_EVENTS = 200;

interface StoredEvent {
  streamId: string;
  message: JSONRPCMessage;
}

export class SessionEventStore implements EventStore {
  private readonly events = new Map<string, StoredEvent>();
  private counter = 0;

  constructor(private readonly limit = MAX_STORED_EVENTS) {}

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    // `<streamId>_<sequence>`: the stream is recoverable from the id, and ids sort by time.
    const eventId = `${streamId}_${String(++this.counter).padStart(10, '0')}`;
    this.events.set(eventId, { streamId, message });
    while (this.events.size > this.limit) {
      const oldest = this.events.keys().next().value as string;
      this.events.delete(oldest);
    }
    return eventId;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.get(eventId)?.streamId ?? streamOf(eventId);
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const streamId = this.events.get(lastEventId)?.streamId ?? streamOf(lastEventId);
    if (!streamId) return '';
    for (const [eventId, event] of this.events) {
      // Priming events carry an empty message: they only give the client a cursor.
      if (event.streamId !== streamId || eventId <= lastEventId || !('jsonrpc' in event.message)) continue;
      await send(eventId, event.message);
    }
    return streamId;
  }
}

function streamOf(eventId: string): string | undefined {
  const cut = eventId.lastIndexOf('_');
  return cut > 0 ? eventId.slice(0, cut) : undefined;
}
