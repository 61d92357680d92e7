/**
 * Access tokens at the MCP endpoints (MCP authorization "Token handling", RFC 6750, RFC 9728):
 * header only, this gateway's own tokens only, the 401/403 challenges, scopes, revocation, and the
 * end of a Microsoft sign-in.
 */
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { getResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { mcpClient, startEmulator, textOf } from '../workers/harness';
import { callTool, GATEWAY, initialize, mcpPost, tokenRequest, tokensFor } from './support';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
beforeAll(() => {
  ({ emulator, server, close } = startEmulator());
});
afterEach(() => server.resetHandlers());
afterAll(() => close());
const adele = () => emulator.tenant.users[0]!;

describe('bearer tokens (MCP authorization: token handling)', () => {
  it('401 carries resource_metadata, and the metadata names this gateway as the authorization server', async () => {
    for (const path of ['/mcp', '/sse']) {
      const response = await mcpPost(undefined, initialize, {}, path);
      expect(response.status).toBe(401);
      const challenge = response.headers.get('www-authenticate') ?? '';
      const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
      expect(metadataUrl, path).toBe(`${GATEWAY}/.well-known/oauth-protected-resource`);
      const metadata = (await (await SELF.fetch(metadataUrl!)).json()) as {
        resource: string;
        authorization_servers: string[];
      };
      expect(metadata).toMatchObject({ resource: GATEWAY, authorization_servers: [GATEWAY] });
    }
  });

  it('query-string token refused: access_token in the URL is not accepted', async () => {
    const tokens = await tokensFor(adele().userPrincipalName);
    const response = await SELF.fetch(`${GATEWAY}/mcp?access_token=${encodeURIComponent(tokens.access_token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(initialize),
    });
    expect(response.status).toBe(401);
    // The same token in the header works, so the refusal is about where it was sent.
    expect((await mcpPost(tokens.access_token, initialize)).status).toBe(200);
  });

  it('a Microsoft token presented as a bearer is refused', async () => {
    await tokensFor(adele().userPrincipalName);
    const microsoftToken = emulator.issuedTokens(adele().id)[0]!;
    expect(microsoftToken).toBeTruthy();
    const response = await mcpPost(microsoftToken, initialize);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('the gateway token is never sent to Graph, only the Microsoft token', async () => {
    const tokens = await tokensFor(adele().userPrincipalName);
    const { client } = await mcpClient(tokens.access_token);
    emulator.stats.reset();
    await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(emulator.stats.graphRequests.length).toBeGreaterThan(0);
    for (const call of emulator.stats.graphRequests)
      expect(call.headers.authorization).not.toContain(tokens.access_token);
    await client.close();
  });

  it('revocation (RFC 7009): a revoked access token gets 401 on its next request', async () => {
    const tokens = await tokensFor(adele().userPrincipalName);
    expect((await mcpPost(tokens.access_token, initialize)).status).toBe(200);
    const revoked = await tokenRequest({
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
      client_id: tokens.clientId,
    });
    expect(revoked.status).toBe(200);
    expect((await mcpPost(tokens.access_token, initialize)).status).toBe(401);
  });
});

describe('scopes (MCP authorization: scope challenge handling)', () => {
  it('metadata and challenges never advertise offline_access or wildcards', async () => {
    const as = (await (await SELF.fetch(`${GATEWAY}/.well-known/oauth-authorization-server`)).json()) as {
      scopes_supported?: string[];
    };
    const pr = (await (await SELF.fetch(`${GATEWAY}/.well-known/oauth-protected-resource`)).json()) as {
      scopes_supported?: string[];
    };
    const challenge = (await mcpPost(undefined, initialize)).headers.get('www-authenticate') ?? '';
    for (const text of [
      JSON.stringify(as.scopes_supported ?? []),
      JSON.stringify(pr.scopes_supported ?? []),
      challenge,
    ]) {
      expect(text).not.toMatch(/offline_access|\*|\.default/);
    }
    expect(as.scopes_supported).toContain('Mail.Read');
  });

  it('insufficient scope: a tool whose Graph permission was not granted gets 403 insufficient_scope naming it', async () => {
    // Microsoft grants less than asked (a permission the user or admin declined).
    server.use(
      http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', async ({ request }) => {
        const original = await getResponse(emulator.handlers, request);
        const body = (await original!.json()) as { scope: string };
        return Response.json({ ...body, scope: body.scope.replace(/\bMail\.Read\b/, '').trim() });
      }),
    );
    const tokens = await tokensFor(adele().userPrincipalName);
    server.resetHandlers();
    expect((tokens.scope ?? '').split(' ')).not.toContain('Mail.Read');
    const response = await mcpPost(tokens.access_token, callTool('getEmails', { count: 1 }));
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/error="insufficient_scope"/);
    expect(challenge).toMatch(/scope="[^"]*Mail\.Read[^"]*"/);
    expect(challenge).toContain(`resource_metadata="${GATEWAY}/.well-known/oauth-protected-resource`);
    expect(challenge).not.toMatch(/offline_access/);
    // Tools needing nothing more still work with the same token.
    const status = await mcpPost(tokens.access_token, callTool('authenticate'));
    expect(status.status).toBe(200);
    // authenticate names the user, the missing permission and the URL that grants it.
    const text = JSON.stringify(await status.json());
    expect(text).toContain(adele().userPrincipalName);
    expect(text).toMatch(/missing: [^"]*Mail\.Read/);
    expect(text).toContain(
      `consent URL (open in a browser, then reconnect this app): ${GATEWAY}/apps/signin?consent=1`,
    );
  });
});

describe('Microsoft ends the sign-in (invalid_grant on refresh)', () => {
  it('invalid_grant on refresh: the vault is cleared and the client is told to re-authorize (401), also at /token', async () => {
    const tokens = await tokensFor(adele().userPrincipalName);
    const key = `${adele().tenantId}.${adele().id}`;
    const { client } = await mcpClient(tokens.access_token);
    // Microsoft's refresh token has expired and the access token is due.
    emulator.expireAccessTokens();
    server.use(
      http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', () =>
        Response.json(
          {
            error: 'invalid_grant',
            // Expired, not revoked by a password change (AADSTS50173 asks for the user instead: token-vault-races).
            error_description: 'AADSTS700082: The refresh token has expired due to inactivity.',
          },
          { status: 400 },
        ),
      ),
    );
    const result = await client.callTool({ name: 'getEmails', arguments: { count: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/sign-in has ended|sign in again|Reconnect/i);
    await client.close().catch(() => undefined);

    const stub = env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(key));
    expect(await runInDurableObject(stub, async (_vault, state) => (await state.storage.list()).size)).toBe(0);
    const next = await mcpPost(tokens.access_token, initialize);
    expect(next.status).toBe(401);
    expect(next.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const refresh = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: tokens.clientId,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
