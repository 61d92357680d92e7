/**
 * What Microsoft keeps of an online meeting, as Graph serves it under /me/onlineMeetings/{id}:
 * transcripts (content as `text/vtt`), recordings (content as the video's bytes, with Range), and
 * attendance reports with their records. Each needs its own `.All` permission (403 without it); a
 * tenant that turned transcript access off answers 403 GraphAccessToTranscriptsDisabled.
 */
import { http, type RequestHandler } from 'msw';
import type { DemoUser, GraphMockEnv, RequestLike, StoredOnlineMeeting } from 'm365-mcp-gateway/testing';
import { organisedMeeting } from './mocks';

const TRANSCRIPT_SCOPES = ['OnlineMeetingTranscript.Read.All'];
const RECORDING_SCOPES = ['OnlineMeetingRecording.Read.All'];
const ATTENDANCE_SCOPES = ['OnlineMeetingArtifact.Read.All'];

/** What callTranscript and callRecording share (each adds its content URL). */
const ARTIFACT_PROPERTIES = [
  'id',
  'meetingId',
  'callId',
  'contentCorrelationId',
  'createdDateTime',
  'endDateTime',
  'meetingOrganizer',
];

type Resolved = { user: DemoUser; meeting: StoredOnlineMeeting } | Response;

function meetingFor(env: GraphMockEnv, request: RequestLike, meetingId: unknown, scopes: readonly string[]): Resolved {
  const user = env.authenticate(request, { anyScope: scopes });
  if (user instanceof Response) return user;
  const meeting = organisedMeeting(env, user, String(meetingId));
  return meeting instanceof Response ? meeting : { user, meeting };
}

const organizerOf = (env: GraphMockEnv, meeting: StoredOnlineMeeting) => ({
  application: null,
  device: null,
  user: { id: meeting.organizerId, displayName: null, tenantId: env.tenant.id, userIdentityType: 'aadUser' },
});

const transcriptsDisabled = (env: GraphMockEnv) =>
  env.graphError(
    403,
    'GraphAccessToTranscriptsDisabled',
    'Graph access to transcripts is disabled for this tenant by its administrator.',
  );

