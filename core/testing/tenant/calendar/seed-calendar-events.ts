/**
 * The seeded meetings of Contoso's demo users. Days count from the Monday of the seed week (0 =
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

const ADELE = { name: 'Adele Vance', address: 'AdeleV@contoso.com' };
const MEGAN = { name: 'Megan Bowen', address: 'MeganB@contoso.com' };
const ALEX = { name: 'Alex Wilber', address: 'AlexW@contoso.com' };
const { nestor: NESTOR, patti: PATTI, lee: LEE } = OTHER_COLLEAGUES;
const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

const SIGNATURES = {
  adele: 'Adele Vance | Retail Manager | Contoso Ltd.<br>Bldg 18/2111 · +1 425 555 0109',
  megan: 'Megan Bowen<br>Marketing Manager | Contoso<br>+1 412 555 0109 | MeganB@contoso.com',
  alex: 'Alex Wilber | Marketing Assistant<br>Contoso UK · +44 20 7946 0321',
} as const;

/** An Outlook-style HTML body: paragraphs, then the organizer's signature. */
function body(paragraphs: string[], signer: keyof typeof SIGNATURES): string {
  const ps = paragraphs.map((p) => `<p>${p}</p>`).join('');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div style="font-family:Aptos,Calibri,sans-serif;font-size:11pt">${ps}<p>Thanks,</p><p>${SIGNATURES[signer]}</p></div></body></html>`;
}

export const SEED_EVENTS: readonly SeedEvent[] = [
  {
    organizer: MEGAN.address,
    subject: 'Marketing team stand-up',
    html: body(
      [
        'Daily 15 minutes: yesterday, today, blockers. Keep updates short; anything longer goes to a follow-up.',
        'Board: <a href="https://contoso.sharepoint.com/sites/Marketing/Lists/Mark8Launch">Mark 8 launch tracker</a>',
      ],
      'megan',
    ),
    day: -14,
    start: '09:30',
    end: '09:45',
    online: true,
    reminder: 5,
    attendees: [ALEX, PATTI, { ...LEE, optional: true }],
    responses: { [ALEX.address]: 'accepted' },
    recurrence: { type: 'weekly', days: WEEKDAYS },
    exceptions: [
      { day: 2, move: ['10:30', '10:45'] },
      { day: -3, delete: true },
    ],
    createdDaysBefore: 60,
  },
  {
    organizer: MEGAN.address,
    subject: '1:1 Megan / Alex – weekly check-in',
    html: body(
      [
        'Our standing 1:1. Bring anything you want to talk through: priorities, workload, the Litware agency work, career goals.',
        'Running notes are in our shared OneNote page.',
      ],
      'megan',
    ),
    day: -27,
    start: '11:00',
    end: '11:30',
    online: true,
    attendees: [ALEX],
    responses: { [ALEX.address]: 'accepted' },
    recurrence: { type: 'weekly', days: ['tuesday'] },
    createdDaysBefore: 90,
  },
  {
    organizer: MEGAN.address,
    subject: 'Mark 8 campaign review – creative and media plan',
    html: body(
      [
        'Weekly review of the Mark 8 launch campaign until launch.',
        'Agenda: 1) creative status from Litware 2) media plan and spend to date 3) retail in-store materials (Adele) 4) decisions needed.',
        'Please add your updates to the deck in the Marketing site before Wednesday evening.',
      ],
      'megan',
    ),
    day: -11,
    start: '13:00',
    end: '14:00',
    location: 'Conference Room Rainier (12/1201)',
    online: true,
    attendees: [ADELE, ALEX, PATTI, { ...NESTOR, optional: true }],
    responses: { [ADELE.address]: 'tentativelyAccepted', [ALEX.address]: 'accepted' },
    recurrence: { type: 'weekly', days: ['thursday'], count: 8 },
    createdDaysBefore: 20,
  },
  {
    organizer: ADELE.address,
    subject: 'Retail & Marketing weekly sync',
    html: body(
      [
        'Standing sync between Retail and Marketing: store feedback on campaigns, promotions calendar, stock for featured products.',
        'If you cannot make it, send me your updates beforehand and I will cover them.',
      ],
      'adele',
    ),
    day: -19,
    start: '10:00',
    end: '10:45',
    online: true,
    attendees: [MEGAN, LEE, { ...ALEX, optional: true }],
    responses: { [MEGAN.address]: 'accepted' },
    recurrence: { type: 'weekly', days: ['wednesday'], endDay: 60 },
    createdDaysBefore: 45,
  },
  {
    organizer: MEGAN.address,
    subject: 'Mark 8 launch readiness check-in',
    html: body(
      [
        'Quick daily check-in through launch week and the week after: open risks, approvals waiting, anything blocking the go-live.',
        'Red items first, please. If there is nothing red we finish early.',
      ],
      'megan',
    ),
    day: -5,
    start: '12:00',
    end: '12:15',
    online: true,
    reminder: 5,
    attendees: [ALEX, NESTOR, { ...ADELE, optional: true }],
    responses: { [ALEX.address]: 'accepted', [ADELE.address]: 'declined' },
    recurrence: { type: 'daily', endDay: 16 },
    exceptions: [{ day: 9, move: ['16:00', '16:15'] }],
    createdDaysBefore: 10,
  },
  {
    organizer: ADELE.address,
    subject: "Store managers' call – West region",
    html: body(
      [
        'Twice-weekly call with the West region store managers: weekend trading, staffing, incidents, and anything head office needs to hear.',
        'Dial-in details are in the Teams link below; please join from a quiet spot, not the shop floor.',
      ],
      'adele',
    ),
    day: -21,
    start: '07:30',
    end: '08:15',
    online: true,
    attendees: [NESTOR, LEE, { ...PATTI, optional: true }],
    recurrence: { type: 'weekly', days: ['monday', 'thursday'] },
    createdDaysBefore: 120,
  },
  {
    organizer: ADELE.address,
    subject: 'Inventory and replenishment review',
    html: body(
      [
        'Weekly review of stock levels, open purchase orders and replenishment for the top 50 SKUs.',
        'Lee, please bring the aged-stock report from the Power BI dashboard.',
      ],
      'adele',
    ),
    day: -17,
    start: '14:00',
    end: '15:00',
    location: 'Contoso Store #1024 – Back office',
    attendees: [LEE, NESTOR],
    recurrence: { type: 'weekly', days: ['friday'] },
    createdDaysBefore: 75,
  },
  {
    organizer: ADELE.address,
    subject: 'Store opening walk-through, Bellevue Square',
    html: body(['Opening checklist with the duty manager: floor, tills, displays, safety walk.'], 'adele'),
    day: -14,
    start: '08:30',
    end: '09:00',
    location: 'Contoso Store #1024, Bellevue Square',
    showAs: 'workingElsewhere',
    recurrence: { type: 'weekly', days: WEEKDAYS },
    createdDaysBefore: 40,
  },
  {
    organizer: ADELE.address,
    subject: 'Contoso Retail Leadership Summit – Seattle',
    html: body(
      [
        'Annual summit for store and regional leadership. Registration opens at 8:00 each day.',
        'Hotel confirmation: HRS-55120871. Agenda and slides are in the Retail site.',
      ],
      'adele',
    ),
    day: 8,
    allDay: true,
    days: 3,
    location: 'Hyatt Regency Seattle, 808 Howell St',
    showAs: 'oof',
    createdDaysBefore: 35,
  },
  {
    organizer: ADELE.address,
    subject: 'Dentist appointment – Dr. Patel, Redmond Dental',
    html: body(['Check-up and cleaning. Leave by 15:30.'], 'adele'),
    day: 1,
    start: '16:00',
    end: '17:00',
    location: 'Redmond Dental, 7980 Leary Way NE',
    showAs: 'oof',
    private: true,
    createdDaysBefore: 25,
  },
  {
    organizer: ADELE.address,
    subject: 'Q4 shrinkage review with Loss Prevention',
    html: body(
      [
        'Review of Q4 shrinkage by store, the results of the new self-checkout controls, and the plan for the holiday peak.',
        'Megan, I would like 10 minutes on how the in-store promotions affected shrink at the featured tables.',
      ],
      'adele',
    ),
    day: 3,
    start: '13:00',
    end: '14:00',
    location: 'Conference Room Baker (18/2101)',
    attendees: [NESTOR, LEE, MEGAN],
    responses: { [MEGAN.address]: 'accepted' },
    createdDaysBefore: 12,
  },
  {
    organizer: ADELE.address,
    subject: 'Interview: Assistant Store Manager candidate (Jordan Reyes)',
    html: body(
      [
        'Second-round interview. CV and the first-round notes are attached to the requisition in Workday (REQ-20417).',
        'Lee covers operations questions, Patti the people-management scenarios.',
      ],
      'adele',
    ),
    day: 7,
    start: '11:00',
    end: '12:00',
    location: 'Contoso Store #1024 – Training room',
    attendees: [LEE, PATTI],
    createdDaysBefore: 6,
  },
  {
    organizer: ALEX.address,
    subject: 'Holiday party planning – Marketing & Retail',
    html: body(
      [
        'Let us pick a venue and a date for the joint Marketing and Retail holiday party. Three venues are shortlisted in the attached sheet.',
        'Budget is agreed at £45 per head; we need a headcount by the end of next week.',
      ],
      'alex',
    ),
    day: 9,
    start: '16:00',
    end: '16:45',
    online: true,
    attendees: [ADELE, MEGAN, PATTI],
    responses: { [MEGAN.address]: 'tentativelyAccepted' },
    createdDaysBefore: 3,
  },
  {
    organizer: MEGAN.address,
    subject: 'Partner briefing with Fabrikam GmbH – Mark 8 EU launch',
    html: body(
      [
        'Briefing for Fabrikam on the EU launch timeline, co-marketing funds and the retail kit for German stores.',
        'Katrin will share their distribution plan; Alex will walk through the localised creative.',
      ],
      'megan',
    ),
    day: 3,
    start: '16:00',
    end: '17:00',
    timeZone: 'W. Europe Standard Time',
    online: true,
    attendees: [
      { name: 'Katrin Vogel', address: 'katrin.vogel@fabrikam.de' },
      { name: 'Jonas Becker', address: 'jonas.becker@fabrikam.de' },
      ALEX,
    ],
    responses: { [ALEX.address]: 'accepted' },
    createdDaysBefore: 9,
  },
  {
    organizer: ALEX.address,
    subject: 'Annual leave',
    html: body(['Out of office. Megan is covering anything urgent on the Mark 8 launch.'], 'alex'),
    day: 11,
    allDay: true,
    showAs: 'oof',
    createdDaysBefore: 30,
  },
  {
    organizer: ALEX.address,
    subject: 'Agency review: Litware creative concepts for Mark 8',
    html: body(
      [
        'Litware present the three creative routes for the Mark 8 launch. We choose one route to take into production.',
        'Please read the brief again before the session; I have printed copies for the room.',
      ],
      'alex',
    ),
    day: 2,
    start: '14:00',
    end: '15:30',
    location: 'Litware London studio, 20 Garrick St',
    attendees: [{ name: 'Daniel Ortiz', address: 'dortiz@litwareinc.com' }, MEGAN],
    responses: { [MEGAN.address]: 'accepted' },
    createdDaysBefore: 14,
  },
  {
    organizer: MEGAN.address,
    subject: 'Lunch with Patti – Q1 planning',
    html: body(['Informal lunch to talk through Q1 priorities and the events calendar.'], 'megan'),
    day: 4,
    start: '12:30',
    end: '13:30',
    location: 'Café Lumen, 4th Ave',
    attendees: [PATTI],
    createdDaysBefore: 5,
  },
  {
    organizer: MEGAN.address,
    subject: 'Mark 8 launch media budget sign-off',
    html: body(
      [
        'Final sign-off on the launch media budget before the purchase orders go out. The proposal is in the Budget folder (v7).',
        'Adele, I need your confirmation on the in-store share of the spend.',
      ],
      'megan',
    ),
    day: 7,
    start: '15:00',
    end: '15:30',
    online: true,
    attendees: [ADELE, ALEX, NESTOR],
    responses: { [ADELE.address]: 'accepted' },
    createdDaysBefore: 4,
  },
  {
    organizer: ALEX.address,
    subject: 'UK press list review with the PR agency',
    html: body(['Go through the UK press list and the embargo plan for the launch announcement.'], 'alex'),
    day: 4,
    start: '10:00',
    end: '11:00',
    online: true,
    attendees: [{ name: 'Hannah Clarke', address: 'hannah.clarke@brightpr.co.uk' }, PATTI],
    createdDaysBefore: 7,
  },
  {
    organizer: MEGAN.address,
    subject: 'Trade show travel: Mark 8 at Retail Expo Boston',
    html: body(['Booth setup the first evening, show floor the next day. Flights and hotel are in Concur.'], 'megan'),
    day: 10,
    start: '15:00',
    end: '18:00',
    endDayOffset: 1,
    location: 'Boston Convention and Exhibition Center',
    showAs: 'oof',
    createdDaysBefore: 21,
  },
];
