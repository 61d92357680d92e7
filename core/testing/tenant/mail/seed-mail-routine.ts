/** Recurring and short everyday mail: reports, notices and quick questions, generated from small tables. */
import { ADELE, ALEX, MEGAN, body, signature, type SeedAddress, type SeedMail } from './seed-helpers';

const REPORTS: SeedAddress = { name: 'Contoso Retail Reporting', address: 'retail-reports@contoso.com' };
const SOCIAL: SeedAddress = { name: 'Contoso Social Analytics', address: 'social-analytics@contoso.com' };
const IT: SeedAddress = { name: 'Contoso IT Service Notices', address: 'it-notices@contoso.com' };

const STORES = ['Seattle Downtown', 'Bellevue Square', 'Portland Pearl', 'Denver Union'] as const;

/** Weekly sales flash to Adele: numbers derived from the week index so each issue differs. */
const salesFlash: SeedMail[] = Array.from({ length: 8 }, (_, w) => {
  const rows = STORES.map(
    (s, i) => [s, 61_000 + ((w * 7919 + i * 104_729) % 38_000), ((w * 3 + i * 5) % 17) - 6] as const,
  );
  const total = rows.reduce((n, r) => n + r[1], 0);
  return {
    thread: `sales-flash-${w}`,
    subject: `Weekly sales flash — week ${40 + w}`,
    from: REPORTS,
    to: [ADELE],
    daysAgo: 57 - w * 7,
    time: '13:00',
    categories: w % 3 === 0 ? ['Finance'] : [],
    html:
      `<p>Weekly sales flash for week ${40 + w}. Total across West and Central stores: <b>$${total.toLocaleString('en-US')}</b>.</p>` +
      `<table border="1" cellpadding="4"><tr><th>Store</th><th>Sales (USD)</th><th>vs. plan</th></tr>${rows
        .map(
          ([s, v, d]) =>
            `<tr><td>${s}</td><td>${v.toLocaleString('en-US')}</td><td>${d >= 0 ? '+' : ''}${d}%</td></tr>`,
        )
        .join('')}</table><p>This report is generated automatically. Do not reply.</p>`,
  };
});

const PLATFORMS = ['LinkedIn', 'Instagram', 'X', 'YouTube'] as const;
const socialReports: SeedMail[] = [MEGAN, ALEX].flatMap((to, u) =>
  Array.from({ length: 6 }, (_, w) => {
    const top = PLATFORMS[(w + u) % PLATFORMS.length] ?? 'LinkedIn';
    const reach = 120_000 + ((w * 15_485 + u * 7_331) % 90_000);
    return {
      thread: `social-${u}-${w}`,
      subject: `Social weekly: reach ${Math.round(reach / 1000)}k, top channel ${top}`,
      from: SOCIAL,
      to: [to],
      daysAgo: 53 - w * 9 + u,
      time: '08:30',
      importance: 'low' as const,
      html: body(
        `Total reach this week: <b>${reach.toLocaleString('en-US')}</b>. Best performing channel: <b>${top}</b>.`,
        `- Engagement rate: ${(2 + ((w + u) % 5) * 0.4).toFixed(1)}%`,
        `- New followers: ${300 + ((w * 97 + u * 53) % 700)}`,
        'Open the social dashboard for post-level details.',
      ),
    };
  }),
);

const notices: SeedMail[] = [
  [
    'Planned maintenance: VPN gateway, Saturday 02:00–04:00 UTC',
    44,
    'The VPN gateway will be unavailable during the window. Web mail and Teams are not affected.',
  ],
  [
    'Resolved: Teams meeting join delays',
    18,
    'The issue that delayed joining Teams meetings on Tuesday morning has been resolved. No action is needed.',
  ],
].map(([subject, daysAgo, text], i) => ({
  thread: `it-notice-${i}`,
  subject: String(subject),
  from: IT,
  to: [ADELE, MEGAN, ALEX],
  daysAgo: Number(daysAgo),
  time: '17:00',
  html: body(String(text), 'Contoso IT'),
}));

const quick: SeedMail[] = [
  {
    thread: 'q-photos',
    subject: 'Mark 8 product photos?',
    from: ADELE,
    to: [ALEX],
    daysAgo: 36,
    time: '21:14',
    html:
      body('Hi Alex, do you have the final Mark 8 product photos yet? I need them for the retail training deck.') +
      signature(ADELE),
  },
  {
    thread: 'q-photos',
    subject: 'RE: Mark 8 product photos?',
    from: ALEX,
    to: [ADELE],
    daysAgo: 35,
    time: '08:02',
    html:
      body(
        'They are in the Marketing site under Assets/Mark 8/Final. The lifestyle shots will be there by Wednesday.',
      ) + signature(ALEX),
  },
  {
    thread: 'q-coop',
    subject: 'Co-op budget remaining',
    from: MEGAN,
    to: [ADELE],
    daysAgo: 22,
    time: '14:48',
    html:
      body('Adele, quick one: how much of the West region co-op budget have the stores committed for December?') +
      signature(MEGAN),
  },
  {
    thread: 'q-coop',
    subject: 'RE: Co-op budget remaining',
    from: ADELE,
    to: [MEGAN],
    daysAgo: 22,
    time: '19:30',
    html: body('About $22,000 committed of $37,000, so roughly $15,000 is still free.') + signature(ADELE),
  },
  {
    thread: 'q-bio',
    subject: 'Can you proofread my speaker bio?',
    from: MEGAN,
    to: [ALEX],
    daysAgo: 13,
    time: '15:05',
    html:
      body(
        'Alex, could you proofread this before I send it to the summit team?',
        '<i>Megan Bowen leads marketing at Contoso, where she has launched more than a dozen consumer devices…</i>',
      ) + signature(MEGAN),
  },
  {
    thread: 'q-bio',
    subject: 'RE: Can you proofread my speaker bio?',
    from: ALEX,
    to: [MEGAN],
    daysAgo: 12,
    time: '09:20',
    html:
      body('Looks great. One nit: “more than a dozen” → “over twelve” reads cleaner at 60 words.') + signature(ALEX),
  },
  {
    thread: 'q-sleeves',
    subject: 'RE: Customer escalation: Fourth Coffee order #48213',
    from: ALEX,
    to: [ADELE],
    daysAgo: 2,
    time: '09:41',
    html:
      body('40 sleeves are on their way to Bellevue, arriving Monday. Tracking: 1Z 999 AA1 01 2345 6784.') +
      signature(ALEX),
  },
];

export const ROUTINE_MAIL: SeedMail[] = [...salesFlash, ...socialReports, ...notices, ...quick];
