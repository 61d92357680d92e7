/**
 * The logs of a full run hold no secret and no mailbox content: real MCP clients (Streamable
 * HTTP, legacy SSE, plain JSON-RPC) sign in and use every mail tool, reading and writing, against
 * `wrangler dev` and the emulated tenant; then everything wrangler dev printed (the gateway's
 * request, tool-call, audit and metrics lines among it) is searched for every token issued, the
 * deployment's secrets, and every seeded subject, body and address of the tenant.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth, type InMemoryOAuthProvider } from './oauth-client';

/** The run's whole wrangler dev output is kept here (git-ignored) for a person to read. */
const OUTPUT = resolve('.tmp/test-output');
let gateway: LocalGateway;
let state: string;
const tokens: string[] = [];
const written: string[] = [];

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-log-content-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
});

afterAll(async () => {
  await gateway?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
});

const textOf = (result: object) =>
  (((result as { content?: unknown }).content ?? []) as Array<{ text?: string }>)
    .map((item) => item.text ?? '')
    .join('\n');

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
  return textOf(result);
}

function keep(provider: InMemoryOAuthProvider): string {
  const issued = provider.tokens()!;
  tokens.push(issued.access_token, ...(issued.refresh_token ? [issued.refresh_token] : []));
  return issued.access_token;
}

/** Every piece of seeded content long enough to be recognised: subjects, body text runs, addresses. */
function seededContent(): string[] {
  const tenant = gateway.emulator!.tenant;
  const found = new Set<string>();
  for (const user of tenant.users) {
    found.add(user.userPrincipalName);
    if (user.mail) found.add(user.mail);
    for (const message of tenant.messages(user.id)) {
      if (message.subject && message.subject.length >= 8) found.add(message.subject);
      const text = String(message.body?.content ?? '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&[a-z]+;/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      // A run of 24 characters from the middle of each body: long enough to be that body only.
      if (text.length >= 48) found.add(text.slice(text.length / 2 - 12, text.length / 2 + 12));
      const people = [message.from, ...(message.toRecipients ?? []), ...(message.ccRecipients ?? [])];
      for (const person of people) if (person?.emailAddress?.address) found.add(person.emailAddress.address);
    }
  }
  return [...found];
}

describe('log content of a full run', () => {
  it('every tool over three transports, reads and writes: the log holds no token, secret, subject, body or address', async () => {
    const adele = await connectWithOAuth(gateway.mcpUrl, 'AdeleV@contoso.com');
    const megan = await connectWithOAuth(gateway.mcpUrl, 'MeganB@contoso.com');
    keep(adele.provider);
    const meganToken = keep(megan.provider);

    const marker = Date.now().toString(36);
    const subject = `Merger codename Bluefin ${marker}`;
    const body = `Confidential: the Bluefin offer is 42 million, reply before Friday ${marker}.`;
    written.push(subject, body, `Draft about the Bluefin valuation ${marker}`, `Reply body Bluefin ${marker}`);

    await call(adele.client, 'listMailFolders', {});
    const listed = await call(adele.client, 'getEmails', { count: 5 });
    const handle = /^- (m\w+) \|/m.exec(listed)![1]!;
    await call(adele.client, 'getEmail', { id: handle });
    await call(adele.client, 'createDraft', { to: 'AlexW@contoso.com', subject: written[2], body: 'Numbers inside.' });
    await call(adele.client, 'sendEmail', {
      to: 'MeganB@contoso.com',
      subject,
      body,
      attachments: [
        { name: 'terms.txt', contentBase64: Buffer.from(body).toString('base64'), contentType: 'text/plain' },
      ],
    });
    await call(adele.client, 'manageEmails', { ids: [handle], action: 'flag' });

    // Megan over the legacy SSE transport: search, read, reply, archive.
    const sse = new Client({ name: 'sse-client', version: '1.0.0' });
    await sse.connect(
      new SSEClientTransport(new URL(`${gateway.url}/sse`), {
        requestInit: { headers: { authorization: `Bearer ${meganToken}` } },
      }),
    );
    const found = await call(sse, 'searchEmails', { query: `subject:"${subject}"` });
    const received = /^- (m\w+) \|/m.exec(found)![1]!;
    const read = await call(sse, 'getEmail', { id: received });
    const attachment = /^- \[1\] (a\w+) \|/m.exec(read)![1]!;
    await call(sse, 'getAttachment', { messageId: received, attachmentId: attachment });
    await call(sse, 'replyToEmail', { id: received, body: written[3] });
    await call(sse, 'manageEmails', { ids: [received], action: 'archive' });
    await sse.close();

    // Plain JSON-RPC (no session), as a minimal script does.
    const plain = await fetch(gateway.mcpUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${meganToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'getEmails', arguments: { count: 2 } },
      }),
    });
    expect(plain.status).toBe(200);
    await adele.client.close();
    await megan.client.close();

    const tenant = gateway.emulator!;
    for (const user of tenant.tenant.users) tokens.push(...tenant.issuedTokens(user.id));
    const devVars = readFileSync(join(process.cwd(), '.dev.vars'), 'utf8');
    const secrets = [...devVars.matchAll(/^(?:TOKEN_ENCRYPTION_KEY|COOKIE_SECRET|MS_CLIENT_SECRET)=(.+)$/gm)].map(
      (match) => match[1]!.trim(),
    );

    await new Promise((done) => setTimeout(done, 500)); // the last lines reach wrangler's stdout
    const output = gateway.output();
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(join(OUTPUT, 'log-content-wrangler-dev.log'), output);
    // The run was logged: request lines, a line per tool call, audit and metrics lines.
    const lines = output.split('\n').filter((line) => line.includes('"message":"'));
    // 11 calls by the two clients, and one plain JSON-RPC call.
    expect(lines.filter((line) => line.includes('"message":"tool call"'))).toHaveLength(12);
    expect(lines.filter((line) => line.includes('"message":"request"')).length).toBeGreaterThanOrEqual(20);
    expect(lines.some((line) => line.includes('"message":"metrics summary"'))).toBe(true);
    expect(output).toContain('"tool":"sendEmail"');

    const seeded = seededContent();
    expect(tokens.length).toBeGreaterThanOrEqual(6);
    expect(seeded.length).toBeGreaterThan(50);
    const leaks = [...tokens, ...secrets, ...seeded, ...written].filter((value) => output.includes(value));
    expect(leaks).toEqual([]);
  });
});
