/**
 * The Teams plugin end to end: real MCP SDK clients with OAuth against `wrangler dev` and the
 * emulated tenant (one wrangler dev for the file). Two demo users post in a channel and chat.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalGateway } from '../../scripts/local-gateway';
import { callOk, useDemoGateway } from './demo-gateway';

const demo = useDemoGateway('teams', ['AdeleV@contoso.com', 'MeganB@contoso.com']);
let gateway: LocalGateway;
let adele: Client;
let megan: Client;

beforeAll(() => {
  ({ gateway } = demo);
  [adele, megan] = demo.clients as [Client, Client];
});

const tool = callOk;

describe('Teams through a real MCP client', () => {
  it('lists the Teams tools by default', async () => {
    const { tools } = await adele.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'listTeams',
        'getChannelMessages',
        'sendTeamsMessage',
        'listChats',
        'getChatMessages',
        'sendChatMessage',
      ]),
    );
  });

  it('posts in a channel by display names, and replies in the thread', async () => {
    const message = `Run of show v2 is in Files (${Date.now().toString(36)}).`;
    const posted = await tool(adele, 'sendTeamsMessage', {
      teamId: 'Mark 8 Project Team',
      channelId: 'Launch',
      message,
    });
    const post = /as post (p\w+)/.exec(posted)?.[1];
    expect(post).toBeTruthy();
    const replied = await tool(adele, 'sendTeamsMessage', {
      teamId: 'Mark 8 Project Team',
      channelId: 'Launch',
      message: 'Megan, can you review it by Friday?',
      replyToMessageId: post,
    });
    expect(replied).toMatch(new RegExp(`^Replied in the thread of post ${post} `));

    // The emulated tenant runs in this process: the reply sits in the post's thread, seen by the whole team.
    const tenant = gateway.emulator!.tenant;
    const launch = tenant.teams
      .joinedTeams(tenant.findUser('MeganB@contoso.com')!.id)
      .find((t) => t.displayName === 'Mark 8 Project Team')!
      .channels.find((c) => c.displayName === 'Launch')!;
    const thread = launch.messages.find((m) => m.body?.content === message)!;
    expect(thread.replies.map((r) => r.body?.content)).toEqual(['Megan, can you review it by Friday?']);
  });

  it('sends a chat to another user by address, who then reads it', async () => {
    const note = `Can you check the Portland address again? (${Date.now().toString(36)})`;
    const sent = await tool(adele, 'sendChatMessage', { to: 'MeganB@contoso.com', message: note });
    expect(sent).toMatch(/^Sent in your 1:1 chat c\w+ with meganb@contoso.com\.$/);
    const read = await tool(megan, 'getChatMessages', { chat: 'Adele Vance', count: 5 });
    expect(read).toContain(`Adele Vance\n  ${note}`);
  });

  it('creates a Teams meeting that is on both calendars with the same join URL', async () => {
    const subject = `Launch retro ${Date.now().toString(36)}`;
    const created = await tool(adele, 'createTeamsMeeting', {
      subject,
      start: '2026-12-08T09:00',
      end: '2026-12-08T09:30',
      timeZone: 'America/Los_Angeles',
      attendees: ['MeganB@contoso.com'],
    });
    const joinUrl = /Join URL: (\S+)/.exec(created)?.[1];
    expect(joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    const calendar = gateway.emulator!.tenant.calendar;
    for (const login of ['AdeleV@contoso.com', 'MeganB@contoso.com']) {
      const userId = gateway.emulator!.tenant.findUser(login)!.id;
      expect(
        calendar
          .events(userId)
          .filter((e) => e.subject === subject)
          .map((e) => e.joinUrl),
      ).toEqual([joinUrl]);
    }
  });
});
