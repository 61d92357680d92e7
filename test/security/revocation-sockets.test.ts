/**
 * Revocation bites an open WebSocket at once. A socket is authorised at its upgrade; revoking
 * its client at /apps (or Microsoft ending the user's sign-in, which revokes every grant) closes
 * it with 4401 before the revoke is answered, so the revoked client cannot run another call.
 */
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { mcpClient, openSocket, startEmulator, type TestSocket } from '../workers/harness';
import { appsSession } from './apps-session';
import { GATEWAY, initialize, tokensFor } from './support';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());

const grantOf = (accessToken: string) => accessToken.split(':')[1]!;

async function openedSocket(accessToken: string): Promise<TestSocket> {
  const socket = await openSocket('/mcp', { authorization: `Bearer ${accessToken}`, 'sec-websocket-protocol': 'mcp' });
  await socket.request(initialize);
  socket.notify({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return socket;
}

/** Sends a mail-sending call and reports whichever comes first: its answer or the socket's close. */
function callOrClose(socket: TestSocket, subject: string) {
  const call = { jsonrpc: '2.0', id: 99, method: 'tools/call' };
  const params = { name: 'sendEmail', arguments: { to: 'AdeleV@contoso.com', subject, body: 'after revoke' } };
  let answered: Promise<{ answer: unknown }>;
  try {
    answered = socket.request({ ...call, params }).then((answer) => ({ answer }));
  } catch {
    answered = new Promise(() => undefined); // already closed on this side: the call never left
  }
  return Promise.race([socket.closed.then((closed) => ({ closed })), answered]);
}

describe('revocation closes open WebSockets', () => {
  it('revoking an app at /apps closes its open WebSocket before its next call; other apps keep theirs', async () => {
    const user = emulator.tenant.users[0]!;
    const revoked = await tokensFor(user.userPrincipalName);
    const kept = await tokensFor(user.userPrincipalName);
    const socket = await openedSocket(revoked.access_token);
    const other = await openedSocket(kept.access_token);

    const { browser, csrf } = await appsSession(user.userPrincipalName);
    const done = await browser.request(`${GATEWAY}/apps/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
      body: new URLSearchParams({ grant: grantOf(revoked.access_token), csrf }).toString(),
    });
    expect(done.status).toBe(303);

    const subject = `sent after revoke ${crypto.randomUUID()}`;
    const outcome = await callOrClose(socket, subject);
    expect(outcome).toMatchObject({ closed: { code: 4401, reason: expect.stringMatching(/revoked/) } });
    expect(emulator.tenant.mailbox(user.id).messages.map((message) => message.subject)).not.toContain(subject);
    // The other app's socket is untouched.
    expect(await other.request({ jsonrpc: '2.0', id: 5, method: 'tools/list' })).toMatchObject({ id: 5 });
    other.close();
  });

  it('Microsoft ending the sign-in (invalid_grant) revokes every grant of the user and closes their sockets', async () => {
    const user = emulator.tenant.users[1]!;
    const tokens = await tokensFor(user.userPrincipalName);
    const otherApp = await tokensFor(user.userPrincipalName);
    const socket = await openedSocket(tokens.access_token);
    emulator.expireAccessTokens();
    server.use(
      http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', () =>
        Response.json(
          {
            error: 'invalid_grant',
            error_description: 'AADSTS700082: The refresh token has expired due to inactivity.',
          },
          { status: 400 },
        ),
      ),
    );
    // Another client's call finds the Microsoft sign-in ended: the vault clears and revokes the user's grants.
    const { client } = await mcpClient(otherApp.access_token);
    await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    await client.close().catch(() => undefined);

    const outcome = await callOrClose(socket, `after sign-in ended ${crypto.randomUUID()}`);
    expect(outcome).toMatchObject({ closed: { code: 4401 } });
  });
});
