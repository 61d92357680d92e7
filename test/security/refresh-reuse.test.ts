/**
 * Refresh-token reuse detection (RFC 9700 §4.14.2) at the gateway's /token: the previous refresh
 * token is honoured once (a retry after a lost response); any further use of a superseded refresh
 * token revokes the grant, so neither the thief nor the real client keeps a working token.
 */
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { startEmulator } from '../workers/harness';
import { initialize, mcpPost, tokenRequest, tokensFor, type Tokens } from './support';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;

beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => {
  server.resetHandlers();
  emulator.reset();
});
afterAll(() => close());

const adele = () => emulator.tenant.users[0]!;

function refresh(clientId: string, refreshToken: string): Promise<Response> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
}

async function refreshed(clientId: string, refreshToken: string): Promise<Tokens> {
  const response = await refresh(clientId, refreshToken);
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

async function expectRefused(clientId: string, refreshToken: string): Promise<void> {
  const response = await refresh(clientId, refreshToken);
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
}

async function accessWorks(accessToken: string): Promise<boolean> {
  const status = (await mcpPost(accessToken, initialize)).status;
  if (status !== 200 && status !== 401) throw new Error(`unexpected ${status}`);
  return status === 200;
}

describe('refresh-token rotation without reuse', () => {
  it('a client that always uses its newest refresh token keeps refreshing', async () => {
    const first = await tokensFor(adele().userPrincipalName);
    let current = first.refresh_token;
    for (let round = 0; round < 4; round++) current = (await refreshed(first.clientId, current)).refresh_token;
    const last = await refreshed(first.clientId, current);
    expect(await accessWorks(last.access_token)).toBe(true);
  });
});

describe('refresh-token reuse', () => {
  it('honours the previous refresh token once (lost response), then a second replay revokes the grant', async () => {
    const connection = await tokensFor(adele().userPrincipalName);
    const stolen = connection.refresh_token;
    const client = await refreshed(connection.clientId, stolen);

    // First replay of the superseded token: the grace for a lost response.
    const graced = await refreshed(connection.clientId, stolen);
    expect(await accessWorks(graced.access_token)).toBe(true);

    // Second replay: refused, and the whole grant ends.
    await expectRefused(connection.clientId, stolen);
    expect(await accessWorks(graced.access_token)).toBe(false);
    expect(await accessWorks(client.access_token)).toBe(false);
    await expectRefused(connection.clientId, graced.refresh_token);
    await expectRefused(connection.clientId, client.refresh_token);
  });

  it("the real client's refresh token, superseded by a replay, revokes the grant when it is used", async () => {
    const connection = await tokensFor(adele().userPrincipalName);
    const client = await refreshed(connection.clientId, connection.refresh_token);
    // An attacker replays the old token (once, within the grace): the client's token is superseded.
    const attacker = await refreshed(connection.clientId, connection.refresh_token);

    await expectRefused(connection.clientId, client.refresh_token);
    expect(await accessWorks(attacker.access_token)).toBe(false);
    await expectRefused(connection.clientId, attacker.refresh_token);
  });

  it('a refresh token two rotations old revokes the grant', async () => {
    const connection = await tokensFor(adele().userPrincipalName);
    const second = await refreshed(connection.clientId, connection.refresh_token);
    const third = await refreshed(connection.clientId, second.refresh_token);

    await expectRefused(connection.clientId, connection.refresh_token);
    expect(await accessWorks(third.access_token)).toBe(false);
    await expectRefused(connection.clientId, third.refresh_token);
  });

  it('a made-up refresh token for a real grant is refused without ending the grant', async () => {
    const connection = await tokensFor(adele().userPrincipalName);
    const [userId, grantId] = connection.refresh_token.split(':');
    await expectRefused(connection.clientId, `${userId}:${grantId}:not-a-token-the-grant-issued`);
    const next = await refreshed(connection.clientId, connection.refresh_token);
    expect(await accessWorks(next.access_token)).toBe(true);
  });
});
