/**
 * `$filter` and `$search` values reach Graph exactly as the plugin meant them, whether it passed
 * them raw or already encoded (as the mail plugin does): read back from what the emulated Graph
 * received.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../generated/mocks';
import { createEmulator, createToolTestSession } from '../testing';
import { encodeQueryValue } from './query-values';

const emulator = createEmulator({
  authorityOrigin: 'https://login.query.test',
  graphBaseUrl: 'https://graph.query.test/v1.0',
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => emulator.reset());
afterAll(() => server.close());

/** What Graph decoded from the query of the last request to /me/messages. */
function received(name: '$filter' | '$search'): string | null {
  const last = emulator.stats.graphRequests.filter((request) => request.path === '/me/messages').at(-1);
  return new URLSearchParams(last?.search ?? '').get(name);
}

const RAW_FILTER = "from/emailAddress/address eq 'a+b&c#d%e@contoso.com' and isRead eq false";
const RAW_SEARCH = '"50% off & more + free #1 ünïcode 😀"';

describe('query values', () => {
  it('encodes a raw $filter and $search so Graph reads them as written', async () => {
    const { graph } = (await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' })).context();
    await graph
      .api('/me/messages')
      .filter(RAW_FILTER)
      .top(1)
      .get()
      .catch(() => undefined);
    expect(received('$filter')).toBe(RAW_FILTER);
    await graph
      .api('/me/messages')
      .search(RAW_SEARCH)
      .top(1)
      .get()
      .catch(() => undefined);
    expect(received('$search')).toBe(RAW_SEARCH);
  });

  it('leaves a value the plugin already encoded as it is (no double encoding)', async () => {
    const { graph } = (await createToolTestSession({ emulator, user: 'AdeleV@contoso.com' })).context();
    await graph
      .api('/me/messages')
      .filter(encodeURIComponent(RAW_FILTER))
      .top(1)
      .get()
      .catch(() => undefined);
    expect(received('$filter')).toBe(RAW_FILTER);
    await graph
      .api('/me/messages')
      .search(encodeURIComponent(RAW_SEARCH))
      .top(1)
      .get()
      .catch(() => undefined);
    expect(received('$search')).toBe(RAW_SEARCH);
  });

  it('is idempotent', () => {
    for (const value of [RAW_FILTER, RAW_SEARCH, 'isRead eq true', '100%', '%zz'])
      expect(encodeQueryValue(encodeQueryValue(value))).toBe(encodeQueryValue(value));
  });
});
