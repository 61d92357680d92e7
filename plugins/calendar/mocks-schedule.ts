/**
 * Graph's scheduling endpoints over the tenant's free/busy: POST /me/calendar/getSchedule and
 * POST /me/findMeetingTimes, computed from the calendars' busy time, answered in the Prefer zone.
 */
import { http, type RequestHandler } from 'msw';
import { localTimeIn, zonedTimeToInstant } from 'm365-mcp-gateway/plugin';
import type { BusyInterval, DemoUser, GraphMockEnv } from 'm365-mcp-gateway/testing';
import type { CalendarEnv } from './mocks';

const SCHEDULE_SCOPES = [
  'Calendars.ReadBasic',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Calendars.Read.Shared',
  'Calendars.ReadWrite.Shared',
];
const FIND_SCOPES = ['Calendars.Read.Shared', 'Calendars.ReadWrite.Shared'];
const VIEW_DIGIT: Record<BusyInterval['status'], string> = {
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
  unknown: '0',
};
const MINUTE = 60_000;
const MAX_SCHEDULE_DAYS = 62;

type TimeValue = { dateTime?: string; timeZone?: string };
const graphTime = (ms: number, zone: string) => ({ dateTime: `${localTimeIn(ms, zone)}.0000000`, timeZone: zone });

export function scheduleHandlers(env: GraphMockEnv, c: CalendarEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const instant = (t: TimeValue | undefined): number => {
    try {
      return t?.dateTime ? zonedTimeToInstant(t.dateTime, t.timeZone ?? 'UTC').getTime() : Number.NaN;
    } catch {
      return Number.NaN;
    }
  };
  const badWindow = () =>
    env.graphError(
      400,
      'ErrorInvalidParameter',
      'The time window is not valid: startTime and endTime must be valid and endTime after startTime.',
    );

  return [
    http.post(`${base}/me/calendar/getSchedule`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: SCHEDULE_SCOPES });
      if (user instanceof Response) return user;
      const zone = c.zoneOf(request);
      if (zone instanceof Response) return zone;
      const body = await c.readJson<{
        schedules?: string[];
        startTime?: TimeValue;
        endTime?: TimeValue;
        availabilityViewInterval?: number;
      }>(request);
      if (body instanceof Response) return body;
      const from = instant(body.startTime);
      const to = instant(body.endTime);
      if (!(to > from)) return badWindow();
      if (to - from > MAX_SCHEDULE_DAYS * 1440 * MINUTE) {
        return env.graphError(
          400,
          'ErrorInvalidParameter',
          `The time window cannot be longer than ${MAX_SCHEDULE_DAYS} days.`,
        );
      }
      const interval = body.availabilityViewInterval ?? 30;
      if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
        return env.graphError(
          400,
          'ErrorInvalidParameter',
          'availabilityViewInterval must be between 5 and 1440 minutes.',
        );
      }
      if (!Array.isArray(body.schedules) || body.schedules.length === 0 || body.schedules.length > 100) {
        return env.graphError(400, 'ErrorInvalidParameter', 'schedules must list 1 to 100 addresses.');
      }
      const value = body.schedules.map((address) => {
        const busy = c.calendar.freeBusy(address, from, to);
        const who = env.tenant.findUser(address);
        if (!busy || !who) {
          return {
            scheduleId: address,
            availabilityView: '',
            scheduleItems: [],
            error: { message: `The requested user '${address}' is invalid.`, responseCode: 'ErrorInvalidUser' },
          };
        }
        const own = who.id === user.id;
        return {
          scheduleId: address,
          availabilityView: availabilityView(busy, from, to, interval),
          scheduleItems: busy.map((b) => ({
            isPrivate: b.isPrivate,
            status: b.status,
            ...(b.isPrivate && !own ? {} : { subject: b.subject, location: b.location }),
            isMeeting: false,
            isRecurring: false,
            isException: false,
            isReminderSet: false,
            start: graphTime(b.startMs, zone),
            end: graphTime(b.endMs, zone),
          })),
          workingHours: workingHours(who),
        };
      });
      return env.graphJson({
        '@odata.context': `${base}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
        value,
      });
    }),

    http.post(`${base}/me/findMeetingTimes`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: FIND_SCOPES });
      if (user instanceof Response) return user;
      const zone = c.zoneOf(request);
      if (zone instanceof Response) return zone;
      const body = await c.readJson<FindBody>(request);
      if (body instanceof Response) return body;
      const duration = parseDuration(body.meetingDuration ?? 'PT30M');
      if (!duration)
        return env.graphError(
          400,
          'ErrorInvalidParameter',
          `'${body.meetingDuration}' is not a valid meetingDuration.`,
        );
      const slots = body.timeConstraint?.timeSlots ?? [];
      const windows = slots.map((s) => [instant(s.start), instant(s.end)] as const);
      if (windows.length === 0 || windows.some(([a, b]) => !(b > a))) return badWindow();
      const people = (body.attendees ?? []).map((a) => a.emailAddress?.address ?? '');
      const suggestions = suggest(c, user, people, windows, duration, body, zone);
      return env.graphJson({
        '@odata.context': `${base}/$metadata#microsoft.graph.meetingTimeSuggestionsResult`,
        emptySuggestionsReason: suggestions.length ? '' : 'AttendeesUnavailable',
        meetingTimeSuggestions: suggestions,
      });
    }),
  ];
}

