/** The store rules (bound, expiry, collisions) and the session's use of them, on the in-memory store. */
import { describe, expect, it } from 'vitest';
import { handleRungs, userHandleKey } from './derive';
import { HANDLE_TTL_MS, MAX_HANDLES, MAX_PER_CALL, MemoryHandleStore } from './handle-book';
import { HandleSession } from './session-handles';

const DAY = 24 * 60 * 60 * 1000;
const entry = (n: number) => ({ handle: `m${n}`, kind: 'message', id: `id-${n}` });

describe('HandleStore rules', () => {
  it('keeps the 10,000 most recently shown: the 10,001st evicts the least recently shown', async () => {
    let now = 1_000_000;
    const store = new MemoryHandleStore(() => now);
    // A call records at most MAX_PER_CALL handles: fill the store over ten calls.
    for (let start = 0; start < MAX_HANDLES; start += MAX_PER_CALL) {
      await store.record(Array.from({ length: MAX_PER_CALL }, (_, n) => entry(start + n)));
    }
    now += 1;
    await store.record([entry(0)]); // shown again: now the most recent
    now += 1;
    await store.record([entry(MAX_HANDLES)]);
    expect(store.size).toBe(MAX_HANDLES);
    const { found } = await store.resolve(['m0', 'm1', 'm2', `m${MAX_HANDLES}`]);
    expect(Object.keys(found).sort()).toEqual(['m0', 'm10000', 'm2']);
  });

  it('resolves a handle for 30 days after it was last shown, not after', async () => {
    let now = 0;
    const store = new MemoryHandleStore(() => now);
    await store.record([entry(1), entry(2)]);
    now = 20 * DAY;
    await store.record([entry(2)]);
    now = HANDLE_TTL_MS;
    expect(Object.keys((await store.resolve(['m1', 'm2'])).found)).toEqual(['m1', 'm2']);
    now = HANDLE_TTL_MS + 1;
    expect(Object.keys((await store.resolve(['m1', 'm2'])).found)).toEqual(['m2']);
  });

  it('retires a handle two items share: it resolves to neither', async () => {
    const store = new MemoryHandleStore();
    await store.record([{ handle: 'm2abcd', kind: 'message', id: 'first' }]);
    const answer = await store.record([{ handle: 'm2abcd', kind: 'message', id: 'second' }]);
    expect(answer.ambiguous).toEqual(['m2abcd']);
    expect(await store.resolve(['m2abcd'])).toEqual({ found: {}, ambiguous: ['m2abcd'] });
  });
});

describe('HandleSession', () => {
  it('derives the same handle for the same user and item, another for another user', () => {
    const adele = userHandleKey('secret', 'tenant.adele');
    const megan = userHandleKey('secret', 'tenant.megan');
    const id = 'AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A';
    expect(handleRungs(adele, 'message', id)).toEqual(
      handleRungs(userHandleKey('secret', 'tenant.adele'), 'message', id),
    );
    expect(handleRungs(adele, 'message', id)[0]).not.toBe(handleRungs(megan, 'message', id)[0]);
    expect(handleRungs(adele, 'message', id)[0]).toMatch(/^m[0-9][0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('after a collision, shows both items one character longer, and those resolve', async () => {
    const store = new MemoryHandleStore();
    const key = userHandleKey('secret', 'tenant.user');
    const writes: Promise<unknown>[] = [];
    const session = new HandleSession({ store: () => store, key, defer: (w) => writes.push(w) });
    const [short] = handleRungs(key, 'message', 'item-b');
    // Another item already holds item-b's short handle (as a collision would leave it).
    await store.record([{ handle: short!, kind: 'message', id: 'item-a' }]);
    expect(session.show('message', 'item-b')).toBe(short);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(writes);
    expect((await session.resolve([short!])).get(short!)).toBe('ambiguous');
    const longer = session.show('message', 'item-b');
    expect(longer).toHaveLength(short!.length + 1);
    expect(longer.startsWith(short!)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(writes);
    expect((await session.resolve([longer])).get(longer)).toEqual({ kind: 'message', id: 'item-b' });
  });
});
