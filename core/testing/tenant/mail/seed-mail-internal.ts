/** Seeded conversations between Contoso colleagues (copies land in every demo mailbox involved). */
import { ADELE, ALEX, LEE, MEGAN, NESTOR, PATTI, body, csv, pdf, signature, txt, type SeedMail } from './seed-helpers';

export const INTERNAL_MAIL: SeedMail[] = [
  // Mark 8 launch: a thread across all three mailboxes, filed by Alex under Projects/Mark 8 Launch.
  {
    thread: 'mark8-timeline',
    subject: 'Mark 8 launch — campaign timeline',
    from: MEGAN,
    to: [ALEX],
    cc: [ADELE],
    daysAgo: 41,
    time: '14:05',
    importance: 'high',
    categories: ['Mark 8'],
    fileAs: { [ALEX.address]: 'projectChild' },
    attachments: [
      csv('mark8-timeline.csv', [
        ['milestone', 'owner', 'due'],
        ['Creative brief final', 'Alex', '2026-10-30'],
        ['Retail training deck', 'Adele', '2026-11-06'],
        ['Launch email', 'Megan', '2026-11-20'],
        ['In-store displays live', 'Adele', '2026-12-01'],
      ]),
    ],
    html:
      body(
        'Hi Alex,',
        'Attached is the working timeline for the Mark 8 launch. The dates for the creative brief and the launch email are firm; the retail pieces depend on the distribution centre schedule Adele is confirming.',
        'Can you own the creative brief and have a first draft to me by <b>October 30</b>?',
      ) + signature(MEGAN, 'Marketing Manager'),
  },
  {
    thread: 'mark8-timeline',
    subject: 'RE: Mark 8 launch — campaign timeline',
    from: ALEX,
    to: [MEGAN],
    cc: [ADELE],
    daysAgo: 40,
    time: '09:32',
    categories: ['Mark 8'],
    fileAs: { [ALEX.address]: 'projectChild' },
    html:
      body(
        'Megan,',
        'Yes, I can own the brief. Two questions before I start:',
        '- Are we still positioning Mark 8 against the Fabrikam X2, or leading with battery life?',
        '- Do we have budget for a video cut, or stills only?',
        'I will block time on Thursday for the first draft.',
      ) + signature(ALEX),
  },
  {
    thread: 'mark8-timeline',
    subject: 'RE: Mark 8 launch — campaign timeline',
    from: ADELE,
    to: [MEGAN, ALEX],
    daysAgo: 39,
    time: '17:48',
    categories: ['Mark 8'],
    fileAs: { [ALEX.address]: 'projectChild' },
    html:
      body(
        'Distribution confirmed the shipment lands on November 24, so in-store displays can go live on December 1 as planned.',
        'For the retail training deck I need the final product photos by November 3 at the latest.',
      ) + signature(ADELE, 'Retail Manager'),
  },
  {
    thread: 'mark8-brief',
    subject: 'Mark 8 creative brief — draft for review',
    from: ALEX,
    to: [MEGAN],
    daysAgo: 29,
    time: '15:20',
    categories: ['Mark 8'],
    flag: 'flagged',
    fileAs: { [ALEX.address]: 'projectChild' },
    attachments: [pdf('Mark8-creative-brief-v1.pdf', 'Mark 8 creative brief - draft v1 - Contoso Marketing')],
    html:
      body(
        'Hi Megan,',
        'Here is the first draft of the creative brief. I went with battery life as the lead message and kept the Fabrikam comparison to a single line in the proof points.',
        'Looking for feedback on the tone of the headline options on page 1.',
      ) + signature(ALEX),
  },
  {
    thread: 'mark8-brief',
    subject: 'RE: Mark 8 creative brief — draft for review',
    from: MEGAN,
    to: [ALEX],
    daysAgo: 28,
    time: '11:02',
    categories: ['Mark 8'],
    fileAs: { [ALEX.address]: 'projectChild' },
    html:
      body(
        'Nice work, Alex. Headline option B is the strongest. Please:',
        '- cut the comparison line entirely (legal flagged it),',
        '- add the trade-in offer to the proof points,',
        '- send v2 by Monday so I can share it with Patti for the press release.',
      ) + signature(MEGAN),
  },
  // Retail sales review with a CSV attachment.
  {
    thread: 'q4-sales',
    subject: 'Q4 retail sales review — numbers for Thursday',
    from: ADELE,
    to: [MEGAN],
    cc: [NESTOR],
    daysAgo: 21,
    time: '16:40',
    categories: ['Finance'],
    flag: 'flagged',
    attachments: [
      csv('q4-store-sales.csv', [
        ['store', 'region', 'oct_sales_usd', 'nov_mtd_usd', 'yoy_pct'],
        ['Seattle Downtown', 'West', 412300, 288150, 6.2],
        ['Bellevue Square', 'West', 398020, 301440, 9.8],
        ['Portland Pearl', 'West', 214870, 150230, -2.1],
        ['Denver Union', 'Central', 187400, 140980, 3.4],
      ]),
    ],
    html:
      body(
        'Megan,',
        'Here are the store numbers for Thursday’s review. Bellevue is ahead of plan thanks to the back-to-school bundle; Portland is down 2.1% year over year, mostly foot traffic.',
        'Could marketing look at a local promotion for Portland in December?',
      ) + signature(ADELE, 'Retail Manager'),
  },
  {
    thread: 'q4-sales',
    subject: 'RE: Q4 retail sales review — numbers for Thursday',
    from: MEGAN,
    to: [ADELE],
    cc: [NESTOR],
    daysAgo: 20,
    time: '13:15',
    categories: ['Finance'],
    html:
      body(
        'Thanks Adele. A Portland promotion is doable: we have about $15,000 left in the regional co-op budget.',
        'I will bring two options to Thursday’s review — a weekend in-store event or a targeted email to loyalty members within 20 miles.',
      ) + signature(MEGAN),
  },
  {
    thread: 'store-budget',
    subject: 'Approval needed: Bellevue store refresh budget',
    from: ADELE,
    to: [NESTOR],
    cc: [MEGAN],
    daysAgo: 14,
    time: '18:22',
    importance: 'high',
    attachments: [pdf('Bellevue-refresh-quote.pdf', 'Quote 7731 - Bellevue store refresh - USD 48,600')],
    html:
      body(
        'Hi Nestor,',
        'The contractor quote for the Bellevue refresh came in at <b>$48,600</b>, about 8% over the estimate, because the lighting rework now includes the stockroom.',
        'I need your approval by <b>Friday</b> to hold the January installation slot. Quote attached.',
      ) + signature(ADELE, 'Retail Manager'),
  },
  // Weekly sync follow-up: meeting notes with action items.
  {
    thread: 'weekly-sync-1',
    subject: 'Follow-up: weekly marketing sync (action items)',
    from: MEGAN,
    to: [ALEX, ADELE],
    daysAgo: 34,
    time: '19:10',
    html:
      body(
        'Thanks everyone for the sync today. Action items:',
        '- <b>Alex</b>: update the social calendar with the Mark 8 teasers (due Wednesday).',
        '- <b>Adele</b>: share store traffic data for October.',
        '- <b>Megan</b>: confirm the agency contract renewal with procurement.',
        'Next sync is Tuesday at 10:00 Pacific.',
      ) + signature(MEGAN, 'Marketing Manager'),
  },
  {
    thread: 'weekly-sync-2',
    subject: 'Follow-up: weekly marketing sync — Nov 17',
    from: MEGAN,
    to: [ALEX, ADELE],
    daysAgo: 10,
    time: '18:45',
    attachments: [
      txt(
        'sync-notes-2026-11-17.txt',
        'Weekly marketing sync - 17 Nov 2026\n\nAttendees: Megan, Alex, Adele\n\n1. Mark 8 launch email approved, send date Nov 20.\n2. Holiday promo creative: second round of feedback due Nov 21.\n3. Portland loyalty email: Adele to provide the customer segment.\n',
      ),
    ],
    html:
      body(
        'Notes from today are attached. The big decision: the Mark 8 launch email goes out on <b>November 20</b>.',
        'Adele, can you send the Portland loyalty segment by Friday?',
      ) + signature(MEGAN),
  },
  // Holiday promo creative thread (3 messages).
  {
    thread: 'holiday-creative',
    subject: 'Holiday promo creative — feedback needed',
    from: ALEX,
    to: [MEGAN],
    cc: [ADELE],
    daysAgo: 12,
    time: '10:30',
    categories: ['Holiday'],
    attachments: [pdf('holiday-promo-concepts.pdf', 'Holiday promo - three concepts - Contoso')],
    html:
      body(
        'Hi both,',
        'Three concepts for the holiday promo are attached: <i>Give Brighter</i>, <i>Unwrap More</i> and <i>Home for the Holidays</i>.',
        'I need feedback by Friday to hand off to the agency. Adele — which would work best for in-store signage?',
      ) + signature(ALEX),
  },
  {
    thread: 'holiday-creative',
    subject: 'RE: Holiday promo creative — feedback needed',
    from: ADELE,
    to: [ALEX],
    cc: [MEGAN],
    daysAgo: 11,
    time: '22:05',
    categories: ['Holiday'],
    html:
      body(
        '<i>Unwrap More</i> reads best from across a store. <i>Give Brighter</i> needs too much explanation on a 2-metre banner.',
        'Please keep the price callouts big; our research shows shoppers look for them first.',
      ) + signature(ADELE),
  },
  {
    thread: 'holiday-creative',
    subject: 'RE: Holiday promo creative — feedback needed',
    from: MEGAN,
    to: [ALEX],
    cc: [ADELE],
    daysAgo: 9,
    time: '15:55',
    categories: ['Holiday'],
    flag: 'flagged',
    html:
      body(
        'Agree with Adele — let’s go with <i>Unwrap More</i>. Alex, please brief the agency today and ask for the final files by <b>December 2</b>.',
      ) + signature(MEGAN),
  },
  {
    thread: 'expense-seattle',
    subject: 'Expense report — Seattle store visit',
    from: ALEX,
    to: [MEGAN],
    daysAgo: 17,
    time: '08:50',
    attachments: [
      pdf('receipt-hotel-seattle.pdf', 'Hotel receipt - 2 nights - USD 412.80'),
      csv('expenses-seattle.csv', [
        ['date', 'category', 'amount_usd'],
        ['2026-11-03', 'Hotel', 412.8],
        ['2026-11-03', 'Taxi', 38.5],
        ['2026-11-04', 'Meals', 61.2],
      ]),
    ],
    html:
      body(
        'Hi Megan,',
        'Submitting my expenses from the Seattle store visit: $512.50 in total. Receipts attached. Could you approve in the expense tool when you have a moment?',
      ) + signature(ALEX),
  },
  {
    thread: 'expense-seattle',
    subject: 'RE: Expense report — Seattle store visit',
    from: MEGAN,
    to: [ALEX],
    daysAgo: 16,
    time: '12:14',
    html:
      body(
        'Approved. For next time, meals over $50 a day need an itemised receipt — the total slip is fine this once.',
      ) + signature(MEGAN),
  },
  {
    thread: 'team-lunch',
    subject: 'Team lunch Friday?',
    from: ADELE,
    to: [MEGAN, ALEX],
    daysAgo: 6,
    time: '17:30',
    html:
      body(
        'Friday looks quiet after the launch. Lunch at the Thai place on 4th at 12:30? I’ll book for five if Nestor and Patti are in.',
      ) + signature(ADELE),
  },
  {
    thread: 'team-lunch',
    subject: 'RE: Team lunch Friday?',
    from: MEGAN,
    to: [ADELE, ALEX],
    daysAgo: 6,
    time: '18:02',
    html: body('I’m in! 12:30 works.'),
  },
  {
    thread: 'team-lunch',
    subject: 'RE: Team lunch Friday?',
    from: ALEX,
    to: [ADELE, MEGAN],
    daysAgo: 5,
    time: '08:11',
    html: body('Count me in — I’ll be dialling in from London for the morning, but I’m in Redmond on Friday.'),
  },
  {
    thread: 'escalation-4c',
    subject: 'Customer escalation: Fourth Coffee order #48213',
    from: ADELE,
    to: [ALEX],
    cc: [LEE],
    daysAgo: 3,
    time: '20:40',
    importance: 'high',
    flag: 'flagged',
    unread: true,
    html:
      body(
        'Alex,',
        'Fourth Coffee received 40 Mark 8 units with the old packaging for their staff programme. They want replacements before their December 5 rollout.',
        'Can marketing send 40 of the new sleeves to the Bellevue store? Lee is arranging the swap on our side.',
      ) + signature(ADELE, 'Retail Manager'),
  },
  {
    thread: 'offsite',
    subject: 'Marketing offsite — agenda draft',
    from: MEGAN,
    to: [ADELE, ALEX],
    daysAgo: 24,
    time: '16:16',
    fileAs: { [ADELE.address]: 'archive' },
    attachments: [
      txt(
        'offsite-agenda.txt',
        'Marketing offsite - agenda (draft)\n09:00 Welcome and FY27 goals\n10:30 Customer research readout\n13:00 Channel strategy workshop\n15:30 Budget priorities\n16:30 Wrap-up\n',
      ),
    ],
    html:
      body('Draft agenda for the offsite on December 10 is attached. Please suggest changes by next Wednesday.') +
      signature(MEGAN),
  },
  {
    thread: 'press-release',
    subject: 'Press release: Mark 8 availability — final review',
    from: PATTI,
    to: [MEGAN],
    cc: [ALEX],
    daysAgo: 13,
    time: '21:03',
    categories: ['Mark 8'],
    fileAs: { [ALEX.address]: 'projects' },
    attachments: [pdf('Mark8-press-release-final.pdf', 'FOR IMMEDIATE RELEASE - Contoso Mark 8 available December 1')],
    html: `${body(
      'Hi Megan,',
      'Final draft of the press release is attached. Legal has signed off. I need your OK by 3pm Eastern tomorrow to make the wire schedule.',
    )}<p>Patti Fernandez<br>Director, Communications</p>`,
  },
  {
    thread: 'analytics-oct',
    subject: 'Website analytics — October summary',
    from: LEE,
    to: [MEGAN, ALEX],
    daysAgo: 25,
    time: '13:37',
    fileAs: { [MEGAN.address]: 'archive' },
    attachments: [
      csv('web-analytics-2026-10.csv', [
        ['channel', 'sessions', 'conversion_pct'],
        ['organic', 182340, 2.4],
        ['paid search', 96410, 3.1],
        ['email', 40120, 4.8],
        ['social', 55200, 1.2],
      ]),
    ],
    html: `${body(
      'October numbers are in. Email remains our best-converting channel at 4.8%. Paid search sessions are up 12% after the keyword cleanup.',
    )}<p>Lee Gu<br>Director, Analytics</p>`,
  },
  {
    thread: 'ooo-alex',
    subject: 'Out of office Dec 14–18',
    from: ALEX,
    to: [MEGAN],
    daysAgo: 2,
    time: '10:05',
    unread: true,
    html:
      body(
        'Heads-up: I’m out December 14–18. The agency hand-off for the holiday creative will be done before then; the Mark 8 social calendar is scheduled through the 20th.',
      ) + signature(ALEX),
  },
  {
    thread: 'security-training',
    subject: 'Reminder: complete annual security awareness training by Nov 30',
    from: { name: 'Contoso IT Helpdesk', address: 'it-helpdesk@contoso.com' },
    to: [ADELE, MEGAN, ALEX],
    daysAgo: 4,
    time: '15:00',
    importance: 'high',
    unread: true,
    html: body(
      'Our records show you have not yet completed the 2026 security awareness training.',
      'The course takes about 25 minutes. Complete it on the <a href="https://learning.contoso.com/security-2026">learning portal</a> by <b>November 30</b>.',
      'Questions? Reply to this message or call extension 4357.',
    ),
  },
  {
    thread: 'all-hands',
    subject: 'All hands: Q4 priorities and holiday schedule',
    from: { name: 'Contoso Communications', address: 'comms@contoso.com' },
    to: [ADELE, MEGAN, ALEX],
    daysAgo: 33,
    time: '16:00',
    fileAs: { [MEGAN.address]: 'deleteditems' },
    html: body(
      'Our Q4 all-hands is on November 5 at 9:00 Pacific in the Redmond auditorium and on Teams.',
      '- Q4 priorities: Mark 8 launch, holiday retail readiness, customer satisfaction.',
      '- Holiday schedule: offices close December 24 and reopen January 2.',
      'Submit questions in advance through the all-hands form.',
    ),
  },
  // Drafts (only in the sender's Drafts).
  {
    thread: 'draft-portland',
    subject: 'Portland loyalty email — segment',
    from: ADELE,
    to: [MEGAN],
    daysAgo: 1,
    time: '23:10',
    draft: true,
    html: body(
      'Megan, the Portland segment is loyalty members within 20 miles of the Pearl store who bought in the last 18 months — about 4,200 people. Still checking the opt-out list.',
    ),
  },
  {
    thread: 'draft-agency',
    subject: 'Holiday creative — final hand-off',
    from: ALEX,
    to: [{ name: 'Studio Relay', address: 'accounts@studiorelay.example' }],
    daysAgo: 0,
    time: '11:45',
    draft: true,
    html: body(
      'Hello team, please find the approved concept direction (Unwrap More) and the price callout requirements below.',
    ),
  },
];
