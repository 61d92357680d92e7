/**
 * getOnlineMeeting and the meeting argument every tool takes: the exact Graph requests (join URLs
 * normalised and encoded for Graph's exact-match filter), the organizer-only rule, and clear errors
 * for malformed links, all through the real Graph client against the emulated tenant.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolTestSession } from 'm365-mcp-gateway/testing';
import { describe, expect, it } from 'vitest';
import plugin from '.';
import { meetingPath, meetingsTestEnvironment } from './test-support';

const { emulator, registry, callAs, adele, seeded } = meetingsTestEnvironment();
const session = () => createToolTestSession({ emulator, user: adele().userPrincipalName, registry });

it('publishes its five tools within 800 o200k tokens (its manifest budget)', () => {
  const tools = registry.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual([
    'createOnlineMeeting',
    'getMeetingAttendance',
    'getMeetingTranscript',
    'getOnlineMeeting',
    'listMeetingRecordings',
  ]);
  const tokens = tools.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
  expect(tokens).toBeLessThanOrEqual(800);
  for (const tool of tools) {
    for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
      expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
    }
  }
  expect(plugin.budget?.tokens).toBe(800);
});

describe('a meeting by its join URL as pasted', () => {
  const decoded = (url: string) => decodeURIComponent(url);
  const variants: Array<[string, (url: string) => string]> = [
    ['as Graph stores it', (url) => url],
    ['fully decoded', decoded],
    ['with upper-case escapes', (url) => url.replace(/%[0-9a-f]{2}/g, (hex) => hex.toUpperCase())],
    ['encoded twice', (url) => url.replace(/%/g, '%25')],
    [
      'wrapped by Safe Links',
      (url) => `https://nam02.safelinks.protection.outlook.com/?url=${encodeURIComponent(url)}&data=05%7C02&reserved=0`,
    ],
    ['in angle brackets, broken over lines', (url) => `<${url.slice(0, 60)}\n${url.slice(60)}>`],
  ];
  it.each(variants)('finds it %s, filtering on the stored URL encoded once more', async (_, paste) => {
    const { review } = seeded();
    const s = await session();
    emulator.stats.reset();
    const result = await callAs(s, 'getOnlineMeeting', { meeting: paste(review.joinWebUrl) });
    expect(result.isError, result.text).toBeFalsy();
    expect(emulator.stats.graphRequests).toHaveLength(1);
    const [request] = emulator.stats.graphRequests;
    expect(request).toMatchObject({ method: 'GET', path: '/me/onlineMeetings' });
    const query = new URLSearchParams(request!.search);
    // Decoded once by Graph, the literal must be the stored URL with its own escapes intact.
    expect(query.get('$filter')).toBe(`JoinWebUrl eq '${review.joinWebUrl}'`);
    expect(query.get('$select')).toBe(
      'id,subject,startDateTime,endDateTime,joinWebUrl,joinMeetingIdSettings,participants,lobbyBypassSettings,allowRecording',
    );
    expect(request!.headers.authorization).toMatch(/^Bearer /);
    expect(result.text).toContain(`"${review.subject}"`);
    expect(result.text).toContain('When: 2026-11-24 09:00–10:00'); // Adele's zone: Pacific
    expect(result.text).toContain(`Join: ${review.joinWebUrl}`);
    expect(result.text).not.toContain(review.id);
  });

  it('refuses a link that is not a Teams join link, before asking Graph', async () => {
    const s = await session();
    emulator.stats.reset();
    for (const meeting of [
      'https://teams.microsoft.com/l/meetup-join/not-a-thread/0',
      'https://evil.example.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d',
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7bnot json',
    ]) {
      const result = await callAs(s, 'getOnlineMeeting', { meeting });
      expect(result.isError).toBe(true);
      expect(result.text).toContain('This is not a Teams meeting join link');
    }
    const short = await callAs(s, 'getOnlineMeeting', { meeting: 'https://teams.microsoft.com/meet/2439876512?p=abc' });
    expect(short.text).toContain('short Teams link');
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });
});

it('finds an online event scheduled on the calendar by its join URL, with no transcript yet', async () => {
  const event = emulator.tenant.calendar.createEvent(adele().id, {
    subject: 'Store opening rehearsal walkthrough',
    start: { dateTime: '2026-12-03T17:00:00', timeZone: 'UTC' },
    end: { dateTime: '2026-12-03T17:30:00', timeZone: 'UTC' },
    attendees: [{ emailAddress: { address: 'MeganB@contoso.com' }, type: 'required' }],
    isOnlineMeeting: true,
  });
  const s = await session();
  const found = await callAs(s, 'getOnlineMeeting', { meeting: decodeURIComponent(event.joinUrl!) });
  expect(found.isError, found.text).toBeFalsy();
  expect(found.text).toContain('"Store opening rehearsal walkthrough"');
  expect(found.text).toContain('When: 2026-12-03 09:00–09:30');
  const handle = /^Meeting (o\w+):/.exec(found.text)![1];
  await s.settled();
  const transcript = await callAs(s, 'getMeetingTranscript', { meeting: handle });
  expect(transcript.text).toContain('has no transcript');
});

describe('a meeting by handle or id', () => {
  it('gets it by id, then by the handle it showed, with the same request', async () => {
    const { review } = seeded();
    const s = await session();
    emulator.stats.reset();
    const byId = await callAs(s, 'getOnlineMeeting', { meeting: review.id });
    expect(emulator.stats.graphRequests[0]).toMatchObject({ method: 'GET', path: meetingPath(review.id) });
    const handle = /^Meeting (o\w+):/.exec(byId.text)?.[1];
    expect(handle).toBeTruthy();
    await s.settled();
    const byHandle = await callAs(s, 'getOnlineMeeting', { meeting: handle });
    expect(byHandle.text).toBe(byId.text);
    expect(emulator.stats.graphRequests[1]?.path).toBe(meetingPath(review.id));
    expect(countTokens(byId.text)).toBeLessThanOrEqual(300);
  });

  it('says a meeting someone else organised cannot be read, by id or by join URL', async () => {
    const { megans } = seeded();
    const s = await session();
    const byId = await callAs(s, 'getOnlineMeeting', { meeting: megans.id });
    expect(byId.isError).toBe(true);
    expect(byId.text).toContain('No meeting you organised has this id');
    const byUrl = await callAs(s, 'getOnlineMeeting', { meeting: megans.joinWebUrl });
    expect(byUrl.isError).toBe(true);
    expect(byUrl.text).toContain('No meeting you organised has this join URL');
  });

  it('refuses a value that is neither a handle, an id nor a link', async () => {
    const s = await session();
    emulator.stats.reset();
    const result = await callAs(s, 'getOnlineMeeting', { meeting: 'the launch meeting' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('"meeting" must be a meeting handle');
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });
});
