/** The demo users' chats: two 1:1 chats and a group chat, in Teams' HTML, times in hours before the anchor. */
import type { SeedPost, SeedUser } from './seed-helpers';

export interface SeedChat {
  key: string;
  chatType: 'oneOnOne' | 'group';
  topic: string | null;
  members: readonly SeedUser[];
  createdHoursAgo: number;
  messages: readonly (SeedPost & { from: SeedUser })[];
}

export const SEED_CHATS: readonly SeedChat[] = [
  {
    key: 'adele-megan',
    chatType: 'oneOnOne',
    topic: null,
    members: ['adele', 'megan'],
    createdHoursAgo: 900,
    messages: [
      { from: 'megan', hoursAgo: 75, html: '<p>Hi Adele, do you have 10 minutes today for the store list?</p>' },
      { from: 'adele', hoursAgo: 74.5, html: '<p>Sure, after 2. Calling you then.</p>' },
      {
        from: 'megan',
        hoursAgo: 28,
        html: '<p>Thanks for the call. Sending the updated flagship list, can you check the Portland address? The lease moved to the new mall.</p>',
        files: ['Flagship stores.xlsx'],
      },
      { from: 'adele', hoursAgo: 27, html: '<p>Fixed it, it is the Lloyd Center location now.</p>' },
    ],
  },
  {
    key: 'adele-alex',
    chatType: 'oneOnOne',
    topic: null,
    members: ['adele', 'alex'],
    createdHoursAgo: 700,
    messages: [
      {
        from: 'alex',
        hoursAgo: 50,
        html: '<p>Adele, could two stores record a short clip for the launch social posts? 20–30 seconds, phone video is fine.</p>',
      },
      {
        from: 'adele',
        hoursAgo: 46,
        html: "<p>Bellevue and Redmond said yes. I will send you the store managers' names.</p>",
        reactions: [['like', 'alex']],
      },
    ],
  },
  {
    key: 'launch-crew',
    chatType: 'group',
    topic: 'Mark 8 launch crew',
    members: ['megan', 'adele', 'alex'],
    createdHoursAgo: 400,
    messages: [
      {
        from: 'megan',
        hoursAgo: 36,
        html: '<p>Quick one: launch party venue is booked for Jan 15, 18:00. <at id="0">Alex Wilber</at> can you handle invites?</p>',
        mentions: ['alex'],
      },
      { from: 'alex', hoursAgo: 35, html: '<p>On it. Guest list by Friday.</p>' },
      {
        from: 'adele',
        hoursAgo: 12,
        html: '<p>Can we invite the six flagship store managers too? They did a lot of the heavy lifting this month.</p>',
        reactions: [['heart', 'megan']],
      },
    ],
  },
];