interface FindBody {
  attendees?: Array<{ type?: string; emailAddress?: { address?: string; name?: string } }>;
  timeConstraint?: { activityDomain?: string; timeSlots?: Array<{ start?: TimeValue; end?: TimeValue }> };
  meetingDuration?: string;
  maxCandidates?: number;
  isOrganizerOptional?: boolean;
}

/** The earliest slots, on the half hour, when the organizer and every known attendee are free. */
function suggest(
  c: CalendarEnv,
  organizer: DemoUser,
  people: string[],
  windows: ReadonlyArray<readonly [number, number]>,
  duration: number,
  body: FindBody,
  zone: string,
) {
  const max = Math.min(Math.max(body.maxCandidates ?? 5, 1), 100);
  const workOnly = (body.timeConstraint?.activityDomain ?? 'work') === 'work';
  const everyone = [...(body.isOrganizerOptional ? [] : [organizer.mail]), ...people];
  const out = [];
  for (const [from, to] of windows) {
    const busy = new Map(everyone.map((p) => [p, c.calendar.freeBusy(p, from, to)] as const));
    let t = Math.ceil(from / (30 * MINUTE)) * 30 * MINUTE;
    for (; t + duration * MINUTE <= to && out.length < max; t += 30 * MINUTE) {
      const end = t + duration * MINUTE;
      if (workOnly && !withinWorkHours(organizer, t, end)) continue;
      const clash = (list: BusyInterval[] | undefined) =>
        (list ?? []).some((b) => b.status !== 'workingElsewhere' && b.startMs < end && b.endMs > t);
      if ([...busy.values()].some(clash)) continue;
      const known = people.filter((p) => busy.get(p) !== undefined).length;
      out.push({
        confidence: people.length ? Math.round((100 * known) / people.length) : 100,
        organizerAvailability: 'free',
        attendeeAvailability: people.map((address) => ({
          attendee: { type: 'required', emailAddress: { address } },
          availability: busy.get(address) ? 'free' : 'unknown',
        })),
        locations: [],
        meetingTimeSlot: { start: graphTime(t, zone), end: graphTime(end, zone) },
        suggestionReason: 'Suggested because it is one of the nearest times when all attendees are available.',
      });
    }
  }
  return out;
}

/** Outlook's default working hours: 08:00–17:00, Monday to Friday, in the user's own zone. */
function withinWorkHours(user: DemoUser, start: number, end: number): boolean {
  const a = localTimeIn(start, user.ianaTimeZone);
  const b = localTimeIn(end - 1, user.ianaTimeZone);
  const weekday = new Date(`${a.slice(0, 10)}T12:00:00Z`).getUTCDay();
  return (
    a.slice(0, 10) === b.slice(0, 10) &&
    weekday >= 1 &&
    weekday <= 5 &&
    a.slice(11) >= '08:00:00' &&
    b.slice(11) < '17:00:00'
  );
}

function workingHours(user: DemoUser) {
  return {
    daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    startTime: '08:00:00.0000000',
    endTime: '17:00:00.0000000',
    timeZone: { name: user.timeZone },
  };
}

/** One digit per interval: the busiest status in it (0 free, 1 tentative, 2 busy, 3 away, 4 elsewhere). */
function availabilityView(busy: BusyInterval[], from: number, to: number, interval: number): string {
  const rank = ['0', '4', '1', '2', '3'];
  let view = '';
  for (let t = from; t < to; t += interval * MINUTE) {
    const end = Math.min(t + interval * MINUTE, to);
    const digits = busy.filter((b) => b.startMs < end && b.endMs > t).map((b) => VIEW_DIGIT[b.status]);
    view += digits.sort((x, y) => rank.indexOf(y) - rank.indexOf(x))[0] ?? '0';
  }
  return view;
}

/** Minutes of an ISO 8601 duration such as PT1H30M (undefined when malformed or zero). */
function parseDuration(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(value);
  if (!m) return undefined;
  const minutes = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return minutes > 0 ? minutes : undefined;
}
