/**
 * getMeetingAttendance and listMeetingRecordings through the emulated tenant: the exact Graph
 * requests, times in the user's zone, the attendance budget, recordings as MCP resources up to the
 * size cap (the link and size beyond it), and a create whose answer was lost reported, not repeated.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolTestSession } from 'm365-mcp-gateway/testing';
import { describe, expect, it } from 'vitest';
import { RECORDING_MAX_BYTES } from './recording-resource';
import { meetingPath, meetingsTestEnvironment } from './test-support';

const { emulator, registry, callAs, adele, seeded } = meetingsTestEnvironment();
const session = () => createToolTestSession({ emulator, user: adele().userPrincipalName, registry });

describe('getMeetingAttendance', () => {
  it('reads the latest report with its records, in the user’s zone, within 400 tokens', async () => {
    const { review } = seeded();
    const report = review.attendanceReports[0]!;
    const s = await session();
    emulator.stats.reset();
    const result = await callAs(s, 'getMeetingAttendance', { meeting: review.id });
    expect(result.isError, result.text).toBeFalsy();
    expect(emulator.stats.graphRequests.map((r) => `${r.method} ${r.path}${r.search}`)).toEqual([
      `GET ${meetingPath(review.id)}/attendanceReports`,
      `GET ${meetingPath(review.id)}/attendanceReports/${report.id}?$expand=attendanceRecords`,
    ]);
    expect(result.text).toContain('Attendance of meeting o');
    expect(result.text).toContain(', 2026-11-24 08:58–10:01: 7 people.');
    // Alex left and came back: both intervals, minutes summed (38 + 17).
    expect(result.text).toContain('Alex Wilber <AlexW@contoso.com> | Attendee | 09:02–09:40, 09:43–10:00 | 55');
    expect(result.text).toContain('Adele Vance <AdeleV@contoso.com> | Organizer | 08:58–10:01 | 63');
    // Names come from others (a guest names themself): inside the fence.
    const fenceStart = result.text.indexOf('<untrusted-content');
    expect(fenceStart).toBeGreaterThan(0);
    expect(result.text.indexOf('Dana Whitfield (Fabrikam)')).toBeGreaterThan(fenceStart);
    expect(countTokens(result.text)).toBeLessThanOrEqual(400);
  });

  it('gives join and leave times in the user’s own zone', async () => {
    const { sync } = seeded();
    const s = await createToolTestSession({
      emulator,
      user: adele().userPrincipalName,
      registry,
      timeZone: 'Europe/London',
    });
    const result = await callAs(s, 'getMeetingAttendance', { meeting: sync.id });
    expect(result.text).toContain('Adele Vance <AdeleV@contoso.com> | Organizer | 18:00–18:28 | 28');
  });

  it('says when a meeting has no attendance report, and names the permission when it is missing', async () => {
    const { standalone, review } = seeded();
    const s = await session();
    expect((await callAs(s, 'getMeetingAttendance', { meeting: standalone.id })).text).toContain(
      'has no attendance report',
    );
    const without = await createToolTestSession({
      emulator,
      user: adele().userPrincipalName,
      scopes: ['OnlineMeetings.Read'],
    });
    const denied = await callAs(without, 'getMeetingAttendance', { meeting: review.id });
    expect(denied.isError).toBe(true);
    expect(denied.text).toContain('needs the Microsoft Graph permission OnlineMeetingArtifact.Read.All');
  });
});

describe('listMeetingRecordings and the recording resource', () => {
  it('lists a recording with its duration and size, and serves its bytes as a resource', async () => {
    const { review } = seeded();
    const recording = review.recordings[0]!;
    const s = await session();
    emulator.stats.reset();
    const result = await callAs(s, 'listMeetingRecordings', { meeting: review.id });
    expect(result.isError, result.text).toBeFalsy();
    const contentPath = `${meetingPath(review.id)}/recordings/${encodeURIComponent(recording.id)}/content`;
    const [list, size] = emulator.stats.graphRequests;
    expect(list).toMatchObject({ method: 'GET', path: `${meetingPath(review.id)}/recordings` });
    expect(new URLSearchParams(list!.search).get('$select')).toBe('id,createdDateTime,endDateTime,recordingContentUrl');
    // The size from one byte's Content-Range: no download.
    expect(size).toMatchObject({ method: 'GET', path: contentPath });
    expect(size!.headers.range).toBe('bytes=0-0');
    expect(result.text).toMatch(
      /\| 2026-11-24 09:01–09:59 \| 59 min \| 4 KB \| m365:\/\/meetings\/o\w+\/recordings\/r\w+$/m,
    );
    const link = result.content.find((item) => item.type === 'resource_link');
    expect(link).toMatchObject({ type: 'resource_link', mimeType: 'video/mp4' });
    await s.settled();
    const read = await registry.readResource((link as { uri: string }).uri, s.context());
    expect(read).toMatchObject({ mimeType: 'video/mp4' });
    const served = Uint8Array.from(atob((read as { blob: string }).blob), (char) => char.charCodeAt(0));
    expect(served).toEqual(recording.content);
  });

  it('gives the link and the size, not a resource, beyond the cap', async () => {
    const { review } = seeded();
    review.recordings[0]!.content = new Uint8Array(RECORDING_MAX_BYTES + 1);
    const s = await session();
    const result = await callAs(s, 'listMeetingRecordings', { meeting: review.id });
    expect(result.content.some((item) => item.type === 'resource_link')).toBe(false);
    expect(result.text).toContain(
      '| 10.0 MB | over the 10.0 MB limit for reading here; download (Graph, signed in): https://',
    );
    expect(result.text).toContain(`/recordings/${review.recordings[0]!.id}/content`);
  });

  it('says a standalone meeting has no recordings, and why', async () => {
    const { standalone } = seeded();
    const result = await callAs(await session(), 'listMeetingRecordings', { meeting: standalone.id });
    expect(result.text).toContain('has no recordings');
    expect(result.text).toContain('A standalone meeting is (not on any calendar');
  });
});

it('a create whose answer was lost is reported as may-have-happened, and not repeated', async () => {
  const s = await session();
  emulator.injectFault({ path: '/me/onlineMeetings', method: 'POST', network: 'drop', afterApplying: true });
  const result = await callAs(s, 'createOnlineMeeting', {
    subject: 'Lost answer',
    start: '2026-12-01T10:00',
    end: '2026-12-01T10:30',
  });
  expect(result.isError).toBe(true);
  expect(result.text).toMatch(/^createOnlineMeeting may have happened: /);
  expect(emulator.stats.graphRequests.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(emulator.tenant.meetings.organisedBy(adele().id).filter((m) => m.subject === 'Lost answer')).toHaveLength(1);
});
