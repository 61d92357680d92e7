/**
 * The mail a meeting sends through the tenant's mail area: invitations and updates to attendees,
 * cancellations, and responses back to the organizer, as Exchange words them.
 */
import type { Message, Recipient } from '@microsoft/microsoft-graph-types';
import { escapeHtml } from '../html-text';
import type { MailArea } from '../mail/mail-area';
import type { StoredEvent } from './stored-event';

export type ResponseWord = 'Accepted' | 'Tentative' | 'Declined';

function when(event: StoredEvent): string {
  const day = (t: string) => t.slice(0, 10);
  if (event.isAllDay) return `${day(event.start.dateTime)} (all day) – ${day(event.end.dateTime)}`;
  return `${event.start.dateTime.slice(0, 16).replace('T', ' ')} – ${event.end.dateTime.slice(0, 16).replace('T', ' ')} (${event.start.timeZone})`;
}

function header(event: StoredEvent, note?: string): string {
  const where = event.location ? `<div>Where: ${escapeHtml(event.location)}</div>` : '';
  const comment = note ? `<p>${escapeHtml(note)}</p>` : '';
  return `${comment}<div>When: ${escapeHtml(when(event))}</div>${where}<hr>`;
}

function recipientsOf(event: StoredEvent, only?: ReadonlySet<string>): { to: Recipient[]; cc: Recipient[] } {
  const pick = (type: string) =>
    event.attendees
      .filter((a) => a.type === type && (!only || only.has(a.emailAddress?.address?.toLowerCase() ?? '')))
      .map((a) => ({ emailAddress: { name: a.emailAddress?.name, address: a.emailAddress?.address } }));
  return { to: [...pick('required'), ...pick('resource')], cc: pick('optional') };
}

/** An invitation (or an update) from the organizer to the attendees (all, or the addresses in `only`). */
export function sendInvitation(mail: MailArea, event: StoredEvent, update = false, only?: ReadonlySet<string>): void {
  const { to, cc } = recipientsOf(event, only);
  if (to.length + cc.length === 0) return;
  const message: Message = {
    subject: update ? `Updated: ${event.subject}` : event.subject,
    body: { contentType: 'html', content: `${header(event)}${event.bodyHtml}` },
    toRecipients: to,
    ccRecipients: cc,
  };
  mail.sendMail(event.ownerId, message);
}

/** The cancellation every attendee gets when the organizer cancels or deletes a meeting. */
export function sendCancellation(mail: MailArea, event: StoredEvent, comment?: string, occurrenceDate?: string): void {
  const { to, cc } = recipientsOf(event);
  if (to.length + cc.length === 0) return;
  const which = occurrenceDate ? ` (the occurrence on ${occurrenceDate})` : '';
  mail.sendMail(event.ownerId, {
    subject: `Canceled: ${event.subject}`,
    body: { contentType: 'html', content: `${header(event, comment)}<p>This meeting${which} has been canceled.</p>` },
    toRecipients: to,
    ccRecipients: cc,
  });
}

/** An attendee's response to the organizer ("Accepted: …"). */
export function sendResponse(
  mail: MailArea,
  attendeeId: string,
  event: StoredEvent,
  word: ResponseWord,
  comment?: string,
): void {
  mail.sendMail(attendeeId, {
    subject: `${word}: ${event.subject}`,
    body: { contentType: 'html', content: comment ? `<p>${escapeHtml(comment)}</p>` : '' },
    toRecipients: [{ emailAddress: { name: event.organizer.name, address: event.organizer.address } }],
  });
}
