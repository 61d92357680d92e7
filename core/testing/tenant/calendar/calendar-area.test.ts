import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../directory/users';
import { FakeTenant } from '../fake-tenant';
import { CalendarRefusal } from './calendar-area';
import { dayNumber } from './recurrence';
import { seedWeekStart } from './seed-calendar';
import { toGraphEvent } from './serialize-event';

const [adele, megan, alex] = DEMO_USERS as [(typeof DEMO_USERS)[0], (typeof DEMO_USERS)[0], (typeof DEMO_USERS)[0]];
const DAY = 86_400_000;
let tenant: FakeTenant;

beforeEach(() => {
  tenant = new FakeTenant();
});

function meeting(extra: Record<string, unknown> = {}) {
  return {
    subject: 'Quarterly planning for the spring collection',
    body: { contentType: 'text' as const, content: 'Agenda:\n1. Targets\n2. Budget' },
    start: { dateTime: '2027-01-12T09:00:00', timeZone: 'Pacific Standard Time' },
    end: { dateTime: '2027-01-12T10:00:00', timeZone: 'Pacific Standard Time' },
    attendees: [
      { emailAddress: { address: megan.mail }, type: 'required' as const },
      { emailAddress: { address: 'katrin.vogel@fabrikam.de', name: 'Katrin Vogel' }, type: 'optional' as const },
    ],
    ...extra,
  };
}

