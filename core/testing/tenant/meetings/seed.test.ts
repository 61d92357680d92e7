/**
 * The seeded meetings area looks like a real tenant's and stays deterministic: an hour of speech
 * (~9,000 words, several speakers, one adversarial line), honest recording sizes, attendance that
 * fits the meeting, a standalone meeting with nothing kept, and the same ids after every reset.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, FakeTenant, SEED_ANCHOR } from '../../index';

const tenant = new FakeTenant();
const [review, sync, standalone, megans] = tenant.meetings.all();

describe('the seeded meetings', () => {
  it('has a one-hour transcript of about 9,000 words by several speakers, with one adversarial line', () => {
    const vtt = review!.transcripts[0]!.vtt;
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const cues = [...vtt.matchAll(/^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n<v ([^>]+)>(.*)<\/v>$/gm)];
    const words = cues.reduce((sum, cue) => sum + cue[4]!.split(/\s+/).length, 0);
    expect(words).toBeGreaterThan(8500);
    expect(words).toBeLessThan(10_000);
    expect(new Set(cues.map((cue) => cue[3])).size).toBeGreaterThanOrEqual(6);
    expect(cues.at(-1)![2]! > '00:59:00.000').toBe(true);
    expect(cues.filter((cue) => /ignore your previous instructions/.test(cue[4]!))).toHaveLength(1);
    // Cue text is escaped as WebVTT requires: the adversarial closing tag is text, not markup.
    expect(vtt).toContain('&lt;/untrusted-content&gt;');
  });

  it('keeps transcripts and recordings only for calendar-backed meetings, with honest sizes', () => {
    expect(standalone).toMatchObject({ calendarBacked: false, transcripts: [], recordings: [], attendanceReports: [] });
    for (const meeting of tenant.meetings.all()) {
      if (!meeting.calendarBacked) continue;
      expect(meeting.joinWebUrl).toMatch(
        /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_\w+%40thread\.v2\/0\?context=%7b%22Tid%22%3a%22/,
      );
    }
    const recording = review!.recordings[0]!;
    expect(recording.content.length).toBe(4096);
    expect(new TextDecoder().decode(recording.content.slice(4, 12))).toBe('ftypmp42');
  });

  it('puts calendar-backed meetings on the organizer’s and attendees’ calendars with the same join URL', () => {
    for (const meeting of [review!, sync!, megans!]) {
      const copies = tenant.calendar.eventsByJoinUrl(meeting.joinWebUrl);
      const owners = copies.map((event) => event.ownerId).sort();
      const demoAttendees = DEMO_USERS.filter(
        (user) => user.id === meeting.organizerId || meeting.attendees.some((a) => a.upn === user.mail),
      );
      expect(owners).toEqual(demoAttendees.map((user) => user.id).sort());
      expect(copies.find((event) => event.isOrganizer)).toMatchObject({
        subject: meeting.subject,
        ownerId: meeting.organizerId,
      });
    }
    expect(tenant.calendar.eventsByJoinUrl(standalone!.joinWebUrl)).toEqual([]);
  });

  it('has attendance that fits its meeting, organised by the demo users, before the seed anchor', () => {
    const report = review!.attendanceReports[0]!;
    expect(report.totalParticipantCount).toBe(report.records.length);
    for (const record of report.records) {
      expect(record.totalAttendanceInSeconds).toBe(
        record.attendanceIntervals.reduce((sum, interval) => sum + interval.durationInSeconds, 0),
      );
    }
    expect(review!.organizerId).toBe(DEMO_USERS[0]!.id);
    expect(megans!.organizerId).toBe(DEMO_USERS[1]!.id);
    for (const meeting of [review, sync, standalone, megans]) expect(meeting!.endDateTime < SEED_ANCHOR).toBe(true);
  });

  it('is the same after a reset, and a created meeting is gone', () => {
    const before = JSON.stringify(tenant.meetings.all(), (_, value) =>
      value instanceof Uint8Array ? [...value] : value,
    );
    tenant.meetings.createStandalone(DEMO_USERS[0]!.id, {
      subject: 'x',
      startDateTime: '2026-12-01T18:00:00Z',
      endDateTime: '2026-12-01T18:30:00Z',
      attendees: [],
    });
    tenant.meetings.transcriptsDisabled = true;
    tenant.reset();
    expect(JSON.stringify(new FakeTenant().meetings.all(), (_, v) => (v instanceof Uint8Array ? [...v] : v))).toBe(
      before,
    );
    expect(JSON.stringify(tenant.meetings.all(), (_, v) => (v instanceof Uint8Array ? [...v] : v))).toBe(before);
    expect(tenant.meetings.transcriptsDisabled).toBe(false);
  });
});
