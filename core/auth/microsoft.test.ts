import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config/config';
import { MICROSOFT_TOKEN_TIMEOUT_MS, MicrosoftTokenError, refreshMicrosoftTokens } from './microsoft';
import { refreshFailureKind } from './microsoft-errors';

const config = {
  authority: 'https://login.slow.test/organizations',
  msClientId: 'client',
  msClientSecret: 'secret',
  publicBaseUrl: 'https://gateway.test',
} as GatewayConfig;

/** A token endpoint that never answers: the request ends only when its signal aborts. */
function hangingTokenEndpoint() {
  const seen: Array<AbortSignal | undefined> = [];
  vi.stubGlobal('fetch', (_input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(init?.signal ?? undefined);
    return new Promise<Response>((_resolve, reject) =>
      init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)),
    );
  });
  return seen;
}

afterEach(() => vi.unstubAllGlobals());

describe("Microsoft's token endpoint", () => {
  it('a refresh that gets no answer gives up after the timeout as a retryable error, not as "sign in again"', async () => {
    const seen = hangingTokenEndpoint();
    const started = Date.now();
    const failure = await refreshMicrosoftTokens(config, 'rt', ['Mail.Read'], { timeoutMs: 50 }).catch(
      (error: unknown) => error,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(failure).toBeInstanceOf(MicrosoftTokenError);
    expect(refreshFailureKind(failure as MicrosoftTokenError)).toBe('unavailable');
    expect((failure as MicrosoftTokenError).error).toBe('temporarily_unavailable');
    expect((failure as MicrosoftTokenError).description).toMatch(/no answer within 0.05 s/);
    expect(seen).toHaveLength(1);
  });

  it('the default timeout leaves most of the 60 s tool-call budget', () => {
    expect(MICROSOFT_TOKEN_TIMEOUT_MS).toBeLessThanOrEqual(15_000);
  });

  it('a network failure is retryable too', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed')));
    const failure = await refreshMicrosoftTokens(config, 'rt', []).catch((error: unknown) => error);
    expect(failure).toMatchObject({ error: 'temporarily_unavailable', description: 'network error' });
    expect(refreshFailureKind(failure as MicrosoftTokenError)).toBe('unavailable');
  });
});
