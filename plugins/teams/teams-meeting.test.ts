/**
 * createTeamsMeeting against the emulated tenant: the exact POST /me/events, the meeting on every
 * attendee's calendar with one join URL, invitations delivered, and bad input creating nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolTestSession } from 'm365-mcp-gateway/testing';
import { idsBehind, teamsTestEnvironment } from './test-support';

const { emulator, signIn, callAs } = teamsTestEnvironment();
let adele: ToolTestSession;
beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  emulator.stats.reset();
});

const call = (tool: string, args: Record<string, unknown>) => callAs(adele, tool, args);
const user = (login: string) => emulator.tenant.findUser(login)!;
const meetings = (login: string, subject: string) =>
  emulator.tenant.calendar.events(user(login).id).filter((e) => e.subject === subject);
const meeting = {
  subject: 'Mark 8 launch retro',
  start: '2026-12-08T09:00',
  end: '2026-12-08T09:45',
  attendees: 'MeganB@contoso.com, AlexW@contoso.com',
  body: 'What went well, what did not, what we change for the next launch.',
};

describe('createTeamsMeeting', () => {
  it('posts one event with a Teams meeting in the user’s zone, and returns its join URL', async () => {
    const result = await call('createTeamsMeeting', meeting);
    expect(result.isError, result.text).toBeFalsy();
    expect(emulator.stats.graphRequests).toHaveLength(1);
    const [request] = emulator.stats.graphRequests;
    expect(request).toMatchObject({ method: 'POST', path: '/me/events', search: '' });
    expect(request!.headers.prefer).toBe('outlook.timezone="Pacific Standard Time", IdType="ImmutableId"');
    expect(JSON.parse(request!.body!)).toEqual({
      subject: 'Mark 8 launch retro',
      start: { dateTime: '2026-12-08T09:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2026-12-08T09:45:00', timeZone: 'Pacific Standard Time' },
      body: { contentType: 'text', content: meeting.body },
      attendees: [
        { emailAddress: { address: 'MeganB@contoso.com' }, type: 'required' },
        { emailAddress: { address: 'AlexW@contoso.com' }, type: 'required' },
      ],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    const [event] = meetings('AdeleV@contoso.com', meeting.subject);
    expect(event?.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
    expect(result.text).toBe(
      `Created Teams meeting ${/meeting (e\w+)/.exec(result.text)?.[1]} "Mark 8 launch retro" 2026-12-08 09:00–09:45 ` +
        `(America/Los_Angeles); invited MeganB@contoso.com, AlexW@contoso.com.\nJoin URL: ${event!.joinUrl}`,
    );
    expect(await idsBehind(adele, [/meeting (e\w+)/.exec(result.text)![1]!])).toEqual([event!.id]);
  });

  it('puts the meeting on every attendee’s calendar with the same join URL, and invites them by mail', async () => {
    await call('createTeamsMeeting', meeting);
    const [own] = meetings('AdeleV@contoso.com', meeting.subject);
    for (const login of ['MeganB@contoso.com', 'AlexW@contoso.com']) {
      const [copy] = meetings(login, meeting.subject);
      expect(copy?.joinUrl).toBe(own!.joinUrl);
      expect(emulator.tenant.messages(user(login).id).some((m) => m.subject === meeting.subject)).toBe(true);
    }
  });

  it('takes times in a given zone, IANA or Windows', async () => {
    const result = await call('createTeamsMeeting', { ...meeting, timeZone: 'Europe/London', attendees: undefined });
    expect(result.isError, result.text).toBeFalsy();
    expect(JSON.parse(emulator.stats.graphRequests[0]!.body!).start).toEqual({
      dateTime: '2026-12-08T09:00:00',
      timeZone: 'GMT Standard Time',
    });
    expect(result.text).toContain('2026-12-08 09:00–09:45 (Europe/London).');
  });

  it.each([
    [{ end: '2026-12-08T08:00' }, /^"end" must be after "start"; nothing was created\./],
    [{ timeZone: 'Mars/Olympus' }, /^Unknown time zone "Mars\/Olympus"/],
    [{ start: 'next Tuesday' }, /"start" must be a date and time, e\.g\. 2026-12-08T09:00/],
    [{ attendees: 'megan' }, /"attendees" must be email addresses/],
    [{ subject: '  ' }, /"subject" must not be empty/],
  ])('refuses bad input %#, creating nothing', async (args, error) => {
    const result = await call('createTeamsMeeting', { ...meeting, ...args });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(error);
    expect(emulator.journal).toEqual([]);
  });

  it('a creation whose answer is lost may have happened and is not repeated', async () => {
    emulator.injectFault({ path: '/me/events', method: 'POST', network: 'drop', afterApplying: true });
    const result = await call('createTeamsMeeting', meeting);
    expect(result.text).toMatch(/^createTeamsMeeting may have happened/);
    expect(emulator.stats.graphRequests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(meetings('AdeleV@contoso.com', meeting.subject)).toHaveLength(1);
  });
});
