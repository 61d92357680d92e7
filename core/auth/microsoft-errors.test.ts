import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config/config';
import { MicrosoftTokenError, refreshMicrosoftTokens } from './microsoft';
import { refreshFailureKind } from './microsoft-errors';

const config = {
  authority: 'https://login.errors.test/organizations',
  msClientId: 'client',
  msClientSecret: 'secret',
  publicBaseUrl: 'https://gateway.test',
} as GatewayConfig;

afterEach(() => vi.unstubAllGlobals());

/** Microsoft's token endpoint answering one error body, as it formats them. */
async function refreshFailure(status: number, body: Record<string, unknown>): Promise<MicrosoftTokenError> {
  vi.stubGlobal('fetch', async () => Response.json(body, { status }));
  const failure = await refreshMicrosoftTokens(config, 'rt', ['Mail.Read']).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(MicrosoftTokenError);
  return failure as MicrosoftTokenError;
}

describe("Microsoft's refresh errors", () => {
  it('reads error_codes and suberror from the answer', async () => {
    const failure = await refreshFailure(400, {
      error: 'invalid_grant',
      error_description:
        "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\r\nTrace ID: t",
      error_codes: [50076],
      suberror: 'basic_action',
    });
    expect(failure.errorCodes).toEqual([50076]);
    expect(failure.suberror).toBe('basic_action');
    expect(refreshFailureKind(failure)).toBe('interaction_required');
  });

  it('falls back to the AADSTS number in the description when error_codes is missing', async () => {
    const failure = await refreshFailure(400, {
      error: 'invalid_grant',
      error_description: 'AADSTS53003: Access has been blocked by Conditional Access policies.',
    });
    expect(failure.errorCodes).toEqual([53003]);
    expect(refreshFailureKind(failure)).toBe('interaction_required');
  });

  it.each([
    ['interaction_required', [50079], undefined, 'interaction_required'],
    ['invalid_grant', [50076], undefined, 'interaction_required'],
    ['invalid_grant', [53003], undefined, 'interaction_required'],
    ['invalid_grant', [50173], undefined, 'interaction_required'],
    ['invalid_grant', [65001], 'consent_required', 'interaction_required'],
    ['invalid_grant', [], 'basic_action', 'interaction_required'],
    ['invalid_grant', [700082], undefined, 'ended'],
    ['invalid_grant', [70008], undefined, 'ended'],
    ['invalid_grant', [9002313], undefined, 'ended'],
    ['temporarily_unavailable', [90006], undefined, 'unavailable'],
    ['server_error', [], undefined, 'unavailable'],
    ['invalid_client', [7000222], undefined, 'unavailable'],
  ] as const)('%s %j (suberror %s) → %s', (error, codes, suberror, kind) => {
    expect(refreshFailureKind(new MicrosoftTokenError(error, 'x', 400, codes, suberror))).toBe(kind);
  });
});
