/**
 * The tenant's meetings area: Teams online meetings with what Microsoft keeps of them (transcripts as
 * VTT, attendance reports, recordings), seeded deterministically. A meeting belongs to its organizer:
 * Graph's `/me/onlineMeetings` serves only the meetings the signed-in user organised. Calendar-backed
 * meetings are events on the calendar area with the same join URL on every attendee's copy; an online
 * event created there later (Outlook, createTeamsMeeting) is a meeting here too, with nothing kept yet.
 */
import type { CalendarArea } from '../calendar/calendar-area';
import { instantOf, type StoredEvent } from '../calendar/stored-event';
import type { Directory } from '../directory/directory';
import { joinMeetingIdFor, joinWebUrlFor, meetingThreadId, onlineMeetingId, threadOfJoinUrl } from './meeting-ids';
import { seedMeetings } from './seed-meetings';

export interface MeetingUserIdentity {
  id: string;
  displayName: string | null;
  tenantId: string;
}

export interface StoredParticipant {
  upn: string;
  role: 'attendee' | 'presenter' | 'producer' | 'coorganizer';
  identity: { user: MeetingUserIdentity };
}

export interface StoredTranscript {
  id: string;
  createdDateTime: string;
  endDateTime: string;
  /** The WebVTT text Graph serves as the transcript's content. */
  vtt: string;
}

export interface StoredRecording {
  id: string;
  createdDateTime: string;
  endDateTime: string;
  contentType: string;
  /** What the content endpoint serves; its length is the recording's size. */
  content: Uint8Array;
}

export interface StoredAttendanceInterval {
  joinDateTime: string;
  leaveDateTime: string;
  durationInSeconds: number;
}

export interface StoredAttendanceRecord {
  id: string;
  emailAddress: string;
  role: 'Organizer' | 'Presenter' | 'Attendee';
  identity: MeetingUserIdentity;
  totalAttendanceInSeconds: number;
  attendanceIntervals: StoredAttendanceInterval[];
}

export interface StoredAttendanceReport {
  id: string;
  meetingStartDateTime: string;
  meetingEndDateTime: string;
  totalParticipantCount: number;
  records: StoredAttendanceRecord[];
}

export interface StoredOnlineMeeting {
  id: string;
  organizerId: string;
  subject: string;
  creationDateTime: string;
  startDateTime: string;
  endDateTime: string;
  joinWebUrl: string;
  joinMeetingId: string;
  passcode: string;
  chatThreadId: string;
  /**
   * Scheduled on a calendar (Outlook, Teams, or an event with an online meeting). Microsoft keeps
   * transcripts and recordings only for these; a standalone `POST /me/onlineMeetings` meeting has none.
   */
  calendarBacked: boolean;
  lobbyBypassScope: 'organizer' | 'organization' | 'organizationAndFederated' | 'everyone' | 'invited';
  allowRecording: boolean;
  allowTranscription: boolean;
  attendees: StoredParticipant[];
  transcripts: StoredTranscript[];
  recordings: StoredRecording[];
  attendanceReports: StoredAttendanceReport[];
}

/** What creating a standalone meeting takes (already validated by the Graph mock). */
export interface NewOnlineMeeting {
  subject: string;
  startDateTime: string;
  endDateTime: string;
  attendees: StoredParticipant[];
  lobbyBypassScope?: StoredOnlineMeeting['lobbyBypassScope'];
  allowRecording?: boolean;
}

export class MeetingsArea {
  private meetings: StoredOnlineMeeting[] = [];
  private created = 0;
  /** The tenant's policy turning Graph's access to transcripts off (403 GraphAccessToTranscriptsDisabled). */
  transcriptsDisabled = false;

  constructor(
    private readonly directory: Directory,
    private readonly calendar: CalendarArea,
  ) {
    this.reset();
  }

  /** Restore the seeded meetings (same ids, transcripts and reports) and the default policy; after the calendar's reset. */
  reset(): void {
    this.meetings = seedMeetings(this.directory, this.calendar);
    this.created = 0;
    this.transcriptsDisabled = false;
  }

