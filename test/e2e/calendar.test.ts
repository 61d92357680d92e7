/**
 * The calendar plugin end to end: a real MCP SDK client with OAuth against `wrangler dev` and the
 * emulated tenant (one wrangler dev for the file). Adele meets Megan: invitation, acceptance,
 * free slots for both, cancellation.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { callOk, useDemoGateway } from './demo-gateway';

const demo = useDemoGateway('calendar', ['AdeleV@contoso.com', 'MeganB@contoso.com']);
let adele: Client;
let megan: Client;

beforeAll(() => {
  [adele, megan] = demo.clients as [Client, Client];
});

const tool = callOk;

/** A weekday at least two days ahead, so the whole working day is in the future. */
function workdayAhead(): string {
  const day = new Date(Date.now() + 2 * 86_400_000);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

describe('calendar through a real MCP client', () => {
  it('A invites B, B sees it and the invitation and accepts, A sees it, both-free slots, A cancels', async () => {
    const listed = (await adele.listTools()).tools.map((t) => t.name);
    expect(listed).toEqual(expect.arrayContaining(['getCalendarEvents', 'createCalendarEvent', 'findMeetingTimes']));

    const day = workdayAhead();
    const subject = `Window display sign-off ${Date.now().toString(36)}`;
    const created = await tool(adele, 'createCalendarEvent', {
      subject,
      start: `${day}T13:00`,
      end: `${day}T13:30`,
      attendees: 'MeganB@contoso.com',
      isOnlineMeeting: true,
    });
    expect(created).toContain('Invitations sent to 1 attendee.');
    expect(created).toMatch(/Teams join: https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);

    // Megan is in New York: 13:00 in Los Angeles is 16:00 for her.
    const seen = await tool(megan, 'getCalendarEvents', { start: day, days: 1, query: subject });
    expect(seen).toContain(`16:00–16:30 | ${subject}`);
    expect(seen).toContain('you: not responded');
    const handle = new RegExp(`^- (e\\w+) \\| [^|]+\\| ${subject}`, 'm').exec(seen)?.[1];
    expect(handle).toBeTruthy();
    const invitation = await tool(megan, 'searchEmails', { query: `subject:"${subject}"`, folder: 'inbox' });
    expect(invitation).toContain('AdeleV@contoso.com');

    expect(await tool(megan, 'respondToEvent', { id: handle, response: 'accept' })).toMatch(/^Accepted /);
    const adeleView = await tool(adele, 'getCalendarEvents', { start: day, days: 1, query: subject });
    const adeleHandle = /^- (e\w+) \|/m.exec(adeleView)?.[1];
    const detail = await tool(adele, 'getCalendarEvent', { id: adeleHandle });
    expect(detail).toContain('Megan Bowen <MeganB@contoso.com>: accepted');

    // Over several days: a seeded all-day summit may fill one of them.
    const until = new Date(Date.parse(`${day}T12:00:00Z`) + 5 * 86_400_000).toISOString().slice(0, 10);
    const slots = await tool(adele, 'findMeetingTimes', {
      attendees: ['MeganB@contoso.com'],
      durationMinutes: 30,
      start: `${day}T08:00`,
      end: `${until}T17:00`,
      maxCandidates: 20,
    });
    const found = [...slots.matchAll(/- \w{3} (\S+) (\d{2}:\d{2})–(\d{2}:\d{2})/g)].map((m) => [m[1], m[2], m[3]]);
    expect(found.length, slots).toBeGreaterThan(0);
    expect(found).not.toContainEqual([day, '13:00', '13:30']); // both are in the meeting just made
    const schedule = await tool(adele, 'getSchedule', {
      emails: 'AdeleV@contoso.com, MeganB@contoso.com',
      start: `${day}T00:00`,
      end: `${until}T23:59`,
    });
    const busy = [...schedule.matchAll(/- \w{3} (\S+) (\d{2}:\d{2})–(\d{2}:\d{2}) (?!workingElsewhere)\w+/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
    for (const [date, from, to] of found) {
      const clash = busy.filter(([d, f, t]) => d === date && (f ?? '') < (to ?? '') && (t ?? '') > (from ?? ''));
      expect(clash, `${date} ${from}`).toEqual([]);
    }

    expect(
      await tool(adele, 'cancelCalendarEvent', { id: adeleHandle, comment: 'Signed off by mail instead' }),
    ).toMatch(/^Cancelled .* 1 attendee got the cancellation with your comment\.$/);
    expect(await tool(megan, 'getCalendarEvents', { start: day, days: 1, query: subject })).toMatch(
      /: 0 events: no events\.|: no events\./,
    );
  });
});
