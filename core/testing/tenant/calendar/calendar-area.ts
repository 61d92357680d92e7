/**
 * The tenant's calendar area: every user's calendar, with meetings shared the way Exchange shares
 * them. The organizer's event is the meeting; each attendee who is a demo user holds a copy (same
 * iCalUId, same Teams join URL) and gets the invitation in their inbox through the mail area.
 * Responses update the organizer's copy; cancelling removes the copies. Other areas (Teams
 * meetings, online meetings) create and look up meetings through these methods.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import type { DemoUser } from '../../types';
import type { Directory } from '../directory/directory';
import { exchangeItemId, seededBytes, toBase64Url } from '../ids';
import type { MailArea } from '../mail/mail-area';
import { graphDate } from '../mail/mailbox';
import { CalendarRefusal } from './event-input';
import { buildEvent, type CreateOptions, type UpdateOptions, patchEvent } from './event-write';
import { attendeeCopy, mirror, setDeleted } from './meeting-copies';
import { sendCancellation, sendInvitation, sendResponse } from './meeting-mail';
import type { AttendeeResponse, BusyInterval, RespondOptions, StoredCalendar } from './calendar-types';
import { seedCalendars, seedWeekStart } from './seed-calendar';
import { type GraphEvent, toGraphEvent, type SerializeOptions } from './serialize-event';
import {
  type EventInstance,
  instancesIn,
  occurrenceOn,
  parseOccurrenceId,
  single,
  type StoredEvent,
} from './stored-event';

export { CalendarRefusal } from './event-input';
export type { CreateOptions, UpdateOptions } from './event-write';

export type { AttendeeResponse, BusyInterval, RespondOptions, StoredCalendar } from './calendar-types';

export class CalendarArea {
  private calendarsByUser = new Map<string, StoredCalendar[]>();
  private eventsByUser = new Map<string, StoredEvent[]>();
  private counters = new Map<string, number>();
  private changes = 0;
  /** Monday 00:00 UTC of the seeded week (see `seedWeekStart`); seeded times are placed around it. */
  weekStart = '';

  constructor(
    private readonly directory: Directory,
    private readonly mail: MailArea,
  ) {
    this.reset();
  }

  /** Restore the seeded calendars: the same events and ids as a fresh tenant (dates follow the current week). */
  reset(now: number = Date.now()): void {
    this.calendarsByUser = new Map();
    this.eventsByUser = new Map();
    this.counters = new Map();
    this.changes = 0;
    for (const u of this.directory.users) {
      this.calendarsByUser.set(u.id, [
        {
          id: exchangeItemId(`cal:${u.id}`, 'calendar:default'),
          name: 'Calendar',
          ownerId: u.id,
          isDefaultCalendar: true,
          color: 'auto',
        },
      ]);
      this.eventsByUser.set(u.id, []);
    }
    this.weekStart = seedWeekStart(now);
    seedCalendars(this, this.directory, this.weekStart);
  }

  /** A user's calendars, the default one first. */
  calendars(userId: string): readonly StoredCalendar[] {
    return this.calendarsByUser.get(userId) ?? [];
  }

  /** A user's stored events (single events and series masters, not expanded); live objects, do not mutate. */
  events(userId: string, calendarId?: string): readonly StoredEvent[] {
    const all = this.eventsByUser.get(userId) ?? [];
    return calendarId ? all.filter((e) => e.calendarId === calendarId) : all;
  }

  /**
   * What GET /me/calendarView returns: every instance overlapping `[fromMs, toMs)`, series expanded
   * into occurrences (exceptions applied), ordered by start. All-day events are placed in `viewZone`.
   *
   * @example
   * const week = tenant.calendar.calendarView(user.id, Date.parse('2026-12-07T00:00Z'), Date.parse('2026-12-14T00:00Z'));
   * week.map((i) => toGraphEvent(i, { timeZone: 'Pacific Standard Time' }).subject);
   */
  calendarView(
    userId: string,
    fromMs: number,
    toMs: number,
    options: { calendarId?: string; viewZone?: string } = {},
  ): EventInstance[] {
    const zone = options.viewZone ?? 'UTC';
    return this.events(userId, options.calendarId)
      .flatMap((e) => instancesIn(e, fromMs, toMs, zone))
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.id.localeCompare(b.id));
  }

  /**
   * An event or an occurrence of a series by its Graph id, on the user's own calendars.
   *
   * @example
   * const inst = tenant.calendar.getEvent(user.id, id);
   * if (inst) toGraphEvent(inst).subject;
   */
  getEvent(userId: string, id: string, viewZone = 'UTC'): EventInstance | undefined {
    const direct = this.events(userId).find((e) => e.id === id);
    if (direct) return single(direct, viewZone);
    const occ = parseOccurrenceId(id);
    if (!occ) return undefined;
    const series = this.events(userId).find((e) => e.id === occ.seriesId);
    return series ? occurrenceOn(series, occ.originalDate, viewZone) : undefined;
  }

  /**
   * Create an event on the organizer's calendar, as POST /me/events does: attendees who are demo
   * users get a copy (response `notResponded`, same iCalUId) and, unless `notify` is false, the
   * invitation in their inbox. With `isOnlineMeeting`, a Teams join URL shared by every copy.
   * Throws `CalendarRefusal` (Graph's 400 code and message) for a body Exchange would refuse.
   *
   * @example
   * const event = tenant.calendar.createEvent(adele.id, {
   *   subject: 'Quarterly planning',
   *   start: { dateTime: '2026-12-08T09:00:00', timeZone: 'Pacific Standard Time' },
   *   end: { dateTime: '2026-12-08T10:00:00', timeZone: 'Pacific Standard Time' },
   *   attendees: [{ emailAddress: { address: 'MeganB@contoso.com' }, type: 'required' }],
   *   isOnlineMeeting: true,
   * });
   * event.joinUrl; // 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_…%40thread.v2/0?context=…'
   */
  createEvent(organizerUserId: string, body: Event, options: CreateOptions = {}): StoredEvent {
    const organizer = this.user(organizerUserId);
    const calendarId = options.calendarId ?? this.defaultCalendarId(organizerUserId);
    if (!this.calendars(organizerUserId).some((c) => c.id === calendarId)) {
      throw new CalendarRefusal(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    }
    const now = options.now ?? graphDate(new Date());
    const event = buildEvent(body, {
      id: this.nextId(organizerUserId),
      owner: organizer,
      calendarId,
      now,
      tenantId: this.directory.id,
      findUser: (a) => this.directory.findUser(a),
      changeKey: this.nextChangeKey(),
    });
    this.eventsByUser.get(organizerUserId)?.push(event);
    for (const user of this.attendeeUsers(event)) this.addCopy(event, user, now);
    if (options.notify !== false) sendInvitation(this.mail, event);
    return event;
  }

  /**
   * Change an event or one occurrence, as PATCH /me/events/{id} does. The organizer's change
   * reaches every attendee's copy (new attendees get a copy and an invitation, removed ones lose
   * theirs); an attendee's change stays on their own copy. Undefined when the id is unknown.
   */
  updateEvent(userId: string, id: string, patch: Event, options: UpdateOptions = {}): EventInstance | undefined {
    const target = this.getEvent(userId, id);
    if (!target) return undefined;
    const event = target.event;
    const before = new Set(this.attendeeUsers(event).map((u) => u.id));
    patchEvent(event, patch, target.originalDate, this.directory, this.nextChangeKey());
    if (event.isOrganizer) {
      const now = options.now ?? graphDate(new Date());
      const after = this.attendeeUsers(event);
      for (const copy of this.copiesOf(event)) {
        if (!after.some((u) => u.id === copy.ownerId)) this.removeEvent(copy.ownerId, copy.id);
        else mirror(event, copy, this.nextChangeKey());
      }
      const added = after.filter((u) => !before.has(u.id));
      for (const user of added) this.addCopy(event, user, now);
      if (options.notify !== false) {
        const fresh = new Set(added.map((u) => u.mail.toLowerCase()));
        if (fresh.size) sendInvitation(this.mail, event, false, fresh);
        const others = new Set(after.filter((u) => before.has(u.id)).map((u) => u.mail.toLowerCase()));
        if (others.size) sendInvitation(this.mail, event, true, others);
      }
    }
    return this.getEvent(userId, target.id) ?? single(event, 'UTC');
  }

  /**
   * Delete an event or one occurrence, as DELETE /me/events/{id} does: the organizer's delete
   * cancels the meeting for every attendee (copies removed, cancellation mailed); an attendee's
   * delete removes only their copy. False when the id is unknown.
   */
  deleteEvent(userId: string, id: string, options: { notify?: boolean } = {}): boolean {
    const target = this.getEvent(userId, id);
    if (!target) return false;
    if (target.event.isOrganizer) this.cancelEvent(userId, id, undefined, options);
    else if (target.originalDate) setDeleted(target.event, target.originalDate);
    else this.removeEvent(userId, target.event.id);
    return true;
  }

  /**
   * Cancel a meeting the user organizes (POST /me/events/{id}/cancel): removes it from every
   * attendee's calendar and the organizer's, and mails the cancellation with the comment. For an
   * occurrence id, only that occurrence. Throws `CalendarRefusal` when the user is not the organizer.
   */
  cancelEvent(userId: string, id: string, comment?: string, options: { notify?: boolean } = {}): void {
    const target = this.getEvent(userId, id);
    if (!target)
      throw new CalendarRefusal(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const event = target.event;
    if (!event.isOrganizer) {
      throw new CalendarRefusal(
        400,
        'ErrorAccessDenied',
        "Your request can't be completed. You need to be an organizer to cancel a meeting.",
      );
    }
    if (options.notify !== false) sendCancellation(this.mail, event, comment, target.originalDate);
    for (const copy of [...this.copiesOf(event), event]) {
      if (target.originalDate) setDeleted(copy, target.originalDate);
      else this.removeEvent(copy.ownerId, copy.id);
    }
  }

  /**
   * An attendee's answer (POST …/accept | tentativelyAccept | decline): sets their copy's response
   * and the matching attendee's status on the organizer's copy; a decline removes their copy, as
   * Outlook does. A response to an occurrence answers its series. Throws `CalendarRefusal` when the
   * user organizes the event.
   */
  respond(userId: string, id: string, response: AttendeeResponse, options: RespondOptions = {}): void {
    const target = this.getEvent(userId, id);
    if (!target)
      throw new CalendarRefusal(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const event = target.event;
    if (event.isOrganizer) {
      throw new CalendarRefusal(
        400,
        'ErrorInvalidRequest',
        "Your request can't be completed. You can't respond to a meeting you organized.",
      );
    }
    const user = this.user(userId);
    const time = graphDate(new Date());
    event.responseStatus = { response, time };
    const organizerCopy = this.organizerCopy(event);
    for (const copy of [event, ...(organizerCopy ? [organizerCopy] : [])]) {
      for (const a of copy.attendees) {
        if (a.emailAddress?.address?.toLowerCase() !== user.mail.toLowerCase()) continue;
        a.status = { response, time };
        if (copy === organizerCopy && options.proposedNewTime)
          a.proposedNewTime = structuredClone(options.proposedNewTime);
      }
    }
    if (options.sendResponse !== false && organizerCopy) {
      const word = response === 'accepted' ? 'Accepted' : response === 'declined' ? 'Declined' : 'Tentative';
      sendResponse(this.mail, userId, event, word, options.comment);
    }
    if (response === 'declined') this.removeEvent(userId, event.id);
  }

  /**
   * Every copy of the meeting with this Teams join URL, the organizer's first (how the Teams and
   * online-meeting areas find the calendar side of a meeting).
   */
  eventsByJoinUrl(joinUrl: string): StoredEvent[] {
    return [...this.eventsByUser.values()]
      .flat()
      .filter((e) => e.joinUrl === joinUrl)
      .sort((a, b) => Number(b.isOrganizer) - Number(a.isOrganizer));
  }

  /**
   * The busy stretches of someone's calendar over `[fromMs, toMs)` (by id, UPN or address), for
   * getSchedule and findMeetingTimes; undefined for an address outside the tenant.
   */
  freeBusy(idOrAddress: string, fromMs: number, toMs: number): BusyInterval[] | undefined {
    const user = this.directory.findUser(idOrAddress);
    if (!user) return undefined;
    return this.calendarView(user.id, fromMs, toMs, { viewZone: user.ianaTimeZone })
      .filter((i) => (i.override?.showAs ?? i.event.showAs) !== 'free' && !i.event.isCancelled)
      .map((i) => ({
        startMs: i.startMs,
        endMs: i.endMs,
        status: (i.override?.showAs ?? i.event.showAs) as BusyInterval['status'],
        subject: i.override?.subject ?? i.event.subject,
        location: i.override?.location ?? i.event.location,
        isPrivate: i.event.sensitivity === 'private',
      }));
  }

  /** Graph's JSON for an instance (see `toGraphEvent`). */
  toGraph(instance: EventInstance, options: SerializeOptions = {}): GraphEvent {
    return toGraphEvent(instance, options);
  }

  defaultCalendarId(userId: string): string {
    const cal = this.calendars(userId)[0];
    if (!cal) throw new Error(`FakeTenant: no calendar for user ${userId}`);
    return cal.id;
  }

  private user(userId: string): DemoUser {
    const user = this.directory.users.find((u) => u.id === userId);
    if (!user) throw new Error(`FakeTenant: no calendar for user ${userId}`);
    return user;
  }

  private attendeeUsers(event: StoredEvent): DemoUser[] {
    const users = new Map<string, DemoUser>();
    for (const a of event.attendees) {
      const u = a.emailAddress?.address ? this.directory.findUser(a.emailAddress.address) : undefined;
      if (u && u.id !== event.ownerId) users.set(u.id, u);
    }
    return [...users.values()];
  }

  /** Attendees' copies of an organizer's event. */
  private copiesOf(event: StoredEvent): StoredEvent[] {
    return [...this.eventsByUser.values()]
      .flat()
      .filter((e) => e.iCalUId === event.iCalUId && e !== event && !e.isOrganizer);
  }

  private organizerCopy(event: StoredEvent): StoredEvent | undefined {
    return [...this.eventsByUser.values()].flat().find((e) => e.iCalUId === event.iCalUId && e.isOrganizer);
  }

  private addCopy(event: StoredEvent, user: DemoUser, now: string): void {
    const own = { id: this.nextId(user.id), ownerId: user.id, calendarId: this.defaultCalendarId(user.id), now };
    this.eventsByUser.get(user.id)?.push(attendeeCopy(event, own));
  }

  private removeEvent(userId: string, id: string): void {
    const list = this.eventsByUser.get(userId);
    const at = list?.findIndex((e) => e.id === id) ?? -1;
    if (list && at >= 0) list.splice(at, 1);
  }

  private nextId(userId: string): string {
    const n = this.counters.get(userId) ?? 0;
    this.counters.set(userId, n + 1);
    return exchangeItemId(`cal:${userId}`, `event:${n}`);
  }

  private nextChangeKey(): string {
    return `DwAAABYAAA${toBase64Url(seededBytes(`calendar-change:${this.changes++}`, 18))}`;
  }
}
