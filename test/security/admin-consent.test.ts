/**
 * Permissions that need a tenant administrator's consent are never part of the first sign-in (one
 * of them makes Microsoft refuse the whole sign-in where no administrator approved it). A test
 * plugin with a Teams tool needing `ChannelMessage.Read.All` (admin consent required, per
 * Microsoft's permissions reference) runs beside mail: the first sign-in leaves it out, calling the
 * tool steps up with a message naming what the administrator must approve, and the step-up
 * authorization and the consent URL ask Microsoft for it.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsAdminConsent } from '../../core/auth/graph-permissions';
import { gatewayFactory } from '../../core/gateway';
import { plugins } from '../../core/generated/plugins';
import { defineTool, definePlugin } from '../../core/plugin';
import { createPkcePair, type Emulator } from '../../core/testing';
import { completeAuthorizationInBrowser, readForm, TestBrowser } from '../../core/testing/oauth-browser';
import { CLIENT_REDIRECT, GATEWAY, startEmulator } from '../workers/harness';

const ADMIN_PERMISSION = 'ChannelMessage.Read.All';

const teams = definePlugin({
  name: 'teams-test',
  version: '1.0.0',
  description: 'Test plugin: one Teams tool whose permission needs a tenant administrator.',
  requires: '^1.0.0',
  tools: [
    defineTool({
      name: 'readChannelMessages',
      title: 'Read channel messages',
      description: 'Reads the newest messages of a Teams channel.',
      input: v.object({}),
      scopes: [ADMIN_PERMISSION],
      annotations: { readOnlyHint: true, openWorldHint: true },
      run: async () => 'no messages',
    }),
  ],
});

const testEnv = { ...env, ENABLED_PLUGINS: 'mail,teams-test' } as unknown as Env;
const gateway = (() => {
  const result = gatewayFactory([...plugins, teams])(testEnv);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.gateway;
})();
const call = (request: Request) => gateway.fetch(request, testEnv, createExecutionContext());
const newBrowser = () =>
  new TestBrowser({ fetchFor: (url) => (url.origin === GATEWAY ? call : (request) => fetch(request)) });

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

async function registerClient(): Promise<string> {
  const response = await call(
    new Request(`${GATEWAY}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Admin consent client',
        redirect_uris: [CLIENT_REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    }),
  );
  return ((await response.json()) as { client_id: string }).client_id;
}

function authorizeUrl(clientId: string, challenge: string, scope?: string): string {
  const url = new URL(`${GATEWAY}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_REDIRECT,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's',
    resource: GATEWAY,
    ...(scope ? { scope } : {}),
  }).toString();
  return url.toString();
}

/** Walks the consent page (approving it if shown) to the Microsoft authorize URL; returns its scopes. */
async function scopesAskedOfMicrosoft(browser: TestBrowser, authorize: string): Promise<string[]> {
  let response = await browser.request(authorize);
  if (response.status === 200) {
    const { fields } = readForm(await response.text());
    response = await browser.request(`${GATEWAY}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
      body: new URLSearchParams({ ...fields, decision: 'approve' }).toString(),
    });
  }
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.origin).toBe('https://login.emulator.test');
  return (location.searchParams.get('scope') ?? '').split(' ');
}

async function connect(user: string): Promise<{ accessToken: string; clientId: string }> {
  const clientId = await registerClient();
  const pkce = await createPkcePair();
  const back = await completeAuthorizationInBrowser({
    browser: newBrowser(),
    authorizationUrl: authorizeUrl(clientId, pkce.challenge),
    user,
  });
  const token = await call(
    new Request(`${GATEWAY}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code') ?? '',
        redirect_uri: CLIENT_REDIRECT,
        client_id: clientId,
        code_verifier: pkce.verifier,
        resource: GATEWAY,
      }),
    }),
  );
  expect(token.status).toBe(200);
  return { accessToken: ((await token.json()) as { access_token: string }).access_token, clientId };
}

describe('permissions that need admin consent', () => {
  it("are known from Microsoft's list: ChannelMessage.Read.All needs an admin, mail does not", () => {
    expect(needsAdminConsent(ADMIN_PERMISSION)).toBe(true);
    expect(gateway.registry.scopes()).toContain(ADMIN_PERMISSION);
    expect(gateway.registry.scopes().filter(needsAdminConsent)).toEqual([ADMIN_PERMISSION]);
  });

  it('the first sign-in asks Microsoft for every enabled permission except the admin-only one', async () => {
    const asked = await scopesAskedOfMicrosoft(
      newBrowser(),
      authorizeUrl(await registerClient(), (await createPkcePair()).challenge),
    );
    expect(asked).toEqual(expect.arrayContaining(['Mail.Read', 'Mail.Send', 'offline_access']));
    expect(asked).not.toContain(ADMIN_PERMISSION);
  });

  it('calling the tool steps up (403 insufficient_scope naming it) and says an administrator must approve it', async () => {
    const { accessToken, clientId } = await connect(emulator.tenant.users[0]!.userPrincipalName);
    const response = await call(
      new Request(`${GATEWAY}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'readChannelMessages', arguments: {} },
        }),
      }),
    );
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    const scope = /scope="([^"]*)"/.exec(challenge)?.[1] ?? '';
    expect(scope.split(' ')).toContain(ADMIN_PERMISSION);
    const description = `${challenge} ${await response.text()}`;
    expect(description).toContain(ADMIN_PERMISSION);
    expect(description).toMatch(/administrator must approve/);

    // The client re-authorizes for the challenge's scope: now Microsoft is asked for it.
    const asked = await scopesAskedOfMicrosoft(
      newBrowser(),
      authorizeUrl(clientId, (await createPkcePair()).challenge, scope),
    );
    expect(asked).toContain(ADMIN_PERMISSION);
    expect(asked).toContain('Mail.Read');
  });

  it('the consent URL (/apps/signin?consent=1) asks Microsoft for it', async () => {
    const response = await call(new Request(`${GATEWAY}/apps/signin?consent=1`));
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('scope')?.split(' ')).toContain(ADMIN_PERMISSION);
  });
});
