/**
 * The seeded meetings, dated back from SEED_ANCHOR: Adele's calendar-backed launch-readiness review
 * (an hour, transcribed, recorded, with attendance), her weekly retail sync (a short transcript and
 * attendance), a standalone meeting she created with POST /me/onlineMeetings (nothing kept), and a
 * review Megan organised (404 to anyone else).
 */
import type { DemoUser } from '../../types';
import type { CalendarArea } from '../calendar/calendar-area';
import type { Directory } from '../directory/directory';
import { OTHER_COLLEAGUES } from '../directory/users';
import { seededBytes, seededGuid } from '../ids';
import { SEED_ANCHOR } from '../mail/seed-mail';
import {
  artifactId,
  joinMeetingIdFor,
  joinWebUrlFor,
  meetingThreadId,
  onlineMeetingId,
  threadOfJoinUrl,
} from './meeting-ids';
import type {
  MeetingUserIdentity,
  StoredAttendanceRecord,
  StoredOnlineMeeting,
  StoredParticipant,
  StoredRecording,
} from './meetings-area';
import { passcodeFor } from './meetings-area';
import { seededCues, toVtt, type TranscriptCue } from './seed-transcript';

/** Someone in a meeting: a demo user, another Contoso colleague, or a guest from another tenant. */
interface Person {
  name: string;
  address: string;
  identity: MeetingUserIdentity;
}

const FABRIKAM_TENANT_ID = 'e3b1c6a2-58d4-4f0e-9b7a-1d2c3e4f5a60';

const at = (daysBefore: number, utcTime: string): string =>
  `${new Date(Date.parse(SEED_ANCHOR) - daysBefore * 86_400_000).toISOString().slice(0, 10)}T${utcTime}Z`;
const plus = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();

function people(directory: Directory): Record<string, Person> {
  const demo = (user: DemoUser): Person => ({
    name: user.displayName,
    address: user.mail,
    identity: { id: user.id, displayName: user.displayName, tenantId: user.tenantId },
  });
  const colleague = ({ name, address }: { name: string; address: string }): Person => ({
    name,
    address,
    identity: { id: seededGuid(`directory:${address.toLowerCase()}`), displayName: name, tenantId: directory.id },
  });
  const [adele, megan, alex] = directory.users;
  return {
    adele: demo(adele!),
    megan: demo(megan!),
    alex: demo(alex!),
    nestor: colleague(OTHER_COLLEAGUES.nestor),
    patti: colleague(OTHER_COLLEAGUES.patti),
    lee: colleague(OTHER_COLLEAGUES.lee),
    dana: {
      name: 'Dana Whitfield (Fabrikam)',
      address: 'dana.whitfield@fabrikam.com',
      identity: {
        id: seededGuid('fabrikam:dana'),
        displayName: 'Dana Whitfield (Fabrikam)',
        tenantId: FABRIKAM_TENANT_ID,
      },
    },
  };
}

const participant = (person: Person, role: StoredParticipant['role'] = 'attendee'): StoredParticipant => ({
  upn: person.address,
  role,
  identity: { user: { ...person.identity, displayName: null } },
});

/** One attendance record: intervals as [minutes after start joined, minutes after start left]. */
function record(
  key: string,
  person: Person,
  role: StoredAttendanceRecord['role'],
  start: string,
  intervals: ReadonlyArray<readonly [number, number]>,
): StoredAttendanceRecord {
  const attendanceIntervals = intervals.map(([joined, left]) => ({
    joinDateTime: plus(start, joined * 60),
    leaveDateTime: plus(start, left * 60),
    durationInSeconds: Math.round((left - joined) * 60),
  }));
  return {
    id: seededGuid(`attendance:${key}:${person.address}`),
    emailAddress: person.address,
    role,
    identity: person.identity,
    totalAttendanceInSeconds: attendanceIntervals.reduce((sum, interval) => sum + interval.durationInSeconds, 0),
    attendanceIntervals,
  };
}

