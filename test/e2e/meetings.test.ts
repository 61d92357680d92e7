/**
 * The meetings plugin end to end: a real MCP SDK client with OAuth against `wrangler dev` and the
 * emulated tenant. Adele creates a standalone meeting for two colleagues and finds it by its join
 * URL as pasted; re-authorizes for the admin-consented permissions; reads the seeded hour's transcript in
 * pages to the end, its attendance, and a recording as a resource.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAuthorizationInBrowser, TestBrowser } from '../../core/testing/oauth-browser';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { connectWithOAuth, InMemoryOAuthProvider } from './oauth-client';

const ADELE = 'AdeleV@contoso.com';
let gateway: LocalGateway;
let state: string;
let adele: Client;
let stepped: Client | undefined;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'gateway-e2e-meetings-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  adele = (await connectWithOAuth(gateway.mcpUrl, ADELE)).client;
});

afterAll(async () => {
  await adele?.close();
  await stepped?.close();
  await gateway?.stop();
  rmSync(state, { recursive: true, force: true });
});

const text = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text?: string }>).map((item) => item.text ?? '').join('\n');

/**
 * Re-authorizes as a client does on a step-up challenge: a new authorization asking for `scope`
 * (here the admin-consented transcript and recording permissions), approved in the browser, then a
 * new session with the wider grant.
 */
async function connectWithScope(scope: string): Promise<Client> {
  const stepped = new InMemoryOAuthProvider();
  const serverUrl = gateway.mcpUrl;
  expect(await auth(stepped, { serverUrl, scope })).toBe('REDIRECT');
  const back = await completeAuthorizationInBrowser({
    browser: new TestBrowser({ fetchFor: () => (request) => fetch(request) }),
    authorizationUrl: stepped.authorizationUrl!.toString(),
    user: ADELE,
  });
  const authorizationCode = back.searchParams.get('code') ?? '';
  expect(await auth(stepped, { serverUrl, scope, authorizationCode })).toBe('AUTHORIZED');
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: stepped }));
  return client;
}

async function tool(name: string, args: Record<string, unknown>, client = adele): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
  return text(result);
}

describe('meetings through a real MCP client', () => {
  it('creates a standalone meeting for two colleagues and finds it by its join URL as pasted', async () => {
    const subject = `Window sign-off ${Date.now().toString(36)}`;
    const created = await tool('createOnlineMeeting', {
      subject,
      start: '2026-12-01T10:00',
      end: '2026-12-01T10:30',
      participants: ['MeganB@contoso.com', 'AlexW@contoso.com'],
    });
    expect(created).toContain('Attendees: MeganB@contoso.com, AlexW@contoso.com');
    expect(created).toContain('standalone meeting');
    const joinUrl = /^Join: (\S+)$/m.exec(created)![1]!;
    // As pasted from an invitation: decoded, wrapped across lines.
    const pasted = decodeURIComponent(joinUrl);
    const found = await tool('getOnlineMeeting', { meeting: `${pasted.slice(0, 50)}\n${pasted.slice(50)}` });
    expect(found).toContain(`"${subject}"`);
    expect(/^Meeting (o\w+):/.exec(found)?.[1]).toBe(/^Created meeting (o\w+):/.exec(created)?.[1]);
  });

  it('reads the seeded hour in pages to the end, nothing lost or repeated; then attendance and a recording', async () => {
    const [review] = gateway.emulator!.tenant.meetings.all();
    // The first sign-in leaves out what needs an administrator: the gateway answers with a step-up challenge.
    await expect(adele.callTool({ name: 'getMeetingTranscript', arguments: { meeting: review!.id } })).rejects.toThrow(
      /403/,
    );
    stepped = await connectWithScope(
      'OnlineMeetings.Read OnlineMeetings.ReadWrite OnlineMeetingTranscript.Read.All OnlineMeetingRecording.Read.All OnlineMeetingArtifact.Read.All User.ReadBasic.All',
    );
    const found = await tool('getOnlineMeeting', { meeting: review!.joinWebUrl }, stepped);
    const meeting = /^Meeting (o\w+):/.exec(found)![1]!;

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await tool('getMeetingTranscript', { meeting, ...(cursor ? { cursor } : {}) }, stepped);
      pages.push(page);
      cursor = /cursor "([^"]+)"/.exec(page)?.[1];
    } while (cursor && pages.length < 30);
    expect(pages.at(-1)).toContain('End of transcript.');
    const shown = pages
      .map((page) => /\(Data from others[^\n]*\n([\s\S]*)\n<\/untrusted-content>/.exec(page)?.[1] ?? '')
      .join('\n')
      .replace(/^\[[\d:]+\] [^:]+: /gm, '')
      .split(/\s+/)
      .filter(Boolean);
    const spoken = [...review!.transcripts[0]!.vtt.matchAll(/<v [^>]+>(.*?)<\/v>/g)]
      .map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
      .join(' ')
      .replace(/<(\/?untrusted-content)/g, '[$1')
      .split(/\s+/);
    expect(shown).toEqual(spoken);

    const attendance = await tool('getMeetingAttendance', { meeting }, stepped);
    expect(attendance).toContain(': 7 people.');
    expect(attendance).toContain('Alex Wilber <AlexW@contoso.com> | Attendee | 09:02–09:40, 09:43–10:00 | 55');

    const listed = await stepped.callTool({ name: 'listMeetingRecordings', arguments: { meeting } });
    expect(listed.isError, text(listed)).toBeFalsy();
    const link = (listed.content as Array<{ type: string; uri?: string }>).find(
      (item) => item.type === 'resource_link',
    );
    expect(link?.uri).toMatch(/^m365:\/\/meetings\/o\w+\/recordings\/r\w+$/);
    const read = await stepped.readResource({ uri: link!.uri! });
    const recording = review!.recordings[0]!;
    expect(read.contents).toEqual([
      { uri: link!.uri, mimeType: 'video/mp4', blob: Buffer.from(recording.content).toString('base64') },
    ]);
  });
});
