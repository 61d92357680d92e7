import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../generated/mocks';
import { createEmulator } from '../testing';
import { createConcurrencyLimiter } from './concurrency';
import { createGraphClient } from './graph-client';

// A call's signal ends every wait it is in: for a token, for a concurrency slot. The Graph
// client runs against the emulated tenant; only the token source and the slots are held back.
const emulator = createEmulator({
  authorityOrigin: 'https://login.abort.test',
  graphBaseUrl: 'https://graph.abort.test/v1.0',
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const never = <T>() => new Promise<T>(() => undefined);

describe('cancellation ends the waits of a Graph call', () => {
  it('a token that never comes: the call ends with the signal (TimeoutError) instead of hanging', async () => {
    const graph = createGraphClient({
      graphBaseUrl: 'https://graph.abort.test/v1.0',
      tokens: { getToken: never },
      signal: AbortSignal.timeout(50),
    });
    const started = Date.now();
    await expect(graph.api('/me/messages').get()).rejects.toMatchObject({ code: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a call waiting for a concurrency slot ends when cancelled, and leaves the queue', async () => {
    const limiter = createConcurrencyLimiter(1);
    let release!: () => void;
    const holder = limiter.run(() => new Promise<void>((done) => (release = done)));
    const controller = new AbortController();
    let ran = false;
    const waiter = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('cancelled by the client'));
    await expect(waiter).rejects.toThrow('cancelled by the client');
    release();
    await holder;
    expect(ran).toBe(false);
    expect(limiter.active).toBe(0);
    // The slot is free for the next caller.
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('a Graph request queued behind 4 slow ones ends with the call signal', async () => {
    server.use(http.get('https://graph.abort.test/v1.0/me/mailFolders', () => never()));
    const limiter = createConcurrencyLimiter(4);
    const tokens = { getToken: async () => 'token' };
    const slow = createGraphClient({
      graphBaseUrl: 'https://graph.abort.test/v1.0',
      tokens,
      limiter,
      signal: AbortSignal.timeout(400),
    });
    const blocked = Array.from({ length: 4 }, () =>
      slow
        .api('/me/mailFolders')
        .get()
        .catch(() => undefined),
    );
    await new Promise((done) => setTimeout(done, 20));
    expect(limiter.active).toBe(4);
    const queued = createGraphClient({
      graphBaseUrl: 'https://graph.abort.test/v1.0',
      tokens,
      limiter,
      signal: AbortSignal.timeout(50),
    });
    const started = Date.now();
    await expect(queued.api('/me/messages').get()).rejects.toMatchObject({ code: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(300);
    await Promise.all(blocked);
  });
});