/** A few KB standing in for an MP4 (an `ftyp` box, then seeded bytes); its length is what is served. */
function fakeMp4(seed: string, size: number): Uint8Array {
  const bytes = seededBytes(`recording:${seed}`, size);
  bytes.set([
    0,
    0,
    0,
    0x18,
    ...new TextEncoder().encode('ftypmp42'),
    0,
    0,
    0,
    0,
    ...new TextEncoder().encode('isommp42'),
  ]);
  return bytes;
}

interface MeetingSeed {
  key: string;
  organizer: Person;
  subject: string;
  start: string;
  minutes: number;
  calendarBacked: boolean;
  attendees: StoredParticipant[];
  cues?: TranscriptCue[];
  recordings?: Array<Omit<StoredRecording, 'id'>>;
  attendance?: Array<[Person, StoredAttendanceRecord['role'], Array<[number, number]>]>;
}

/**
 * A calendar-backed meeting is first an event on the organizer's calendar (copied to the attendees
 * who are demo users, without invitation mail): its join URL is the meeting's.
 */
function calendarEvent(calendar: CalendarArea, seed: MeetingSeed, people: readonly Person[], end: string): string {
  const local = (iso: string) => ({ dateTime: iso.replace(/\.\d{3}Z$|Z$/, ''), timeZone: 'UTC' });
  const event = calendar.createEvent(
    seed.organizer.identity.id,
    {
      subject: seed.subject,
      start: local(seed.start),
      end: local(end),
      attendees: people.map((person) => ({
        emailAddress: { name: person.name, address: person.address },
        type: 'required',
      })),
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    },
    { notify: false, now: plus(seed.start, -5 * 86_400) },
  );
  return event.joinUrl ?? '';
}

function build(
  directory: Directory,
  calendar: CalendarArea,
  everyone: readonly Person[],
  seed: MeetingSeed,
): StoredOnlineMeeting {
  const end = plus(seed.start, seed.minutes * 60);
  const organizerId = seed.organizer.identity.id;
  const invited = everyone.filter((person) => seed.attendees.some((attendee) => attendee.upn === person.address));
  const joinWebUrl = seed.calendarBacked ? calendarEvent(calendar, seed, invited, end) : undefined;
  const threadId = joinWebUrl ? threadOfJoinUrl(joinWebUrl) : meetingThreadId(seed.key);
  const records = (seed.attendance ?? []).map(([person, role, intervals]) =>
    record(seed.key, person, role, seed.start, intervals),
  );
  return {
    id: onlineMeetingId(organizerId, threadId),
    organizerId,
    subject: seed.subject,
    creationDateTime: plus(seed.start, -5 * 86_400),
    startDateTime: seed.start,
    endDateTime: end,
    joinWebUrl: joinWebUrl ?? joinWebUrlFor(threadId, directory.id, organizerId),
    joinMeetingId: joinMeetingIdFor(seed.key),
    passcode: passcodeFor(seed.key),
    chatThreadId: threadId,
    calendarBacked: seed.calendarBacked,
    lobbyBypassScope: 'organization',
    allowRecording: true,
    allowTranscription: true,
    attendees: seed.attendees,
    transcripts: seed.cues
      ? [
          {
            id: artifactId('transcript', seed.key, 0),
            createdDateTime: plus(seed.start, 45),
            endDateTime: plus(seed.start, Math.ceil((seed.cues.at(-1)?.endMs ?? 0) / 1000) + 5),
            vtt: toVtt(seed.cues, seed.key),
          },
        ]
      : [],
    recordings: (seed.recordings ?? []).map((recording, index) => ({
      ...recording,
      id: artifactId('recording', seed.key, index),
    })),
    attendanceReports:
      records.length > 0
        ? [
            {
              id: seededGuid(`attendance-report:${seed.key}`),
              meetingStartDateTime: plus(seed.start, -120),
              meetingEndDateTime: plus(end, 60),
              totalParticipantCount: records.length,
              records,
            },
          ]
        : [],
  };
}

