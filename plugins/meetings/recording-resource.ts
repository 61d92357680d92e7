/**
 * Meeting recordings as MCP resources: `m365://meetings/{meetingId}/recordings/{recordingId}` (the
 * ids as handles). `resources/read` returns the video as base64 `blob` up to RECORDING_MAX_BYTES,
 * which a Worker buffers safely; a larger one is refused with its size (listMeetingRecordings then
 * gives its link instead of a resource).
 */
import {
  defineResource,
  formatBytes,
  isHandle,
  ResourceError,
  type GraphClient,
  type ToolHandles,
} from 'm365-mcp-gateway/plugin';
import { meetingPath } from './resolve-meeting';
import { MEETING } from './schemas';

/** Largest recording served through resources/read (base64 makes it ~1.33× on the wire). */
export const RECORDING_MAX_BYTES = 10 * 1024 * 1024;

const ID = /^[A-Za-z0-9+=_-]{20,2048}$/;

export const contentPath = (meetingId: string, recordingId: string) =>
  `${meetingPath(meetingId)}/recordings/${encodeURIComponent(recordingId)}/content`;

/** A recording's size without downloading it: one byte asked for, the total read from Content-Range. */
export async function recordingSize(graph: GraphClient, meetingId: string, recordingId: string): Promise<number> {
  const response = (await graph
    .api(contentPath(meetingId, recordingId))
    .header('Range', 'bytes=0-0')
    .responseType('raw' as never)
    .get()) as Response;
  await response.arrayBuffer(); // one byte; read so the connection is released
  const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  return Number(total ?? response.headers.get('content-length') ?? Number.NaN);
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The MIME type to show: a bare `type/subtype` from Graph, else a generic video type. */
function videoType(contentType: string | null): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'video/mp4';
}

async function fullIds(handles: ToolHandles, meeting: string, recording: string, uri: string) {
  const wanted = [isHandle(meeting, MEETING) ? meeting : '', isHandle(recording, 'recording') ? recording : ''];
  if (!wanted.some(Boolean)) return [meeting, recording] as const;
  const found = await handles.resolve(wanted.filter(Boolean));
  const id = (handle: string, kind: string, given: string) => {
    if (!handle) return given;
    const hit = found.get(handle);
    if (hit && hit !== 'ambiguous' && hit.kind === kind) return hit.id;
    throw new ResourceError(
      'not_found',
      `No recording at ${uri}: its handles have expired or belong to another sign-in. Call listMeetingRecordings again for a current URI.`,
    );
  };
  return [id(wanted[0]!, MEETING, meeting), id(wanted[1]!, 'recording', recording)] as const;
}

export const meetingRecording = defineResource({
  name: 'meetingRecording',
  title: 'Meeting recording',
  description: 'The video of a meeting recording (URIs come from listMeetingRecordings).',
  uriTemplate: 'm365://meetings/{meetingId}/recordings/{recordingId}',
  scopes: ['OnlineMeetingRecording.Read.All'],
  async read(params, ctx) {
    const uri = meetingRecording.uri({ meetingId: params.meetingId ?? '', recordingId: params.recordingId ?? '' });
    const [meetingId, recordingId] = await fullIds(ctx.handles, params.meetingId ?? '', params.recordingId ?? '', uri);
    if (!ID.test(meetingId) || !ID.test(recordingId)) {
      throw new ResourceError(
        'not_found',
        `No recording at ${uri}: the ids are malformed. Use a URI exactly as listMeetingRecordings returned it.`,
      );
    }
    const response = (await ctx.graph
      .api(contentPath(meetingId, recordingId))
      .responseType('raw' as never)
      .get()) as Response;
    if (!response.ok) {
      await response.body?.cancel();
      throw new ResourceError(
        response.status === 404 ? 'not_found' : 'failed',
        response.status === 403
          ? 'Reading meeting recordings needs the Microsoft Graph permission OnlineMeetingRecording.Read.All, which a tenant administrator must approve for this app.'
          : `No recording at ${uri} (Microsoft Graph answered ${response.status}); only the meeting's organizer can read it. Call listMeetingRecordings again.`,
      );
    }
    const size = Number(response.headers.get('content-length') ?? Number.NaN);
    if (size > RECORDING_MAX_BYTES) {
      await response.body?.cancel();
      throw new ResourceError(
        'failed',
        `This recording is ${formatBytes(size)}, over the ${formatBytes(RECORDING_MAX_BYTES)} limit for reading here; listMeetingRecordings gives its download link.`,
      );
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > RECORDING_MAX_BYTES) {
      throw new ResourceError(
        'failed',
        `This recording is over the ${formatBytes(RECORDING_MAX_BYTES)} limit for reading here.`,
      );
    }
    return { uri, mimeType: videoType(response.headers.get('content-type')), blob: toBase64(bytes) };
  },
});