describe('seeded calendars', () => {
  it('gives every demo user at least ten events in any seven days starting in the seed week', () => {
    const start = Date.parse(`${tenant.calendar.weekStart}T00:00:00Z`);
    for (const u of DEMO_USERS) {
      for (let d = 0; d < 7; d++) {
        const from = start + d * DAY;
        expect(
          tenant.calendar.calendarView(u.id, from, from + 7 * DAY).length,
          `${u.displayName} +${d}`,
        ).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('follows the real clock in whole weeks from the week of SEED_ANCHOR', () => {
    expect(seedWeekStart(Date.parse('2026-11-25T10:00:00Z'))).toBe('2026-11-23');
    expect(seedWeekStart(Date.parse('2026-12-09T10:00:00Z'))).toBe('2026-12-07');
    expect(seedWeekStart(Date.parse('2027-03-14T23:59:00Z'))).toBe('2027-03-08');
    expect(seedWeekStart(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-11-23');
    expect(new Date(`${tenant.calendar.weekStart}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('has series with exceptions, all-day, multi-day, online, other-zone events and every response state', () => {
    const events = DEMO_USERS.flatMap((u) => tenant.calendar.events(u.id));
    expect(events.some((e) => e.recurrence?.pattern?.type === 'daily' && e.exceptions.size > 0)).toBe(true);
    expect(events.some((e) => e.recurrence?.pattern?.type === 'weekly' && e.exceptions.size > 0)).toBe(true);
    expect(events.some((e) => e.isAllDay && dayNumber(e.end.dateTime) - dayNumber(e.start.dateTime) > 1)).toBe(true);
    expect(events.some((e) => e.isAllDay && dayNumber(e.end.dateTime) - dayNumber(e.start.dateTime) === 1)).toBe(true);
    expect(events.some((e) => !e.isAllDay && dayNumber(e.end.dateTime) > dayNumber(e.start.dateTime))).toBe(true);
    expect(events.some((e) => e.joinUrl?.startsWith('https://teams.microsoft.com/l/meetup-join/19%3ameeting_'))).toBe(
      true,
    );
    expect(events.some((e) => e.start.timeZone === 'W. Europe Standard Time')).toBe(true);
    const statuses = new Set(
      events.filter((e) => e.isOrganizer).flatMap((e) => e.attendees.map((a) => a.status?.response)),
    );
    for (const s of ['accepted', 'tentativelyAccepted', 'declined', 'none']) expect(statuses).toContain(s);
    for (const e of events.filter((x) => x.attendees.length > 0)) {
      expect(e.attendees.length).toBeGreaterThanOrEqual(1);
      expect(e.attendees.length).toBeLessThanOrEqual(8);
      expect(e.subject.length).toBeGreaterThanOrEqual(20);
      expect(e.subject.length).toBeLessThanOrEqual(70);
    }
  });

  it('is the same after a reset: ids, subjects and times', () => {
    const before = tenant.calendar.events(megan.id).map((e) => [e.id, e.subject, e.start.dateTime]);
    tenant.calendar.createEvent(megan.id, meeting());
    tenant.reset();
    expect(tenant.calendar.events(megan.id).map((e) => [e.id, e.subject, e.start.dateTime])).toEqual(before);
  });
});

describe('meetings across calendars and mailboxes', () => {
  it('puts a copy on each demo attendee calendar and the invitation in their inbox', () => {
    const inboxBefore = tenant.messages(megan.id, tenant.resolveFolder(megan.id, 'inbox')?.id).length;
    const event = tenant.calendar.createEvent(adele.id, meeting({ isOnlineMeeting: true }));
    const copy = tenant.calendar.events(megan.id).find((e) => e.iCalUId === event.iCalUId);
    expect(copy).toMatchObject({
      isOrganizer: false,
      responseStatus: { response: 'notResponded' },
      joinUrl: event.joinUrl,
    });
    expect(copy?.id).not.toBe(event.id);
    expect(event.joinUrl).toMatch(
      new RegExp(
        `^https://teams\\.microsoft\\.com/l/meetup-join/19%3ameeting_[A-Za-z0-9]+%40thread\\.v2/0\\?context=%7b%22Tid%22%3a%22${tenant.id}%22%2c%22Oid%22%3a%22${adele.id}%22%7d$`,
      ),
    );
    const inbox = tenant.messages(megan.id, tenant.resolveFolder(megan.id, 'inbox')?.id);
    expect(inbox.length).toBe(inboxBefore + 1);
    expect(inbox.some((m) => m.subject === 'Quarterly planning for the spring collection')).toBe(true);
    expect(tenant.calendar.eventsByJoinUrl(event.joinUrl ?? '').map((e) => e.ownerId)).toEqual([adele.id, megan.id]);
  });

  it('records a response on the organizer copy and mails it; a decline removes the attendee copy', () => {
    const event = tenant.calendar.createEvent(adele.id, meeting());
    const copy = tenant.calendar.events(megan.id).find((e) => e.iCalUId === event.iCalUId);
    tenant.calendar.respond(megan.id, copy?.id ?? '', 'tentativelyAccepted', { comment: 'Might be late' });
    expect(event.attendees.find((a) => a.emailAddress?.address === megan.mail)?.status?.response).toBe(
      'tentativelyAccepted',
    );
    expect(
      tenant.messages(adele.id).some((m) => m.subject === 'Tentative: Quarterly planning for the spring collection'),
    ).toBe(true);
    tenant.calendar.respond(megan.id, copy?.id ?? '', 'declined');
    expect(event.attendees.find((a) => a.emailAddress?.address === megan.mail)?.status?.response).toBe('declined');
    expect(tenant.calendar.events(megan.id).some((e) => e.iCalUId === event.iCalUId)).toBe(false);
  });

  it('refuses a response to your own meeting and a cancel of someone else’s', () => {
    const event = tenant.calendar.createEvent(adele.id, meeting());
    const copy = tenant.calendar.events(megan.id).find((e) => e.iCalUId === event.iCalUId);
    expect(() => tenant.calendar.respond(adele.id, event.id, 'accepted')).toThrow(CalendarRefusal);
    expect(() => tenant.calendar.cancelEvent(megan.id, copy?.id ?? '')).toThrow(/organizer/);
    expect(tenant.calendar.events(megan.id).some((e) => e.iCalUId === event.iCalUId)).toBe(true);
  });

  it('cancel removes every copy and mails the cancellation', () => {
    const event = tenant.calendar.createEvent(adele.id, meeting());
    tenant.calendar.cancelEvent(adele.id, event.id, 'Moved to next quarter');
    expect(tenant.calendar.events(megan.id).some((e) => e.iCalUId === event.iCalUId)).toBe(false);
    expect(tenant.calendar.events(adele.id).some((e) => e.id === event.id)).toBe(false);
    const mail = tenant
      .messages(megan.id)
      .find((m) => m.subject === 'Canceled: Quarterly planning for the spring collection');
    expect(mail?.body?.content).toContain('Moved to next quarter');
  });

  it('an organizer update reaches the copies; an occurrence change is an exception of that day only', () => {
    const series = tenant.calendar.createEvent(
      adele.id,
      meeting({
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
          range: { type: 'numbered', startDate: '2027-01-12', numberOfOccurrences: 4 },
        },
      }),
    );
    tenant.calendar.updateEvent(adele.id, series.id, { subject: 'Spring collection planning (weekly)' });
    const copy = tenant.calendar.events(megan.id).find((e) => e.iCalUId === series.iCalUId);
    expect(copy?.subject).toBe('Spring collection planning (weekly)');
    const from = Date.parse('2027-01-01T00:00:00Z');
    const view = tenant.calendar.calendarView(adele.id, from, from + 40 * DAY);
    const second = view.filter((i) => i.event === series)[1];
    tenant.calendar.updateEvent(adele.id, second?.id ?? '', {
      start: { dateTime: '2027-01-19T13:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2027-01-19T14:00:00', timeZone: 'Pacific Standard Time' },
    });
    const after = tenant.calendar
      .calendarView(megan.id, from, from + 40 * DAY)
      .filter((i) => i.event.iCalUId === series.iCalUId);
    expect(after.map((i) => [i.type, toGraphEvent(i, { timeZone: 'Pacific Standard Time' }).start?.dateTime])).toEqual([
      ['occurrence', '2027-01-12T09:00:00.0000000'],
      ['exception', '2027-01-19T13:00:00.0000000'],
      ['occurrence', '2027-01-26T09:00:00.0000000'],
      ['occurrence', '2027-02-02T09:00:00.0000000'],
    ]);
  });

  it('turning an event into a Teams meeting gives every copy the same new join URL', () => {
    const event = tenant.calendar.createEvent(adele.id, meeting());
    tenant.calendar.updateEvent(adele.id, event.id, { isOnlineMeeting: true });
    const copy = tenant.calendar.events(megan.id).find((e) => e.iCalUId === event.iCalUId);
    expect(event.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(copy?.joinUrl).toBe(event.joinUrl);
    expect(tenant.calendar.eventsByJoinUrl(event.joinUrl ?? '')).toHaveLength(2);
  });

  it('keeps a weekly series at 9:00 local across the March DST change', () => {
    const series = tenant.calendar.createEvent(
      adele.id,
      meeting({
        attendees: [],
        start: { dateTime: '2027-03-01T09:00:00', timeZone: 'Pacific Standard Time' },
        end: { dateTime: '2027-03-01T09:30:00', timeZone: 'Pacific Standard Time' },
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
          range: { type: 'endDate', startDate: '2027-03-01', endDate: '2027-03-22' },
        },
      }),
    );
    const from = Date.parse('2027-02-25T00:00:00Z');
    const view = tenant.calendar.calendarView(adele.id, from, from + 30 * DAY).filter((i) => i.event === series);
    expect(view.map((i) => new Date(i.startMs).toISOString())).toEqual([
      '2027-03-01T17:00:00.000Z',
      '2027-03-08T17:00:00.000Z',
      '2027-03-15T16:00:00.000Z',
      '2027-03-22T16:00:00.000Z',
    ]);
  });

  it('refuses an end before the start, an unknown zone and a malformed attendee, storing nothing', () => {
    const count = tenant.calendar.events(adele.id).length;
    expect(() =>
      tenant.calendar.createEvent(
        adele.id,
        meeting({ end: { dateTime: '2027-01-12T08:00:00', timeZone: 'Pacific Standard Time' } }),
      ),
    ).toThrow(/end time/);
    expect(() =>
      tenant.calendar.createEvent(
        adele.id,
        meeting({ start: { dateTime: '2027-01-12T08:00:00', timeZone: 'Mars/Olympus' } }),
      ),
    ).toThrow(/not supported: 'Mars\/Olympus'/);
    expect(() =>
      tenant.calendar.createEvent(adele.id, meeting({ attendees: [{ emailAddress: { address: 'megan' } }] })),
    ).toThrow(/not valid/);
    expect(tenant.calendar.events(adele.id).length).toBe(count);
  });

  it('reports busy time for free/busy, not free time, and nothing for outsiders', () => {
    const event = tenant.calendar.createEvent(adele.id, meeting({ showAs: 'free', attendees: [] }));
    const from = Date.parse('2027-01-12T00:00:00Z');
    expect(tenant.calendar.freeBusy(adele.mail, from, from + DAY)?.some((b) => b.subject === event.subject)).toBe(
      false,
    );
    tenant.calendar.updateEvent(adele.id, event.id, { showAs: 'busy' });
    expect(tenant.calendar.freeBusy(adele.mail, from, from + DAY)).toContainEqual(
      expect.objectContaining({
        startMs: Date.parse('2027-01-12T17:00:00Z'),
        endMs: Date.parse('2027-01-12T18:00:00Z'),
      }),
    );
    expect(tenant.calendar.freeBusy('someone@fabrikam.de', from, from + DAY)).toBeUndefined();
    expect(alex.id).toBeTruthy();
  });

  it('keeps an all-day event one date in every zone', () => {
    const event = tenant.calendar.createEvent(adele.id, {
      subject: 'Company holiday – office closed',
      isAllDay: true,
      start: { dateTime: '2027-01-15T00:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2027-01-16T00:00:00', timeZone: 'Pacific Standard Time' },
    });
    const inst = tenant.calendar.getEvent(adele.id, event.id);
    for (const zone of ['Pacific Standard Time', 'Tokyo Standard Time', 'UTC']) {
      const g = inst ? toGraphEvent(inst, { timeZone: zone }) : undefined;
      expect([g?.start?.dateTime, g?.end?.dateTime, g?.start?.timeZone]).toEqual([
        '2027-01-15T00:00:00.0000000',
        '2027-01-16T00:00:00.0000000',
        zone,
      ]);
    }
  });
});
