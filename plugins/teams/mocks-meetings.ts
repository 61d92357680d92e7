/**
 * `POST /me/events` for Teams meetings, over the tenant's calendar area (the calendar plugin's mocks
 * serve the same route over the same state, so the answer is the same whichever handler gives it):
 * the event on the organizer's calendar, copies and invitations for the attendees, a Teams join URL.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import { CalendarRefusal, type GraphMockEnv, toGraphEvent } from 'm365-mcp-gateway/testing';

/** `Prefer: outlook.timezone="…"`: the zone Graph writes the answer's times in (default UTC). */
const preferredZone = (prefer: string | null): string | undefined =>
  /outlook\.timezone="([^"]+)"/i.exec(prefer ?? '')?.[1];

export function meetingMocks(env: GraphMockEnv): RequestHandler[] {
  return [
    http.post(`${env.graphBaseUrl}/me/events`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: ['Calendars.ReadWrite'] });
      if (user instanceof Response) return user;
      let body: Event;
      try {
        body = (await request.json()) as Event;
      } catch {
        return env.graphError(400, 'RequestBodyRead', 'Cannot read the request body: it is not valid JSON.');
      }
      try {
        const event = env.tenant.calendar.createEvent(user.id, body);
        const zone = preferredZone(request.headers.get('prefer'));
        const instance = env.tenant.calendar.getEvent(user.id, event.id, zone)!;
        return env.graphJson(
          {
            '@odata.context': `${env.graphBaseUrl}/$metadata#users('${user.id}')/events/$entity`,
            ...toGraphEvent(instance, zone ? { timeZone: zone } : {}),
          },
          { status: 201 },
        );
      } catch (error) {
        if (error instanceof CalendarRefusal) return env.graphError(error.status, error.code, error.message);
        throw error;
      }
    }),
  ];
}