/** A short stand-up, for a second transcript (cursors of one meeting are refused for another). */
const SYNC_CUES: TranscriptCue[] = [
  ['Adele Vance', 'Morning everyone, quick one today, just the weekly numbers and the holiday staffing.'],
  ['Megan Bowen', 'Sales were up four percent week over week, mostly the accessories wall.'],
  ['Megan Bowen', 'The holiday window displays go in on Monday at the flagship, the rest follow on Wednesday.'],
  ['Alex Wilber', 'Staffing is at ninety percent of plan, we are still hiring for the weekend shifts in Bellevue.'],
  ['Adele Vance', 'Okay, let us keep an eye on Bellevue. Anything else? No? Thanks everyone.'],
].map(([speaker, text], index) => ({
  speaker: speaker!,
  text: text!,
  startMs: 3_000 + index * 9_000,
  endMs: 10_500 + index * 9_000,
}));

export function seedMeetings(directory: Directory, calendar: CalendarArea): StoredOnlineMeeting[] {
  const p = people(directory);
  const everyone = Object.values(p);
  const review = at(3, '17:00:00');
  const sync = at(7, '18:00:00');
  const recordingStart = plus(review, 70);
  return [
    build(directory, calendar, everyone, {
      key: 'mark8-readiness',
      organizer: p.adele!,
      subject: 'Mark 8 launch readiness review',
      start: review,
      minutes: 60,
      calendarBacked: true,
      attendees: [p.megan!, p.alex!, p.nestor!, p.patti!, p.lee!].map((person, i) =>
        participant(person, i < 1 ? 'presenter' : 'attendee'),
      ),
      cues: seededCues('mark8-readiness'),
      recordings: [
        {
          createdDateTime: recordingStart,
          endDateTime: plus(review, 59 * 60 + 40),
          contentType: 'video/mp4',
          content: fakeMp4('mark8-readiness', 4096),
        },
      ],
      attendance: [
        [p.adele!, 'Organizer', [[-2, 61]]],
        [p.megan!, 'Presenter', [[0, 60]]],
        [p.nestor!, 'Presenter', [[1, 60]]],
        [
          p.alex!,
          'Attendee',
          [
            [2, 40],
            [43, 60],
          ],
        ],
        [p.patti!, 'Attendee', [[5, 60]]],
        [p.lee!, 'Attendee', [[0, 59]]],
        [p.dana!, 'Attendee', [[28, 58]]],
      ],
    }),
    build(directory, calendar, everyone, {
      key: 'retail-weekly-sync',
      organizer: p.adele!,
      subject: 'Retail weekly sync: holiday staffing',
      start: sync,
      minutes: 30,
      calendarBacked: true,
      attendees: [participant(p.megan!), participant(p.alex!)],
      cues: SYNC_CUES,
      attendance: [
        [p.adele!, 'Organizer', [[0, 28]]],
        [p.megan!, 'Attendee', [[1, 28]]],
        [p.alex!, 'Attendee', [[3, 28]]],
      ],
    }),
    build(directory, calendar, everyone, {
      key: 'adele-standalone-megan',
      organizer: p.adele!,
      subject: 'Quick call: store window sign-off',
      start: at(2, '21:30:00'),
      minutes: 15,
      calendarBacked: false,
      attendees: [participant(p.megan!)],
    }),
    build(directory, calendar, everyone, {
      key: 'holiday-creative-review',
      organizer: p.megan!,
      subject: 'Holiday campaign creative review',
      start: at(4, '15:00:00'),
      minutes: 45,
      calendarBacked: true,
      attendees: [participant(p.adele!), participant(p.alex!)],
      cues: SYNC_CUES.map((cue) => ({ ...cue, speaker: cue.speaker === 'Adele Vance' ? 'Megan Bowen' : cue.speaker })),
      attendance: [
        [p.megan!, 'Organizer', [[0, 45]]],
        [p.adele!, 'Attendee', [[0, 45]]],
      ],
    }),
  ];
}
