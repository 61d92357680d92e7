/**
 * MailboxGate — one Durable Object per user (named by user key) that hands out the user's Graph
 * slots: at most `GRAPH_CONCURRENCY_PER_MAILBOX` requests in flight per mailbox across all of the
 * user's sessions, transports and stateless requests (sessions live in separate objects and
 * stateless calls in any isolate, so no in-memory limiter can see them all).
 *
 * Nothing is stored: slots are leases held in memory. A lease its holder never returns (an isolate
 * that died mid-request) lapses after `LEASE_MS`; a gate object that is evicted forgets its leases,
 * which at worst lets a few extra requests through once.
 */
import { DurableObject, waitUntil } from 'cloudflare:workers';
import { type ConcurrencyLimiter, GRAPH_CONCURRENCY_PER_MAILBOX } from './concurrency';
import { untilAborted } from './abortable';

/** Longer than a tool call's budget (60 s) plus Graph's own timeout: a live holder never loses its slot. */
export const LEASE_MS = 3 * 60_000;

export class MailboxGate extends DurableObject<Env> {
  private readonly leases = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly waiting: Array<(lease: string) => void> = [];

  /** Resolves with a lease id once a slot is free (queued in order of arrival). */
  acquire(): Promise<string> {
    if (this.leases.size < GRAPH_CONCURRENCY_PER_MAILBOX) return Promise.resolve(this.grant());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(lease: string): void {
    const timer = this.leases.get(lease);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.leases.delete(lease);
    const next = this.waiting.shift();
    if (next) next(this.grant());
  }

  /** Slots in use (for tests and the bench). */
  inUse(): number {
    return this.leases.size;
  }

  private grant(): string {
    const lease = crypto.randomUUID();
    this.leases.set(
      lease,
      setTimeout(() => this.release(lease), LEASE_MS),
    );
    return lease;
  }
}

/**
 * The user's Graph limiter: each request on the wire holds one of the user's slots in the gate.
 * A request whose call is cancelled while it waits gives its slot back as soon as it gets one.
 *
 * @example
 * createGraphClient({ graphBaseUrl, tokens, signal, limiter: mailboxLimiter(env, identity.userKey) });
 */
export function mailboxLimiter(env: Env, userKey: string): ConcurrencyLimiter {
  const gate = () => env.MAILBOX_GATE.get(env.MAILBOX_GATE.idFromName(userKey));
  let active = 0;
  return {
    limit: GRAPH_CONCURRENCY_PER_MAILBOX,
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      signal?.throwIfAborted();
      const stub = gate();
      const acquiring = stub.acquire();
      let lease: string;
      try {
        lease = await untilAborted(acquiring, signal);
      } catch (error) {
        // Cancelled while queued: the slot still arrives, and goes straight back.
        waitUntil(acquiring.then((late) => stub.release(late)).catch(() => undefined));
        throw error;
      }
      active++;
      try {
        return await task();
      } finally {
        active--;
        // Not awaited by the call: the answer need not wait for the gate to hear the slot is free.
        waitUntil(stub.release(lease).catch(() => undefined));
      }
    },
  };
}