/** `Range: bytes=a-b` on the recording's bytes: 206 with Content-Range, as SharePoint answers. */
function rangeResponse(content: Uint8Array, contentType: string, range: string | null): Response {
  const match = /^bytes=(\d*)-(\d*)$/.exec(range ?? '');
  if (!match || (match[1] === '' && match[2] === '')) {
    return new Response(content.slice(), {
      headers: { 'content-type': contentType, 'content-length': String(content.length) },
    });
  }
  const start = match[1] === '' ? Math.max(0, content.length - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? content.length - 1 : Math.min(Number(match[2]), content.length - 1);
  if (start > end || start >= content.length) {
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${content.length}` } });
  }
  const part = content.slice(start, end + 1);
  return new Response(part, {
    status: 206,
    headers: {
      'content-type': contentType,
      'content-length': String(part.length),
      'content-range': `bytes ${start}-${end}/${content.length}`,
    },
  });
}

export function artifactHandlers(env: GraphMockEnv): RequestHandler[] {
  const base = `${env.graphBaseUrl}/me/onlineMeetings/:meeting`;
  const context = (user: DemoUser, meeting: StoredOnlineMeeting, rest: string) =>
    `${env.graphBaseUrl}/$metadata#users('${user.id}')/onlineMeetings('${meeting.id}')/${rest}`;
  return [
    http.get(`${base}/transcripts`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, TRANSCRIPT_SCOPES);
      if (found instanceof Response) return found;
      if (env.tenant.meetings.transcriptsDisabled) return transcriptsDisabled(env);
      const { user, meeting } = found;
      const items = meeting.transcripts.map((transcript) => ({
        id: transcript.id,
        meetingId: meeting.id,
        callId: null,
        contentCorrelationId: transcript.id.slice(-36),
        createdDateTime: transcript.createdDateTime,
        endDateTime: transcript.endDateTime,
        transcriptContentUrl: `${env.graphBaseUrl}/users/${meeting.organizerId}/onlineMeetings/${meeting.id}/transcripts/${transcript.id}/content`,
        meetingOrganizer: organizerOf(env, meeting),
      }));
      return env.odata.list(request, items, {
        context: context(user, meeting, 'transcripts'),
        entityType: 'microsoft.graph.callTranscript',
        properties: [...ARTIFACT_PROPERTIES, 'transcriptContentUrl'],
        defaultTop: 100,
      });
    }),
    http.get(`${base}/transcripts/:transcript/content`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, TRANSCRIPT_SCOPES);
      if (found instanceof Response) return found;
      if (env.tenant.meetings.transcriptsDisabled) return transcriptsDisabled(env);
      const transcript = found.meeting.transcripts.find((t) => t.id === params.transcript);
      if (!transcript) return env.graphError(404, 'NotFound', 'The requested transcript was not found.');
      const format = new URL(request.url).searchParams.get('$format') ?? request.headers.get('accept') ?? 'text/vtt';
      if (!/text\/vtt|\*\/\*/.test(format)) {
        return env.graphError(400, 'BadRequest', `Unsupported format '${format}'; use $format=text/vtt.`);
      }
      return new Response(transcript.vtt, { headers: { 'content-type': 'text/vtt' } });
    }),
    http.get(`${base}/recordings`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, RECORDING_SCOPES);
      if (found instanceof Response) return found;
      const { user, meeting } = found;
      const items = meeting.recordings.map((recording) => ({
        id: recording.id,
        meetingId: meeting.id,
        callId: null,
        contentCorrelationId: recording.id.slice(-36),
        createdDateTime: recording.createdDateTime,
        endDateTime: recording.endDateTime,
        recordingContentUrl: `${env.graphBaseUrl}/users/${meeting.organizerId}/onlineMeetings/${meeting.id}/recordings/${recording.id}/content`,
        meetingOrganizer: organizerOf(env, meeting),
      }));
      return env.odata.list(request, items, {
        context: context(user, meeting, 'recordings'),
        entityType: 'microsoft.graph.callRecording',
        properties: [...ARTIFACT_PROPERTIES, 'recordingContentUrl'],
        defaultTop: 100,
      });
    }),
    http.get(`${base}/recordings/:recording/content`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, RECORDING_SCOPES);
      if (found instanceof Response) return found;
      const recording = found.meeting.recordings.find((r) => r.id === params.recording);
      if (!recording) return env.graphError(404, 'NotFound', 'The requested recording was not found.');
      return rangeResponse(recording.content, recording.contentType, request.headers.get('range'));
    }),
    http.get(`${base}/attendanceReports`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, ATTENDANCE_SCOPES);
      if (found instanceof Response) return found;
      const { user, meeting } = found;
      const items = meeting.attendanceReports.map(({ records: _, ...report }) => report);
      return env.odata.list(request, items, {
        context: context(user, meeting, 'attendanceReports'),
        entityType: 'microsoft.graph.meetingAttendanceReport',
        properties: ['id', 'totalParticipantCount', 'meetingStartDateTime', 'meetingEndDateTime'],
        defaultTop: 100,
      });
    }),
    http.get(`${base}/attendanceReports/:report`, ({ request, params }) => {
      const found = meetingFor(env, request, params.meeting, ATTENDANCE_SCOPES);
      if (found instanceof Response) return found;
      const { user, meeting } = found;
      const report = meeting.attendanceReports.find((r) => r.id === params.report);
      if (!report) return env.graphError(404, 'NotFound', 'The requested attendance report was not found.');
      const { records, ...rest } = report;
      return env.odata.entity(request, rest, {
        context: context(user, meeting, 'attendanceReports'),
        entityType: 'microsoft.graph.meetingAttendanceReport',
        properties: ['id', 'totalParticipantCount', 'meetingStartDateTime', 'meetingEndDateTime', 'attendanceRecords'],
        shape: (item, query) =>
          query.expand.some((e) => /^attendanceRecords$/i.test(e.property))
            ? { ...item, attendanceRecords: records }
            : item,
      });
    }),
  ];
}
