/** How an attendee's copy of a meeting follows the organizer's event. */
import type { StoredEvent } from './stored-event';

/** The meeting fields of the organizer's event, copied onto an attendee's copy (their own response stays). */
export function mirror(from: StoredEvent, to: StoredEvent, changeKey: string): void {
  const keep = { id: to.id, ownerId: to.ownerId, calendarId: to.calendarId, responseStatus: to.responseStatus };
  Object.assign(to, structuredClone({ ...from, exceptions: undefined }), keep, {
    exceptions: structuredClone(from.exceptions),
    isOrganizer: false,
    changeKey,
    '@odata.etag': `W/"${changeKey}"`,
  });
  if (!from.joinUrl) delete to.joinUrl;
}

/** Drop one occurrence of a series (cancelled, or deleted from a calendar). */
export function setDeleted(event: StoredEvent, originalDate: string): void {
  event.exceptions.set(originalDate, { ...(event.exceptions.get(originalDate) ?? {}), deleted: true });
}

/** A new attendee copy of the organizer's event: their own id, calendar and (not yet given) response. */
export function attendeeCopy(
  event: StoredEvent,
  own: { id: string; ownerId: string; calendarId: string; now: string },
): StoredEvent {
  return {
    ...structuredClone({ ...event, exceptions: undefined }),
    exceptions: structuredClone(event.exceptions),
    id: own.id,
    ownerId: own.ownerId,
    calendarId: own.calendarId,
    isOrganizer: false,
    responseStatus: { response: 'notResponded', time: '0001-01-01T00:00:00Z' },
    createdDateTime: own.now,
    lastModifiedDateTime: own.now,
  };
}
