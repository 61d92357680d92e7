/**
 * Outlook calendar endpoints of Microsoft Graph over the emulated tenant's calendar area (MSW
 * handlers), served as Graph serves them: calendarView expands series within the window, times
 * follow `Prefer: outlook.timezone`, bodies `Prefer: outlook.body-content-type`, OData options and
 * paging, per-user isolation, permission checks by scope and Graph's error codes.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import { findTimeZone, zonedTimeToInstant } from 'm365-mcp-gateway/plugin';
import {
  CalendarRefusal,
  isWellFormedExchangeId,
  type DemoUser,
  type EventInstance,
  type GraphMockEnv,
  type RequestLike,
} from 'm365-mcp-gateway/testing';
import { actionHandlers } from './mocks-actions';
import { scheduleHandlers } from './mocks-schedule';

export const READ_SCOPES = [
  'Calendars.ReadBasic',
  'Calendars.Read',
  'Calendars.ReadWrite',
  'Calendars.Read.Shared',
  'Calendars.ReadWrite.Shared',
];
export const WRITE_SCOPES = ['Calendars.ReadWrite', 'Calendars.ReadWrite.Shared'];

export const EVENT_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'transactionId',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'iCalUId',
  'uid',
  'reminderMinutesBeforeStart',
  'isReminderOn',
  'hasAttachments',
  'subject',
  'bodyPreview',
  'importance',
  'sensitivity',
  'isAllDay',
  'isCancelled',
  'isOrganizer',
  'responseRequested',
  'seriesMasterId',
  'showAs',
  'type',
  'webLink',
  'onlineMeetingUrl',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'allowNewTimeProposals',
  'occurrenceId',
  'isDraft',
  'hideAttendees',
  'responseStatus',
  'body',
  'start',
  'end',
  'location',
  'locations',
  'recurrence',
  'attendees',
  'organizer',
  'onlineMeeting',
];
const FILTERABLE = [
  'subject',
  'start/dateTime',
  'end/dateTime',
  'showAs',
  'isAllDay',
  'type',
  'isOrganizer',
  'categories',
];
const NOT_FOUND = 'The specified object was not found in the store.';

/** The zone of `Prefer: outlook.timezone="…"` (Graph's default is UTC). */
export function preferredZone(request: RequestLike): string | undefined {
  return /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(request.headers.get('prefer') ?? '')?.[1];
}

export const wantsText = (request: RequestLike): boolean =>
  /outlook\.body-content-type\s*=\s*"?text"?/i.test(request.headers.get('prefer') ?? '');

