/**
 * Writing the calendar: the exact Graph requests (method, path, Prefer, body), the effects on the
 * tenant (attendee copies, invitations, responses, cancellations), organizer rules, bad input
 * refused with nothing changed, and a create whose outcome is unknown reported and not repeated.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolTestSession } from 'm365-mcp-gateway/testing';
import { calendarTestEnvironment, handlesIn } from './test-support';

const { emulator, callAs, graphCalls, signIn } = calendarTestEnvironment();
let adele: ToolTestSession;
let megan: ToolTestSession;

beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  megan = await signIn('MeganB@contoso.com');
  emulator.stats.reset();
});

const cal = () => emulator.tenant.calendar;
const bodyOf = (i = 0) => JSON.parse(graphCalls().filter((r) => r.method !== 'GET')[i]?.body ?? 'null');
const inbox = (s: ToolTestSession) =>
  emulator.tenant.messages(s.user.id, emulator.tenant.resolveFolder(s.user.id, 'inbox')?.id);
const MEETING = {
  subject: 'Spring collection floor plan review',
  start: '2027-01-12T09:00',
  end: '2027-01-12T10:00',
  body: 'Bring the draft floor plans.',
  attendees: 'MeganB@contoso.com, katrin.vogel@fabrikam.de',
  location: 'Conference Room Baker',
  isOnlineMeeting: true,
};

describe('createCalendarEvent', () => {
  it('POSTs the event in the mailbox zone, invites attendees and shows the join link', async () => {
    const result = await callAs(adele, 'createCalendarEvent', MEETING);
    expect(result.isError, result.text).toBeFalsy();
    const [post, ...more] = graphCalls();
    expect(more).toEqual([]);
    expect(post).toMatchObject({ method: 'POST', path: '/me/events' });
    expect(post?.headers.prefer).toBe('outlook.timezone="Pacific Standard Time", IdType="ImmutableId"');
    expect(bodyOf()).toEqual({
      subject: MEETING.subject,
      body: { contentType: 'text', content: MEETING.body },
      location: { displayName: MEETING.location },
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      start: { dateTime: '2027-01-12T09:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2027-01-12T10:00:00', timeZone: 'Pacific Standard Time' },
      isAllDay: false,
      attendees: [
        { type: 'required', emailAddress: { address: 'MeganB@contoso.com' } },
        { type: 'required', emailAddress: { address: 'katrin.vogel@fabrikam.de' } },
      ],
    });
    const created = cal()
      .events(adele.user.id)
      .find((e) => e.subject === MEETING.subject);
    expect(result.text).toContain(
      `Created "${MEETING.subject}" Tue 2027-01-12 09:00–10:00 (times in America/Los_Angeles)`,
    );
    expect(result.text).toContain('Invitations sent to 2 attendees.');
    expect(result.text).toContain(`Teams join: ${created?.joinUrl}`);
    expect(handlesIn(result.text, 'event')).toHaveLength(1);
    expect(
      cal()
        .events(megan.user.id)
        .some((e) => e.iCalUId === created?.iCalUId),
    ).toBe(true);
    expect(inbox(megan).some((m) => m.subject === MEETING.subject)).toBe(true);
  });

  it('makes a weekly series from the simple recurrence form', async () => {
    await callAs(adele, 'createCalendarEvent', {
      subject: 'Weekly store visit planning',
      start: '2027-01-11T08:00',
      recurrence: { frequency: 'weekly', daysOfWeek: ['monday', 'Thursday'], count: 6 },
    });
    expect(bodyOf().recurrence).toEqual({
      pattern: { type: 'weekly', daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday', interval: 1 },
      range: {
        type: 'numbered',
        startDate: '2027-01-11',
        numberOfOccurrences: 6,
        recurrenceTimeZone: 'Pacific Standard Time',
      },
    });
    expect(bodyOf().end).toEqual({ dateTime: '2027-01-11T08:30:00', timeZone: 'Pacific Standard Time' });
  });

  it.each([
    [{ ...MEETING, end: '2027-01-12T08:00' }, /end \(2027-01-12T08:00\) is not after start/],
    [{ ...MEETING, timeZone: 'Mars/Olympus' }, /unknown time zone "Mars\/Olympus"/],
    [{ ...MEETING, attendees: 'Megan, alex@contoso' }, /must be email addresses.*"Megan", "alex@contoso"/],
    [
      { ...MEETING, recurrence: { frequency: 'daily', until: '2027-02-01', count: 3 } },
      /either until or count, not both/,
    ],
    [{ ...MEETING, isAllDay: true }, /An all-day event takes dates/],
  ])('refuses bad input (%#) with nothing sent or changed', async (args, message) => {
    const before = cal().events(adele.user.id).length;
    const result = await callAs(adele, 'createCalendarEvent', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(graphCalls()).toEqual([]);
    expect(cal().events(adele.user.id)).toHaveLength(before);
  });

  it('a create whose answer is lost says it may have happened and is not repeated', async () => {
    emulator.injectFault({ path: '/me/events', status: 503, times: 3, afterApplying: true });
    const result = await callAs(adele, 'createCalendarEvent', MEETING);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/^createCalendarEvent may have happened: Microsoft Graph answered 503/);
    expect(result.text).toContain('Check the calendar (getCalendarEvents) before trying again');
    expect(graphCalls().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(
      cal()
        .events(adele.user.id)
        .filter((e) => e.subject === MEETING.subject),
    ).toHaveLength(1);
  });
});

describe('respondToEvent and the organizer copy', () => {
  it('accept POSTs to …/accept and the organizer sees it', async () => {
    await callAs(adele, 'createCalendarEvent', MEETING);
    const copy = cal()
      .events(megan.user.id)
      .find((e) => e.subject === MEETING.subject);
    emulator.stats.reset();
    const result = await callAs(megan, 'respondToEvent', {
      id: copy?.id,
      response: 'accept',
      comment: 'See you there',
    });
    expect(result.isError, result.text).toBeFalsy();
    const post = graphCalls().find((r) => r.method === 'POST');
    expect(post?.path).toBe(`/me/events/${encodeURIComponent(copy?.id ?? '')}/accept`);
    expect(bodyOf()).toEqual({ sendResponse: true, comment: 'See you there' });
    expect(result.text).toBe(
      `Accepted "${MEETING.subject}" Tue 2027-01-12 12:00–13:00 (times in America/New_York). AdeleV@contoso.com was told.`,
    );
    const organizer = cal()
      .events(adele.user.id)
      .find((e) => e.subject === MEETING.subject);
    expect(organizer?.attendees.find((a) => a.emailAddress?.address === 'MeganB@contoso.com')?.status?.response).toBe(
      'accepted',
    );
  });

  it('decline with a proposed time sends proposedNewTime in the mailbox zone', async () => {
    await callAs(adele, 'createCalendarEvent', MEETING);
    const copy = cal()
      .events(megan.user.id)
      .find((e) => e.subject === MEETING.subject);
    emulator.stats.reset();
    await callAs(megan, 'respondToEvent', {
      id: copy?.id,
      response: 'decline',
      proposedStart: '2027-01-13T14:00',
      proposedEnd: '2027-01-13T15:00',
    });
    expect(bodyOf()).toEqual({
      sendResponse: true,
      proposedNewTime: {
        start: { dateTime: '2027-01-13T14:00:00', timeZone: 'Eastern Standard Time' },
        end: { dateTime: '2027-01-13T15:00:00', timeZone: 'Eastern Standard Time' },
      },
    });
    expect(
      cal()
        .events(megan.user.id)
        .some((e) => e.subject === MEETING.subject),
    ).toBe(false);
  });

  it('refuses a response to your own event, saying what to do instead', async () => {
    const own = cal()
      .events(adele.user.id)
      .find((e) => e.isOrganizer && e.attendees.length > 0);
    const result = await callAs(adele, 'respondToEvent', { id: own?.id, response: 'accept' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^You organize ".*" .*: there is no invitation to respond to\. To call it off use cancelCalendarEvent/,
    );
    expect(graphCalls().filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('cancelCalendarEvent', () => {
  it('the organizer of a meeting cancels it: POST …/cancel, gone from attendee calendars', async () => {
    await callAs(adele, 'createCalendarEvent', MEETING);
    const event = cal()
      .events(adele.user.id)
      .find((e) => e.subject === MEETING.subject);
    emulator.stats.reset();
    const result = await callAs(adele, 'cancelCalendarEvent', { id: event?.id, comment: 'Moved to next week' });
    expect(result.isError, result.text).toBeFalsy();
    const post = graphCalls().find((r) => r.method === 'POST');
    expect(post?.path).toBe(`/me/events/${encodeURIComponent(event?.id ?? '')}/cancel`);
    expect(bodyOf()).toEqual({ comment: 'Moved to next week' });
    expect(result.text).toContain('2 attendees got the cancellation with your comment');
    expect(
      cal()
        .events(megan.user.id)
        .some((e) => e.iCalUId === event?.iCalUId),
    ).toBe(false);
  });

  it('an event without attendees is deleted with DELETE', async () => {
    const own = cal()
      .events(adele.user.id)
      .find((e) => e.attendees.length === 0 && !e.recurrence);
    const result = await callAs(adele, 'cancelCalendarEvent', { id: own?.id });
    expect(result.isError, result.text).toBeFalsy();
    expect(graphCalls().map((r) => r.method)).toEqual(['GET', 'DELETE']);
    expect(result.text).toMatch(/^Deleted ".*" .* from your calendar; it had no attendees to tell\.$/);
    expect(
      cal()
        .events(adele.user.id)
        .some((e) => e.id === own?.id),
    ).toBe(false);
  });

  it("refuses to cancel someone else's meeting and points to decline", async () => {
    const copy = cal()
      .events(megan.user.id)
      .find((e) => !e.isOrganizer);
    const result = await callAs(megan, 'cancelCalendarEvent', { id: copy?.id });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/only its organizer \(.+@contoso\.com\) can cancel it\. Nothing was changed\./);
    expect(result.text).toContain('call respondToEvent with response "decline"');
    expect(graphCalls().map((r) => r.method)).toEqual(['GET']);
    expect(
      cal()
        .events(megan.user.id)
        .some((e) => e.id === copy?.id),
    ).toBe(true);
  });
});

describe('updateCalendarEvent', () => {
  it('moves one occurrence of a series (an exception) and leaves the others', async () => {
    const from = Date.parse(`${cal().weekStart}T00:00:00Z`) + 7 * 86_400_000;
    const occurrences = cal()
      .calendarView(megan.user.id, from, from + 7 * 86_400_000)
      .filter((i) => i.event.subject === '1:1 Megan / Alex – weekly check-in');
    const target = occurrences[0];
    const day = target?.originalDate;
    const result = await callAs(megan, 'updateCalendarEvent', { id: target?.id, start: `${day}T15:00` });
    expect(result.isError, result.text).toBeFalsy();
    const patch = graphCalls().find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(`/me/events/${encodeURIComponent(target?.id ?? '')}`);
    expect(bodyOf()).toEqual({
      start: { dateTime: `${day}T15:00:00`, timeZone: 'Eastern Standard Time' },
      end: { dateTime: `${day}T15:30:00`, timeZone: 'Eastern Standard Time' },
      isAllDay: false,
    });
    expect(result.text).toMatch(
      /^Updated this occurrence only: "1:1 Megan \/ Alex – weekly check-in" Tue .* 15:00–15:30/,
    );
    const after = cal().calendarView(megan.user.id, from - 14 * 86_400_000, from + 14 * 86_400_000, {
      viewZone: 'America/New_York',
    });
    const series = after.filter((i) => i.event.subject === '1:1 Megan / Alex – weekly check-in');
    expect(series.filter((i) => i.type === 'exception').map((i) => i.originalDate)).toEqual([day]);
    expect(series.filter((i) => i.type === 'occurrence').length).toBeGreaterThan(2);
  });

  it('applyTo series PATCHes the series master', async () => {
    const from = Date.parse(`${cal().weekStart}T00:00:00Z`) + 7 * 86_400_000;
    const target = cal()
      .calendarView(megan.user.id, from, from + 7 * 86_400_000)
      .find((i) => i.event.subject === '1:1 Megan / Alex – weekly check-in');
    const result = await callAs(megan, 'updateCalendarEvent', {
      id: target?.id,
      applyTo: 'series',
      location: 'Room 12/1104',
    });
    expect(result.isError, result.text).toBeFalsy();
    const patch = graphCalls().find((r) => r.method === 'PATCH');
    expect(patch?.path).toBe(`/me/events/${encodeURIComponent(target?.event.id ?? '')}`);
    expect(bodyOf()).toEqual({ location: { displayName: 'Room 12/1104' } });
    expect(result.text).toMatch(/^Updated the whole series/);
  });

  it('an attendee may not move the meeting: told to respond instead, nothing changed', async () => {
    const copy = cal()
      .events(megan.user.id)
      .find((e) => !e.isOrganizer && !e.recurrence);
    const result = await callAs(megan, 'updateCalendarEvent', { id: copy?.id, subject: 'Renamed' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^Only the organizer \(.+\) can change subject of this meeting; nothing was changed\. As an attendee, use respondToEvent/,
    );
    expect(graphCalls().map((r) => r.method)).toEqual(['GET']);
  });
});
