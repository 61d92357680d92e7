/**
 * Identifiers of the meetings area in the shapes Teams gives them: an online meeting id is base64 of
 * `1*{organizerId}*0**{chatThreadId}`, a join URL carries the thread id and a JSON context URL-encoded
 * with lower-case escapes (the form Graph stores and its `JoinWebUrl` filter matches exactly).
 */
import { bytesToBase64 } from '../../../encoding/base64';
import { seededGuid } from '../ids';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Graph's stored escape style: `%3a`, `%40`, `%7b` (lower-case hex). */
export function graphUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
}

/** The meeting chat's thread id, e.g. `19:meeting_NWM2…@thread.v2`. */
export function meetingThreadId(seed: string): string {
  return `19:meeting_${bytesToBase64(utf8(seededGuid(`meeting-thread:${seed}`))).replace(/=+$/, '')}@thread.v2`;
}

export function onlineMeetingId(organizerId: string, threadId: string): string {
  return bytesToBase64(utf8(`1*${organizerId}*0**${threadId}`));
}

/** The join URL exactly as Graph stores it (and returns it in `joinWebUrl`). */
export function joinWebUrlFor(threadId: string, tenantId: string, organizerId: string): string {
  const context = JSON.stringify({ Tid: tenantId, Oid: organizerId });
  return `https://teams.microsoft.com/l/meetup-join/${graphUrlEncode(threadId)}/0?context=${graphUrlEncode(context)}`;
}

/** Transcript and recording ids: base64 of `1*{organizerId}*{kind}*{guid}`-like keys, as Teams mints them. */
export function artifactId(kind: 'transcript' | 'recording', meetingKey: string, index: number): string {
  const marker = kind === 'transcript' ? 'MSMjMCMj' : 'MSMjMCMjMiMj';
  return `${marker}${bytesToBase64(utf8(seededGuid(`${kind}:${meetingKey}:${index}`))).replace(/=+$/, '')}`;
}

/** A numeric meeting id for dial-in, 12 digits like Teams'. */
export function joinMeetingIdFor(seed: string): string {
  const digits = seededGuid(`join-id:${seed}`).replace(/\D/g, '');
  return `2${digits.padEnd(11, '7').slice(0, 11)}`;
}

/** The chat thread id inside a join URL (`19:meeting_…@thread.v2`). */
export function threadOfJoinUrl(joinWebUrl: string): string {
  const segment = /\/l\/meetup-join\/([^/]+)\//.exec(joinWebUrl)?.[1] ?? '';
  return decodeURIComponent(segment);
}
