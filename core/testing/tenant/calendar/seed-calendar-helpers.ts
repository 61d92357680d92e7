/**
 * The shape and helpers of the seeded meetings of Contoso's demo users. Days count from the Monday of the seed week (0 =
 * Monday, -7 = the Monday before); times are local to the organizer's zone unless `timeZone` says
 * otherwise. Together they give each demo user more than ten events in any seven days of the seed
 * week, series (weekly and daily, with exceptions), all-day and multi-day events, Teams meetings,
 * an event in another zone, and invitations answered in every way.
 */
import type { DayOfWeek, FreeBusyStatus, RecurrencePatternType } from '@microsoft/microsoft-graph-types';
import { OTHER_COLLEAGUES } from '../directory/users';

export interface SeedAttendee {
  name: string;
  address: string;
  optional?: boolean;
}

export interface SeedEvent {
  organizer: string;
  subject: string;
  html: string;
  day: number;
  start?: string;
  end?: string;
  /** A timed event that ends on a later day. */
  endDayOffset?: number;
  allDay?: boolean;
  /** Length of an all-day event in days (default 1). */
  days?: number;
  timeZone?: string;
  location?: string;
  online?: boolean;
  showAs?: FreeBusyStatus;
  private?: boolean;
  reminder?: number;
  attendees?: SeedAttendee[];
  responses?: Record<string, 'accepted' | 'tentativelyAccepted' | 'declined'>;
  recurrence?: { type: RecurrencePatternType; interval?: number; days?: DayOfWeek[]; endDay?: number; count?: number };
  exceptions?: Array<{ day: number; move?: [string, string]; delete?: true }>;
  createdDaysBefore: number;
}

export const ADELE = { name: 'Adele Vance', address: 'AdeleV@contoso.com' };
export const MEGAN = { name: 'Megan Bowen', address: 'MeganB@contoso.com' };
export const ALEX = { name: 'Alex Wilber', address: 'AlexW@contoso.com' };
export const { nestor: NESTOR, patti: PATTI, lee: LEE } = OTHER_COLLEAGUES;
export const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

const SIGNATURES = {
  adele: 'Adele Vance | Retail Manager | Contoso Ltd.<br>Bldg 18/2111 · +1 425 555 0109',
  megan: 'Megan Bowen<br>Marketing Manager | Contoso<br>+1 412 555 0109 | MeganB@contoso.com',
  alex: 'Alex Wilber | Marketing Assistant<br>Contoso UK · +44 20 7946 0321',
} as const;

/** An Outlook-style HTML body: paragraphs, then the organizer's signature. */
export function body(paragraphs: string[], signer: keyof typeof SIGNATURES): string {
  const ps = paragraphs.map((p) => `<p>${p}</p>`).join('');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div style="font-family:Aptos,Calibri,sans-serif;font-size:11pt">${ps}<p>Thanks,</p><p>${SIGNATURES[signer]}</p></div></body></html>`;
}
