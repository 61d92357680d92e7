/** Meeting actions of Graph's event resource: accept, tentativelyAccept, decline and cancel (202, no body). */
import { http, type RequestHandler } from 'msw';
import type { AttendeeResponse, GraphMockEnv } from 'm365-mcp-gateway/testing';
import { type CalendarEnv, WRITE_SCOPES } from './mocks';

const RESPONSES: Record<string, AttendeeResponse> = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
};

interface ResponseBody {
  comment?: string;
  sendResponse?: boolean;
  proposedNewTime?: { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } };
}

const accepted = () => new Response(null, { status: 202, headers: { 'request-id': crypto.randomUUID() } });

export function actionHandlers(env: GraphMockEnv, c: CalendarEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  return [
    http.post(`${base}/me/events/:id/:action`, async ({ request, params }) => {
      const action = String(params.action);
      if (action !== 'cancel' && !(action in RESPONSES)) return undefined;
      const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
      if (user instanceof Response) return user;
      const target = c.eventOf(user, params.id);
      if (target instanceof Response) return target;
      const body = await c.readJson<ResponseBody>(request);
      if (body instanceof Response) return body;
      try {
        if (action === 'cancel') {
          c.calendar.cancelEvent(user.id, target.id, body.comment);
          return accepted();
        }
        if (body.proposedNewTime && action === 'accept') {
          return env.graphError(
            400,
            'ErrorInvalidRequest',
            'A new time can only be proposed with tentativelyAccept or decline.',
          );
        }
        if (body.proposedNewTime && body.sendResponse === false) {
          return env.graphError(
            400,
            'ErrorInvalidRequest',
            'A new time can only be proposed when sendResponse is true.',
          );
        }
        c.calendar.respond(user.id, target.id, RESPONSES[action] ?? 'accepted', {
          ...(body.comment !== undefined ? { comment: body.comment } : {}),
          sendResponse: body.sendResponse !== false,
          ...(body.proposedNewTime ? { proposedNewTime: body.proposedNewTime } : {}),
        });
        return accepted();
      } catch (error) {
        return c.refusal(error);
      }
    }),
  ];
}
