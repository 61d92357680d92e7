/**
 * Files the seeded meetings into the demo users' calendars through the area's own create, respond
 * and update (so attendee copies, join URLs and exceptions are made the way any meeting's are),
 * without mailing invitations: the mail seed stays as it is.
 *
 * A calendar is about the days ahead, so its dates follow the real clock in whole weeks: the seed
 * week is the week of SEED_ANCHOR moved forward by whole weeks to the week that holds "now".
 * Weekdays, ids and contents are the same every time; "the next 7 days" always finds the seeded
 * week's meetings, in tests and under `npm start`.
 */
import type { Directory } from '../directory/directory';
import { graphDate } from '../mail/mailbox';
import { SEED_ANCHOR } from '../mail/seed-mail';
import type { CalendarArea } from './calendar-area';
import { dateOfDay, dayNumber } from './recurrence';
import { SEED_EVENTS, type SeedEvent } from './seed-calendar-events';
import { occurrenceId } from './stored-event';

const WEEK_DAYS = 7;

/**
 * Monday (`YYYY-MM-DD`, 00:00 UTC) of the seeded week: the Monday of SEED_ANCHOR's week, moved on by
 * whole weeks up to the week that holds `now` (never earlier than SEED_ANCHOR's week).
 *
 * @example
 * seedWeekStart(Date.parse('2026-12-09T12:00:00Z')); // '2026-12-07'
 */
export function seedWeekStart(now: number): string {
  const anchorDay = dayNumber(SEED_ANCHOR);
  const monday = anchorDay - ((((anchorDay + 3) % 7) + 7) % 7); // day 0 (1970-01-01) was a Thursday
  const today = Math.floor(now / 86_400_000);
  const weeks = Math.max(0, Math.floor((today - monday) / WEEK_DAYS));
  return dateOfDay(monday + weeks * WEEK_DAYS);
}

export function seedCalendars(area: CalendarArea, directory: Directory, weekStart: string): void {
  const base = dayNumber(weekStart);
  const date = (offset: number) => dateOfDay(base + offset);
  const userOf = (address: string) => {
    const u = directory.findUser(address);
    if (!u) throw new Error(`calendar seed: ${address} is not a demo user`);
    return u;
  };
  for (const [index, seed] of SEED_EVENTS.entries()) {
    const organizer = userOf(seed.organizer);
    const zone = seed.timeZone ?? organizer.timeZone;
    const event = area.createEvent(organizer.id, toGraphBody(seed, date, zone), {
      notify: false,
      now: graphDate(new Date(Date.parse(`${date(-seed.createdDaysBefore)}T15:00:00Z`) + index * 60_000)),
    });
    for (const [address, response] of Object.entries(seed.responses ?? {})) {
      const copy = area.events(userOf(address).id).find((e) => e.iCalUId === event.iCalUId);
      if (copy) area.respond(copy.ownerId, copy.id, response, { sendResponse: false });
    }
    for (const ex of seed.exceptions ?? []) {
      const day = date(ex.day);
      const id = occurrenceId(event.id, day);
      if (ex.delete) {
        area.deleteEvent(organizer.id, id, { notify: false });
      } else if (ex.move) {
        area.updateEvent(
          organizer.id,
          id,
          {
            start: { dateTime: `${day}T${ex.move[0]}:00`, timeZone: zone },
            end: { dateTime: `${day}T${ex.move[1]}:00`, timeZone: zone },
          },
          { notify: false },
        );
      }
    }
  }
}

function toGraphBody(seed: SeedEvent, date: (offset: number) => string, zone: string) {
  const allDay = seed.allDay;
  const start = allDay ? `${date(seed.day)}T00:00:00` : `${date(seed.day)}T${seed.start}:00`;
  const end = allDay
    ? `${date(seed.day + (seed.days ?? 1))}T00:00:00`
    : `${date(seed.day + (seed.endDayOffset ?? 0))}T${seed.end}:00`;
  const rec = seed.recurrence;
  return {
    subject: seed.subject,
    body: { contentType: 'html' as const, content: seed.html },
    start: { dateTime: start, timeZone: zone },
    end: { dateTime: end, timeZone: zone },
    isAllDay: allDay === true,
    showAs: seed.showAs ?? 'busy',
    sensitivity: seed.private ? ('private' as const) : ('normal' as const),
    location: { displayName: seed.location ?? '' },
    isOnlineMeeting: seed.online === true,
    attendees: (seed.attendees ?? []).map((a) => ({
      type: a.optional ? ('optional' as const) : ('required' as const),
      emailAddress: { name: a.name, address: a.address },
    })),
    ...(seed.reminder !== undefined ? { reminderMinutesBeforeStart: seed.reminder } : {}),
    ...(rec
      ? {
          recurrence: {
            pattern: {
              type: rec.type,
              interval: rec.interval ?? 1,
              ...(rec.days ? { daysOfWeek: rec.days } : {}),
              firstDayOfWeek: 'sunday' as const,
            },
            range: {
              type:
                rec.endDay !== undefined
                  ? ('endDate' as const)
                  : rec.count
                    ? ('numbered' as const)
                    : ('noEnd' as const),
              startDate: date(seed.day),
              ...(rec.endDay !== undefined ? { endDate: date(rec.endDay) } : {}),
              ...(rec.count ? { numberOfOccurrences: rec.count } : {}),
              recurrenceTimeZone: zone,
            },
          },
        }
      : {}),
  };
}
