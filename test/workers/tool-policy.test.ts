/**
 * The deployment's tool policy (TOOLS_ALLOW, TOOLS_DENY, READ_ONLY) through the Worker's fetch
 * with a modified env: disabled tools are not listed, not callable, and their Graph permissions
 * are neither advertised nor requested from Microsoft; a policy naming unknown tools is a config
 * problem at /health.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { getResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorizationInBrowser, readForm, TestBrowser } from '../../core/testing/oauth-browser';
import worker from '../../core/worker';
import { createPkcePair, type Emulator } from '../../core/testing';
import { CLIENT_REDIRECT, connect, GATEWAY, startEmulator } from './harness';

let emulator: Emulator;
let server: SetupServer;
let close: () => void;
let accessToken: string;
beforeAll(async () => {
  ({ emulator, server, close } = startEmulator());
  accessToken = (await connect(emulator.tenant.users[0]!.userPrincipalName)).accessToken;
});
afterAll(() => close());

const withPolicy = (policy: Record<string, string>) => ({ ...env, ...policy }) as unknown as Env;
const call = (policyEnv: Env, request: Request) =>
  worker.fetch(request as Parameters<typeof worker.fetch>[0], policyEnv, createExecutionContext());

async function rpc(
  policyEnv: Env,
  message: object,
): Promise<{ result?: Record<string, unknown>; error?: { message: string } }> {
  const response = await call(
    policyEnv,
    new Request(`${GATEWAY}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(message),
    }),
  );
  expect(response.status).toBe(200);
  return response.json();
}

async function listedTools(policyEnv: Env): Promise<string[]> {
  const answer = await rpc(policyEnv, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  return ((answer.result?.tools ?? []) as Array<{ name: string }>).map((tool) => tool.name).sort();
}

/** Registers a client, walks to the consent page and approves: the scope list sent to Microsoft. */
async function microsoftScopes(policyEnv: Env): Promise<{ consent: string; scopes: string[] }> {
  const browser = new TestBrowser({
    fetchFor: (url) => (url.origin === GATEWAY ? (request) => call(policyEnv, request) : (request) => fetch(request)),
  });
  const registration = await call(
    policyEnv,
    new Request(`${GATEWAY}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Policy Client',
        redirect_uris: [CLIENT_REDIRECT],
        token_endpoint_auth_method: 'none',
      }),
    }),
  );
  const { client_id: clientId } = (await registration.json()) as { client_id: string };
  const authorize = new URL(`${GATEWAY}/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: CLIENT_REDIRECT,
    code_challenge: (await createPkcePair()).challenge,
    code_challenge_method: 'S256',
    state: 's',
    resource: GATEWAY,
  }).toString();
  const page = await browser.request(authorize);
  expect(page.status).toBe(200);
  const consent = await page.text();
  const { fields } = readForm(consent);
  const approved = await browser.request(`${GATEWAY}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: GATEWAY },
    body: new URLSearchParams({ ...fields, decision: 'approve' }).toString(),
  });
  const location = new URL(approved.headers.get('location')!);
  expect(location.origin).toBe('https://login.emulator.test');
  return { consent, scopes: (location.searchParams.get('scope') ?? '').split(' ').sort() };
}

async function advertisedScopes(policyEnv: Env): Promise<string[]> {
  const response = await call(policyEnv, new Request(`${GATEWAY}/.well-known/oauth-authorization-server`));
  return ((await response.json()) as { scopes_supported: string[] }).scopes_supported.sort();
}

describe('tool policy (TOOLS_ALLOW, TOOLS_DENY, READ_ONLY)', () => {
  it('READ_ONLY=true: only read-only tools are listed and callable; write permissions are neither advertised nor requested', async () => {
    const readOnly = withPolicy({ READ_ONLY: 'true' });
    const tools = await listedTools(readOnly);
    expect(tools).toContain('getEmails');
    expect(tools).toContain('authenticate');
    expect(tools).not.toContain('sendEmail');
    expect(tools).not.toContain('manageEmails');
    expect(tools).not.toContain('createDraft');
    // The same token can send mail where the policy allows it, but not here.
    const refused = await rpc(readOnly, {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'sendEmail', arguments: { to: 'a@contoso.com', subject: 's', body: 'b' } },
    });
    expect(JSON.stringify(refused)).toMatch(/sendEmail/);
    expect(refused.result?.isError === true || refused.error !== undefined).toBe(true);
    const allowed = await rpc(readOnly, {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'getEmails', arguments: { count: 1 } },
    });
    expect(allowed.result?.isError).not.toBe(true);

    expect(await advertisedScopes(readOnly)).toEqual(['Mail.Read']);
    const { scopes, consent } = await microsoftScopes(readOnly);
    expect(scopes).toContain('Mail.Read');
    expect(scopes).not.toContain('Mail.Send');
    expect(scopes).not.toContain('Mail.ReadWrite');
    expect(consent).not.toContain('sendEmail');
    // Without a policy the same deployment asks for the write permissions too (the test can fail).
    expect(await advertisedScopes(env as unknown as Env)).toEqual(
      expect.arrayContaining(['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']),
    );
  });

  it('TOOLS_ALLOW and TOOLS_DENY: only allowed tools minus denied ones; authenticate stays unless denied', async () => {
    const policy = withPolicy({ TOOLS_ALLOW: 'getEmails, sendEmail, searchEmails', TOOLS_DENY: 'searchEmails' });
    expect(await listedTools(policy)).toEqual(['authenticate', 'getEmails', 'sendEmail']);
    const refused = await rpc(policy, {
      jsonrpc: '2.0',
      id: 4,
      method: 'tools/call',
      params: { name: 'searchEmails', arguments: { query: 'x' } },
    });
    expect(JSON.stringify(refused)).toMatch(/searchEmails/);
    expect(refused.result?.isError === true || refused.error !== undefined).toBe(true);
    expect(await advertisedScopes(policy)).toEqual(['Mail.Read', 'Mail.Send']);
    expect((await microsoftScopes(policy)).scopes.filter((scope) => scope.startsWith('Mail.'))).toEqual([
      'Mail.Read',
      'Mail.Send',
    ]);
    expect(await listedTools(withPolicy({ TOOLS_DENY: 'authenticate,sendEmail' }))).not.toEqual(
      expect.arrayContaining(['authenticate']),
    );
  });

  it('TOOLS_ALLOW=sendEmail: sending needs Mail.Read too (it reads resourceUri attachments); without it, 403 naming it', async () => {
    const sendOnly = withPolicy({ TOOLS_ALLOW: 'sendEmail' });
    // Microsoft grants Mail.Send but not Mail.Read (the user or an admin declined it).
    server.use(
      http.post('https://login.emulator.test/:tenant/oauth2/v2.0/token', async ({ request }) => {
        const original = await getResponse(emulator.handlers, request as Parameters<typeof getResponse>[1]);
        const body = (await original!.json()) as { scope: string };
        return Response.json({ ...body, scope: body.scope.replace(/\bMail\.Read\b/, '').trim() });
      }),
    );
    const browser = new TestBrowser({
      fetchFor: (url) => (url.origin === GATEWAY ? (request) => call(sendOnly, request) : (request) => fetch(request)),
    });
    const registration = await call(
      sendOnly,
      new Request(`${GATEWAY}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_name: 'Send-only',
          redirect_uris: [CLIENT_REDIRECT],
          token_endpoint_auth_method: 'none',
        }),
      }),
    );
    const { client_id: clientId } = (await registration.json()) as { client_id: string };
    const pkce = await createPkcePair();
    const authorize = new URL(`${GATEWAY}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CLIENT_REDIRECT,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 's',
      resource: GATEWAY,
    }).toString();
    const user = emulator.tenant.users[0]!;
    const back = await completeAuthorizationInBrowser({
      browser,
      authorizationUrl: authorize.toString(),
      user: user.userPrincipalName,
    });
    const token = await call(
      sendOnly,
      new Request(`${GATEWAY}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: back.searchParams.get('code')!,
          redirect_uri: CLIENT_REDIRECT,
          client_id: clientId,
          code_verifier: pkce.verifier,
          resource: GATEWAY,
        }),
      }),
    );
    server.resetHandlers();
    const { access_token: sendOnlyToken, scope } = (await token.json()) as { access_token: string; scope: string };
    expect(scope.split(' ')).toContain('Mail.Send');
    expect(scope.split(' ')).not.toContain('Mail.Read');

    const inbox = emulator.tenant.resolveFolder(user.id, 'inbox')!.id;
    const invoice = emulator.tenant.messages(user.id, inbox).find((m) => m.hasAttachments)!;
    const file = emulator.tenant.mailbox(user.id).getAttachments(invoice.id)[0]!;
    const uri = `m365://mail/${encodeURIComponent(invoice.id)}/attachments/${encodeURIComponent(file.id!)}`;
    const response = await call(
      sendOnly,
      new Request(`${GATEWAY}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sendOnlyToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 5,
          method: 'tools/call',
          params: {
            name: 'sendEmail',
            arguments: {
              to: 'MeganB@contoso.com',
              subject: 'FYI',
              body: 'b',
              attachments: [{ name: 'f', resourceUri: uri }],
            },
          },
        }),
      }),
    );
    // Refused before anything is read or sent: the attachment would otherwise be mailed out by a
    // grant that may not read mail.
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(
      /error="insufficient_scope".*scope="Mail\.Read Mail\.Send"/,
    );
    expect(emulator.stats.graphRequests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('a policy naming unknown tools, or an unreadable READ_ONLY, is a config problem listed at /health', async () => {
    // The details are for the operator's HEALTH_TOKEN (test/workers/health.test.ts); the public answer hides them.
    const operator = { HEALTH_TOKEN: 'operator-token-for-tool-policy' };
    const health = () =>
      new Request(`${GATEWAY}/health`, { headers: { authorization: `Bearer ${operator.HEALTH_TOKEN}` } });
    const broken = withPolicy({
      TOOLS_ALLOW: 'getEmails,getEmail5',
      TOOLS_DENY: 'sendMail',
      READ_ONLY: 'yes',
      ...operator,
    });
    const brokenHealth = await call(broken, health());
    expect(brokenHealth.status).toBe(503);
    expect(((await brokenHealth.json()) as { config: { problems: string[] } }).config.problems).toEqual([
      expect.stringMatching(/^READ_ONLY must be "true"/),
    ]);
    const unknown = await call(
      withPolicy({ TOOLS_ALLOW: 'getEmails,getEmail5', TOOLS_DENY: 'sendMail', ...operator }),
      health(),
    );
    expect(unknown.status).toBe(503);
    const problems = ((await unknown.json()) as { config: { problems: string[] } }).config.problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^TOOLS_ALLOW names "getEmail5", which no enabled plugin provides/);
    expect(problems[1]).toMatch(/^TOOLS_DENY names "sendMail"/);
    const empty = await call(withPolicy({ TOOLS_ALLOW: 'sendEmail', READ_ONLY: 'true', ...operator }), health());
    expect(JSON.stringify(await empty.json())).toMatch(/leave no tool enabled/);
  });
});
