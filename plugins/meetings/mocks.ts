/**
 * Teams online-meeting endpoints of Microsoft Graph over the emulated tenant's meetings area (MSW
 * handlers), served as Graph serves them: only the organizer's meetings (404 for anyone else's),
 * `JoinWebUrl eq '…'` as an exact match on the stored URL, `identity.user.id` checked as a directory
 * object id, and the artifacts (transcripts, recordings, attendance) in mocks-artifacts.ts.
 */
import { http, type RequestHandler } from 'msw';
import type { DemoUser, GraphMockEnv, StoredOnlineMeeting, StoredParticipant } from 'm365-mcp-gateway/testing';
import { artifactHandlers } from './mocks-artifacts';

export const READ_SCOPES = ['OnlineMeetings.Read', 'OnlineMeetings.ReadWrite'];
const WRITE_SCOPES = ['OnlineMeetings.ReadWrite'];
const USER_SCOPES = ['User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOBBY_SCOPES = ['organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited'] as const;

export const MEETING_PROPERTIES = [
  'id',
  'subject',
  'creationDateTime',
  'startDateTime',
  'endDateTime',
  'joinWebUrl',
  'joinMeetingIdSettings',
  'chatInfo',
  'participants',
  'lobbyBypassSettings',
  'allowRecording',
  'allowTranscription',
  'allowedPresenters',
  'isEntryExitAnnounced',
  'externalId',
];

/** The wire form of a stored meeting (what GET and POST /me/onlineMeetings answer). */
export function meetingJson(env: GraphMockEnv, meeting: StoredOnlineMeeting): Record<string, unknown> {
  const organizer = env.tenant.findUser(meeting.organizerId);
  return {
    id: meeting.id,
    creationDateTime: meeting.creationDateTime,
    startDateTime: meeting.startDateTime,
    endDateTime: meeting.endDateTime,
    joinWebUrl: meeting.joinWebUrl,
    subject: meeting.subject,
    externalId: null,
    allowedPresenters: 'everyone',
    allowRecording: meeting.allowRecording,
    allowTranscription: meeting.allowTranscription,
    isEntryExitAnnounced: true,
    joinMeetingIdSettings: {
      isPasscodeRequired: false,
      joinMeetingId: meeting.joinMeetingId,
      passcode: meeting.passcode,
    },
    lobbyBypassSettings: { scope: meeting.lobbyBypassScope, isDialInBypassEnabled: false },
    chatInfo: { threadId: meeting.chatThreadId, messageId: '0', replyChainMessageId: null },
    participants: {
      organizer: {
        upn: organizer?.userPrincipalName ?? null,
        role: 'presenter',
        identity: { user: { id: meeting.organizerId, displayName: null, tenantId: env.tenant.id } },
      },
      attendees: meeting.attendees,
    },
  };
}

const notFound = (env: GraphMockEnv) =>
  env.graphError(404, 'NotFound', 'The requested online meeting was not found or the user is not its organizer.');

/** The meeting at `:meeting` for its organizer, else the Graph error to return. */
export function organisedMeeting(env: GraphMockEnv, user: DemoUser, meetingId: string): StoredOnlineMeeting | Response {
  let decoded = '';
  try {
    decoded = atob(meetingId);
  } catch {
    decoded = '';
  }
  // Graph decodes the id (1*{organizer}*0**{thread}) before looking it up; anything else is malformed.
  if (!/^1\*[0-9a-f-]{36}\*0\*\*19:/.test(decoded)) {
    return env.graphError(400, 'BadRequest', `Invalid meeting id '${meetingId}'.`);
  }
  return env.tenant.meetings.get(user.id, meetingId) ?? notFound(env);
}

/** `$filter=JoinWebUrl eq '…'` (the only filter Graph takes on /me/onlineMeetings), its literal unescaped. */
function joinWebUrlFilter(url: URL): string | undefined {
  const filter = url.searchParams.get('$filter') ?? '';
  const match = /^\s*joinWebUrl\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
  return match ? match[1]!.replace(/''/g, "'") : undefined;
}

type CreateBody = {
  subject?: unknown;
  startDateTime?: unknown;
  endDateTime?: unknown;
  participants?: { attendees?: Array<{ upn?: unknown; role?: unknown; identity?: { user?: { id?: unknown } } }> };
  lobbyBypassSettings?: { scope?: unknown };
  allowRecording?: unknown;
};

/** Graph's checks on POST /me/onlineMeetings; the attendees as stored, or the error message. */
function attendeesOf(env: GraphMockEnv, body: CreateBody): StoredParticipant[] | string {
  const attendees: StoredParticipant[] = [];
  for (const attendee of body.participants?.attendees ?? []) {
    const id = attendee.identity?.user?.id;
    // Graph takes only a directory object id here; an email address is refused.
    if (typeof id !== 'string' || !GUID.test(id)) return `Invalid value for identity.user.id: '${String(id)}'.`;
    const user = env.tenant.findUser(id);
    if (!user) return `User '${id}' was not found in the tenant.`;
    attendees.push({
      upn: typeof attendee.upn === 'string' ? attendee.upn : user.userPrincipalName,
      role: 'attendee',
      identity: { user: { id: user.id, displayName: null, tenantId: env.tenant.id } },
    });
  }
  return attendees;
}

export default function mocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  return [
    http.get(`${base}/me/onlineMeetings`, ({ request }) => {
      const user = env.authenticate(request, { anyScope: READ_SCOPES });
      if (user instanceof Response) return user;
      const joinWebUrl = joinWebUrlFilter(new URL(request.url));
      if (joinWebUrl === undefined) {
        return env.graphError(
          400,
          'BadRequest',
          "Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq '{joinWebUrl}'.",
        );
      }
      const found = env.tenant.meetings.findByJoinWebUrl(user.id, joinWebUrl);
      return env.graphJson({
        '@odata.context': `${base}/$metadata#users('${user.id}')/onlineMeetings`,
        value: found ? [meetingJson(env, found)] : [],
      });
    }),
    http.get(`${base}/me/onlineMeetings/:meeting`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: READ_SCOPES });
      if (user instanceof Response) return user;
      const meeting = organisedMeeting(env, user, String(params.meeting));
      if (meeting instanceof Response) return meeting;
      return env.odata.entity(request, meetingJson(env, meeting), {
        context: `${base}/$metadata#users('${user.id}')/onlineMeetings`,
        entityType: 'microsoft.graph.onlineMeeting',
        properties: MEETING_PROPERTIES,
      });
    }),
    http.post(`${base}/me/onlineMeetings`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
      if (user instanceof Response) return user;
      let body: CreateBody;
      try {
        body = (await request.json()) as CreateBody;
      } catch {
        return env.graphError(400, 'BadRequest', 'Unable to read JSON request payload.');
      }
      const start = typeof body.startDateTime === 'string' ? Date.parse(body.startDateTime) : Number.NaN;
      const end = typeof body.endDateTime === 'string' ? Date.parse(body.endDateTime) : Number.NaN;
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
        return env.graphError(
          400,
          'BadRequest',
          'startDateTime and endDateTime are required, and end must be after start.',
        );
      }
      const attendees = attendeesOf(env, body);
      if (typeof attendees === 'string') return env.graphError(400, 'BadRequest', attendees);
      const scope = body.lobbyBypassSettings?.scope;
      if (scope !== undefined && !LOBBY_SCOPES.includes(scope as (typeof LOBBY_SCOPES)[number])) {
        return env.graphError(400, 'BadRequest', `Invalid lobbyBypassSettings.scope '${String(scope)}'.`);
      }
      const meeting = env.tenant.meetings.createStandalone(user.id, {
        subject: typeof body.subject === 'string' ? body.subject : '',
        startDateTime: new Date(start).toISOString(),
        endDateTime: new Date(end).toISOString(),
        attendees,
        ...(scope ? { lobbyBypassScope: scope as (typeof LOBBY_SCOPES)[number] } : {}),
        ...(typeof body.allowRecording === 'boolean' ? { allowRecording: body.allowRecording } : {}),
      });
      return env.graphJson(
        {
          '@odata.context': `${base}/$metadata#users('${user.id}')/onlineMeetings/$entity`,
          ...meetingJson(env, meeting),
        },
        { status: 201 },
      );
    }),
    http.get(`${base}/users/:user`, ({ request, params }) => {
      const caller = env.authenticate(request, { anyScope: USER_SCOPES });
      if (caller instanceof Response) return caller;
      const found = env.tenant.findUser(String(params.user));
      if (!found) {
        return env.graphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${String(params.user)}' does not exist or one of its queried reference-property objects are not present.`,
        );
      }
      const { id, displayName, userPrincipalName, mail, givenName, surname, jobTitle } = found;
      return env.odata.entity(
        request,
        { id, displayName, userPrincipalName, mail, givenName, surname, jobTitle },
        {
          context: `${base}/$metadata#users`,
          entityType: 'microsoft.graph.user',
          properties: ['id', 'displayName', 'userPrincipalName', 'mail', 'givenName', 'surname', 'jobTitle'],
        },
      );
    }),
    ...artifactHandlers(env),
  ];
}
