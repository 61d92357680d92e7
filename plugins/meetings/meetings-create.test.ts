/**
 * createOnlineMeeting through the emulated tenant: participants' addresses resolved to directory
 * object ids (Graph refuses an email in identity.user.id), the exact POST, times in the user's zone,
 * the standalone note, and bad input refused with nothing created.
 */
import { createToolTestSession } from 'm365-mcp-gateway/testing';
import { expect, it } from 'vitest';
import { meetingsTestEnvironment } from './test-support';

const { emulator, registry, callAs, adele, megan } = meetingsTestEnvironment();
const session = () => createToolTestSession({ emulator, user: adele().userPrincipalName, registry });
const alex = () => emulator.tenant.users[2]!;
/** Adele's meetings, online calendar events included (the count a create must not change on refusal). */
const adelesMeetings = () => emulator.tenant.meetings.organisedBy(adele().id);
const bySubject = (subject: string) => adelesMeetings().filter((meeting) => meeting.subject === subject);

it('resolves participants to object ids, posts the meeting, and says it is standalone', async () => {
  const s = await session();
  emulator.stats.reset();
  const result = await callAs(s, 'createOnlineMeeting', {
    subject: 'Window display sign-off',
    start: '2026-12-01T10:00',
    end: '2026-12-01T10:30',
    participants: 'MeganB@contoso.com, alexw@contoso.com',
    lobbyBypass: 'everyone',
    allowRecording: false,
  });
  expect(result.isError, result.text).toBeFalsy();
  const requests = emulator.stats.graphRequests;
  expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /users/MeganB%40contoso.com',
    'GET /users/alexw%40contoso.com',
    'POST /me/onlineMeetings',
  ]);
  expect(new URLSearchParams(requests[0]!.search).get('$select')).toBe('id,userPrincipalName');
  expect(JSON.parse(requests[2]!.body!)).toEqual({
    subject: 'Window display sign-off',
    // 10:00 in Adele's zone (Pacific, UTC−8 in December).
    startDateTime: '2026-12-01T18:00:00.000Z',
    endDateTime: '2026-12-01T18:30:00.000Z',
    participants: {
      attendees: [
        { upn: megan().userPrincipalName, role: 'attendee', identity: { user: { id: megan().id } } },
        { upn: alex().userPrincipalName, role: 'attendee', identity: { user: { id: alex().id } } },
      ],
    },
    lobbyBypassSettings: { scope: 'everyone' },
    allowRecording: false,
  });
  const [created] = bySubject('Window display sign-off');
  expect(created).toMatchObject({ calendarBacked: false, allowRecording: false });
  expect(result.text).toMatch(/^Created meeting o\w+: "Window display sign-off"/);
  expect(result.text).toContain('When: 2026-12-01 10:00–10:30');
  expect(result.text).toContain(`Join: ${created!.joinWebUrl}`);
  expect(result.text).toContain('Microsoft keeps no transcript or recording for it');
  expect(emulator.journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /me/onlineMeetings']);
});

it('the emulated Graph refuses an email address in identity.user.id, as Graph does', async () => {
  const s = await session();
  const before = adelesMeetings().length;
  const token = s.accessToken;
  const response = await fetch(`${emulator.graphBaseUrl}/me/onlineMeetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      startDateTime: '2026-12-01T18:00:00Z',
      endDateTime: '2026-12-01T18:30:00Z',
      participants: { attendees: [{ identity: { user: { id: 'MeganB@contoso.com' } } }] },
    }),
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain('identity.user.id');
  expect(adelesMeetings()).toHaveLength(before);
});

it('refuses an address outside the directory, a malformed one, and an end before the start, creating nothing', async () => {
  const s = await session();
  const before = adelesMeetings().length;
  const outside = await callAs(s, 'createOnlineMeeting', {
    subject: 'Vendor call',
    start: '2026-12-01T10:00:00-08:00',
    end: '2026-12-01T10:30:00-08:00',
    participants: ['MeganB@contoso.com', 'dana.whitfield@fabrikam.com'],
  });
  expect(outside.isError).toBe(true);
  expect(outside.text).toContain('Not found in your organisation');
  expect(outside.text).toContain('dana.whitfield@fabrikam.com');
  expect(outside.text).toContain('Nothing was created.');
  const malformed = await callAs(s, 'createOnlineMeeting', {
    subject: 'x',
    start: '2026-12-01T10:00',
    end: '2026-12-01T10:30',
    participants: 'Megan Bowen',
  });
  expect(malformed.text).toContain('Not email addresses: Megan Bowen');
  const backwards = await callAs(s, 'createOnlineMeeting', {
    subject: 'x',
    start: '2026-12-01T10:30',
    end: '2026-12-01T10:00',
  });
  expect(backwards.isError).toBe(true);
  expect(backwards.text).toContain('"end" must be after "start". Nothing was created.');
  const notADate = await callAs(s, 'createOnlineMeeting', {
    subject: 'x',
    start: 'tomorrow 10am',
    end: '2026-12-01T10:00',
  });
  expect(notADate.text).toContain('"start" is not an ISO 8601 date-time');
  expect(emulator.journal).toHaveLength(0);
  expect(adelesMeetings()).toHaveLength(before);
});

it('the created meeting is found again by its join URL as pasted, decoded', async () => {
  const s = await session();
  await callAs(s, 'createOnlineMeeting', { subject: 'Quick sync', start: '2026-12-02T09:00', end: '2026-12-02T09:15' });
  const created = bySubject('Quick sync')[0]!;
  const found = await callAs(s, 'getOnlineMeeting', { meeting: decodeURIComponent(created.joinWebUrl) });
  expect(found.isError, found.text).toBeFalsy();
  expect(found.text).toContain('"Quick sync"');
  const transcript = await callAs(s, 'getMeetingTranscript', { meeting: created.id });
  expect(transcript.text).toContain('standalone meeting');
});
