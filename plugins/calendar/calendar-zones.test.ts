/**
 * Time zones as people live them: a meeting made in Los Angeles shows at the right local time in
 * Berlin, a series keeps 9:00 local across the March change, and an all-day event stays one date
 * in every zone.
 */
import { describe, expect, it } from 'vitest';
import { calendarTestEnvironment } from './test-support';

const { emulator, callAs, signIn } = calendarTestEnvironment();

/** Tomorrow's date in a zone, as the user there would say "tomorrow". */
const tomorrowIn = (zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(Date.now() + 86_400_000));

describe('time zones', () => {
  it('"tomorrow 9:00" in Los Angeles is 18:00 for an attendee whose mailbox is in Berlin', async () => {
    emulator.reset();
    const adele = await signIn('AdeleV@contoso.com');
    const megan = await signIn('MeganB@contoso.com', { timeZone: 'Europe/Berlin' });
    const day = tomorrowIn('America/Los_Angeles');
    const created = await callAs(adele, 'createCalendarEvent', {
      subject: 'Berlin store opening: final walkthrough',
      start: `${day}T09:00`,
      attendees: ['MeganB@contoso.com'],
    });
    expect(created.text).toContain(`${day} 09:00–09:30 (times in America/Los_Angeles)`);
    const seen = await callAs(megan, 'getCalendarEvents', { start: `${day}T00:00`, days: 2, query: 'Berlin store' });
    expect(seen.text).toContain('(times in Europe/Berlin;');
    expect(seen.text).toMatch(new RegExp(`\\w{3} ${day} 18:00–18:30 \\| Berlin store opening: final walkthrough`));
    const own = await callAs(adele, 'getCalendarEvents', { start: `${day}T00:00`, days: 1, query: 'Berlin store' });
    expect(own.text).toMatch(new RegExp(`\\w{3} ${day} 09:00–09:30 \\| Berlin store opening`));
  });

  it('a weekly series across the March DST change keeps 9:00 local', async () => {
    emulator.reset();
    const adele = await signIn('AdeleV@contoso.com');
    await callAs(adele, 'createCalendarEvent', {
      subject: 'Monday inventory count, Bellevue Square',
      start: '2027-03-01T09:00',
      end: '2027-03-01T09:30',
      recurrence: { frequency: 'weekly', count: 4 },
    });
    const list = await callAs(adele, 'getCalendarEvents', {
      start: '2027-03-01',
      end: '2027-03-28',
      query: 'inventory count',
    });
    const times = [...list.text.matchAll(/Mon (2027-03-\d{2}) (\d{2}:\d{2})–(\d{2}:\d{2}) \| Monday inventory/g)].map(
      (m) => m.slice(1).join(' '),
    );
    expect(times).toEqual([
      '2027-03-01 09:00 09:30',
      '2027-03-08 09:00 09:30',
      '2027-03-15 09:00 09:30',
      '2027-03-22 09:00 09:30',
    ]);
    // And in UTC the hour moves with the change (PST → PDT on 14 March).
    const series = emulator.tenant.calendar.events(adele.user.id).find((e) => e.subject.startsWith('Monday inventory'));
    const view = emulator.tenant.calendar
      .calendarView(adele.user.id, Date.parse('2027-03-01T00:00:00Z'), Date.parse('2027-03-29T00:00:00Z'))
      .filter((i) => i.event === series);
    expect(view.map((i) => new Date(i.startMs).toISOString().slice(11, 16))).toEqual([
      '17:00',
      '17:00',
      '16:00',
      '16:00',
    ]);
  });

  it('an all-day event stays one date in every zone', async () => {
    emulator.reset();
    const adele = await signIn('AdeleV@contoso.com');
    await callAs(adele, 'createCalendarEvent', {
      subject: 'Company holiday: stores closed for inventory',
      start: '2027-01-15',
      isAllDay: true,
      attendees: 'MeganB@contoso.com, AlexW@contoso.com',
    });
    for (const [user, zone] of [
      ['AdeleV@contoso.com', 'America/Los_Angeles'],
      ['MeganB@contoso.com', 'Asia/Tokyo'],
      ['AlexW@contoso.com', 'Pacific/Auckland'],
    ] as const) {
      const session = await signIn(user, { timeZone: zone });
      const list = await callAs(session, 'getCalendarEvents', {
        start: '2027-01-14',
        days: 3,
        query: 'Company holiday',
      });
      expect(list.text, zone).toContain('Fri 2027-01-15 all day | Company holiday: stores closed for inventory');
    }
  });
});