  /** Every meeting of the tenant (tests check seed invariants with it); live objects. */
  all(): readonly StoredOnlineMeeting[] {
    return this.meetings;
  }

  /** The meetings `userId` organised, as Graph's `/me/onlineMeetings` sees them (online events included). */
  organisedBy(userId: string): StoredOnlineMeeting[] {
    this.adoptCalendarMeetings(userId);
    return this.meetings.filter((meeting) => meeting.organizerId === userId);
  }

  /** Online events the user organised on their calendar that this area does not hold yet. */
  private adoptCalendarMeetings(userId: string): void {
    if (!this.directory.users.some((user) => user.id === userId)) return;
    for (const event of this.calendar.events(userId)) {
      if (!event.isOrganizer || !event.joinUrl || event.isCancelled) continue;
      if (this.meetings.some((meeting) => meeting.joinWebUrl === event.joinUrl)) continue;
      this.meetings.push(fromCalendarEvent(event, userId));
    }
  }

  /** A meeting by id, only when `userId` organised it (anyone else gets Graph's 404). */
  get(userId: string, meetingId: string): StoredOnlineMeeting | undefined {
    return this.organisedBy(userId).find((meeting) => meeting.id === meetingId);
  }

  /** Graph's `JoinWebUrl eq '…'`: an exact, case-sensitive match on the stored URL. */
  findByJoinWebUrl(userId: string, joinWebUrl: string): StoredOnlineMeeting | undefined {
    return this.organisedBy(userId).find((meeting) => meeting.joinWebUrl === joinWebUrl);
  }

  /** `POST /me/onlineMeetings`: a standalone meeting, on no calendar, so never transcribed or recorded. */
  createStandalone(organizerId: string, input: NewOnlineMeeting, now = new Date()): StoredOnlineMeeting {
    const key = `created:${organizerId}:${++this.created}:${input.subject}`;
    const threadId = meetingThreadId(key);
    const meeting: StoredOnlineMeeting = {
      id: onlineMeetingId(organizerId, threadId),
      organizerId,
      subject: input.subject,
      creationDateTime: now.toISOString(),
      startDateTime: input.startDateTime,
      endDateTime: input.endDateTime,
      joinWebUrl: joinWebUrlFor(threadId, this.directory.id, organizerId),
      joinMeetingId: joinMeetingIdFor(key),
      passcode: passcodeFor(key),
      chatThreadId: threadId,
      calendarBacked: false,
      lobbyBypassScope: input.lobbyBypassScope ?? 'organization',
      allowRecording: input.allowRecording ?? true,
      allowTranscription: true,
      attendees: input.attendees,
      transcripts: [],
      recordings: [],
      attendanceReports: [],
    };
    this.meetings.push(meeting);
    return meeting;
  }
}

/** The online meeting behind a calendar event with a Teams join URL (nothing transcribed or recorded yet). */
function fromCalendarEvent(event: StoredEvent, organizerId: string): StoredOnlineMeeting {
  const threadId = threadOfJoinUrl(event.joinUrl ?? '');
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: onlineMeetingId(organizerId, threadId),
    organizerId,
    subject: event.subject,
    creationDateTime: event.createdDateTime,
    startDateTime: iso(instantOf(event.start, event.isAllDay, 'UTC')),
    endDateTime: iso(instantOf(event.end, event.isAllDay, 'UTC')),
    joinWebUrl: event.joinUrl ?? '',
    joinMeetingId: joinMeetingIdFor(event.iCalUId),
    passcode: passcodeFor(event.iCalUId),
    chatThreadId: threadId,
    calendarBacked: true,
    lobbyBypassScope: 'organization',
    allowRecording: true,
    allowTranscription: true,
    attendees: [],
    transcripts: [],
    recordings: [],
    attendanceReports: [],
  };
}

/** Teams passcodes: six to eight letters and digits. */
export function passcodeFor(seed: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let hash = 2166136261;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out += alphabet[hash % alphabet.length];
    hash = Math.imul(hash ^ (i + 31), 2654435761) >>> 0;
  }
  return out;
}