export function decode(param: unknown): string {
  const s = String(param ?? '');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Shared helpers of the calendar handlers. */
export function calendarEnv(env: GraphMockEnv) {
  const calendar = env.tenant.calendar;
  const refusal = (error: unknown): Response => {
    if (error instanceof CalendarRefusal) return env.graphError(error.status, error.code, error.message);
    throw error;
  };
  const zoneOf = (request: RequestLike): Response | string => {
    const zone = preferredZone(request) ?? 'UTC';
    return findTimeZone(zone)
      ? zone
      : env.graphError(
          400,
          'TimeZoneNotSupportedException',
          `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`,
        );
  };
  const eventOf = (user: DemoUser, raw: unknown, viewZone = 'UTC'): Response | EventInstance => {
    const id = decode(raw);
    if (!isWellFormedExchangeId(id)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    return calendar.getEvent(user.id, id, viewZone) ?? env.graphError(404, 'ErrorItemNotFound', NOT_FOUND);
  };
  const shape = (request: RequestLike, zone: string) => (instance: EventInstance) =>
    calendar.toGraph(instance, { timeZone: zone, bodyType: wantsText(request) ? 'text' : 'html' });
  const applied = (request: RequestLike, zone: string): Record<string, string> => {
    const prefs = [
      ...(preferredZone(request) ? [`outlook.timezone="${zone}"`] : []),
      ...(/outlook\.body-content-type/i.test(request.headers.get('prefer') ?? '')
        ? [`outlook.body-content-type="${wantsText(request) ? 'text' : 'html'}"`]
        : []),
    ];
    return prefs.length ? { 'Preference-Applied': prefs.join(', ') } : {};
  };
  const readJson = async <T>(request: RequestLike & { text(): Promise<string> }): Promise<T | Response> => {
    const raw = await request.text();
    if (raw.trim() === '') return env.graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
    try {
      return JSON.parse(raw) as T;
    } catch {
      return env.graphError(
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
  };
  return { calendar, refusal, zoneOf, eventOf, shape, applied, readJson };
}

export default function calendarMocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const c = calendarEnv(env);
  const context = (u: DemoUser, tail: string) => `${base}/$metadata#users('${u.id}')/${tail}`;

  const calendarView =
    (calendarIdParam?: unknown) =>
    ({ request }: { request: Req }) => {
      const user = env.authenticate(request, { anyScope: READ_SCOPES });
      if (user instanceof Response) return user;
      const zone = c.zoneOf(request);
      if (zone instanceof Response) return zone;
      const url = new URL(request.url);
      const from = url.searchParams.get('startDateTime');
      const to = url.searchParams.get('endDateTime');
      if (!from || !to) {
        return env.graphError(
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      }
      const fromMs = instantOfParam(from, zone);
      const toMs = instantOfParam(to, zone);
      if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
        return env.graphError(
          400,
          'ErrorInvalidParameter',
          `The parameter 'StartDateTime' or 'EndDateTime' is not a valid DateTime.`,
        );
      }
      let calendarId: string | undefined;
      if (calendarIdParam !== undefined) {
        calendarId = decode(calendarIdParam);
        if (!c.calendar.calendars(user.id).some((cal) => cal.id === calendarId)) {
          return env.graphError(404, 'ErrorItemNotFound', NOT_FOUND);
        }
      }
      const instances = c.calendar.calendarView(user.id, fromMs, toMs, {
        viewZone: zone,
        ...(calendarId ? { calendarId } : {}),
      });
      return env.odata.list(request, instances.map(c.shape(request, zone)), {
        context: context(user, 'calendarView'),
        entityType: 'microsoft.graph.event',
        properties: EVENT_PROPERTIES,
        filterable: FILTERABLE,
        defaultTop: 10,
        maxTop: 1000,
        headers: c.applied(request, zone),
      });
    };

  const createEvent = async (request: Req, calendarIdParam?: unknown): Promise<Response> => {
    const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
    if (user instanceof Response) return user;
    const zone = c.zoneOf(request);
    if (zone instanceof Response) return zone;
    const body = await c.readJson<Event>(request);
    if (body instanceof Response) return body;
    try {
      const calendarId = calendarIdParam === undefined ? undefined : decode(calendarIdParam);
      const event = c.calendar.createEvent(user.id, body, calendarId ? { calendarId } : {});
      const instance = c.calendar.getEvent(user.id, event.id, zone);
      if (!instance) return env.graphError(500, 'ErrorInternalServerError', 'An internal server error occurred.');
      return env.graphJson(
        { '@odata.context': `${context(user, 'events')}/$entity`, ...c.shape(request, zone)(instance) },
        { status: 201, headers: c.applied(request, zone) },
      );
    } catch (error) {
      return c.refusal(error);
    }
  };

  return [
    http.get(`${base}/me/calendarView`, calendarView()),
    http.get(`${base}/me/calendars/:calendarId/calendarView`, (info) => calendarView(info.params.calendarId)(info)),
    http.get(`${base}/me/events/:id`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: READ_SCOPES });
      if (user instanceof Response) return user;
      const zone = c.zoneOf(request);
      if (zone instanceof Response) return zone;
      const instance = c.eventOf(user, params.id, zone);
      if (instance instanceof Response) return instance;
      return env.odata.entity(request, c.shape(request, zone)(instance), {
        context: context(user, 'events'),
        entityType: 'microsoft.graph.event',
        properties: EVENT_PROPERTIES,
        headers: c.applied(request, zone),
      });
    }),
    http.post(`${base}/me/events`, ({ request }) => createEvent(request)),
    http.post(`${base}/me/calendar/events`, ({ request }) => createEvent(request)),
    http.post(`${base}/me/calendars/:calendarId/events`, ({ request, params }) =>
      createEvent(request, params.calendarId),
    ),
    http.patch(`${base}/me/events/:id`, async ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
      if (user instanceof Response) return user;
      const zone = c.zoneOf(request);
      if (zone instanceof Response) return zone;
      const target = c.eventOf(user, params.id);
      if (target instanceof Response) return target;
      const patch = await c.readJson<Event>(request);
      if (patch instanceof Response) return patch;
      try {
        const updated = c.calendar.updateEvent(user.id, target.id, patch);
        const instance = updated && c.calendar.getEvent(user.id, updated.id, zone);
        if (!instance) return env.graphError(404, 'ErrorItemNotFound', NOT_FOUND);
        return env.graphJson(
          { '@odata.context': `${context(user, 'events')}/$entity`, ...c.shape(request, zone)(instance) },
          { headers: c.applied(request, zone) },
        );
      } catch (error) {
        return c.refusal(error);
      }
    }),
    http.delete(`${base}/me/events/:id`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
      if (user instanceof Response) return user;
      const target = c.eventOf(user, params.id);
      if (target instanceof Response) return target;
      c.calendar.deleteEvent(user.id, target.id);
      return new Response(null, { status: 204, headers: { 'request-id': crypto.randomUUID() } });
    }),
    ...actionHandlers(env, c),
    ...scheduleHandlers(env, c),
  ];
}

/** A calendarView bound: with an offset it is that instant, without one it is in the Prefer zone (as Graph reads it). */
function instantOfParam(value: string, zone: string): number {
  try {
    return zonedTimeToInstant(value, zone).getTime();
  } catch {
    return Number.NaN;
  }
}

export type CalendarEnv = ReturnType<typeof calendarEnv>;

/** What the handlers read of a request (MSW's and the Workers runtime's types differ in `json()`). */
type Req = RequestLike & { text(): Promise<string> };
