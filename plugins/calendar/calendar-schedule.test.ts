/**
 * Scheduling: findMeetingTimes and getSchedule answer "when are Megan and I both free" in one call,
 * from the seeded free/busy, in the user's zone; findMeetingTimes is for work or school accounts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createToolTestSession, type ToolTestSession } from 'm365-mcp-gateway/testing';
import plugin from '.';
import { calendarTestEnvironment } from './test-support';

const { emulator, registry, callAs, graphCalls, signIn } = calendarTestEnvironment();
const DAY = 86_400_000;
let adele: ToolTestSession;

beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  emulator.stats.reset();
});

/** Monday of the week after the seed week, as a date. */
const nextMonday = () =>
  new Date(Date.parse(`${emulator.tenant.calendar.weekStart}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10);

describe('findMeetingTimes', () => {
  it('POSTs the attendees and window in the mailbox zone and lists only slots both are free', async () => {
    const day = nextMonday();
    const result = await callAs(adele, 'findMeetingTimes', {
      attendees: 'MeganB@contoso.com',
      durationMinutes: 60,
      start: `${day}T08:00`,
      end: `${day}T17:00`,
      maxCandidates: 10,
    });
    expect(result.isError, result.text).toBeFalsy();
    const [post] = graphCalls();
    expect(post).toMatchObject({ method: 'POST', path: '/me/findMeetingTimes' });
    expect(post?.headers.prefer).toBe('outlook.timezone="Pacific Standard Time", IdType="ImmutableId"');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      attendees: [{ type: 'required', emailAddress: { address: 'MeganB@contoso.com' } }],
      timeConstraint: {
        activityDomain: 'work',
        timeSlots: [
          {
            start: { dateTime: `${day}T08:00:00`, timeZone: 'Pacific Standard Time' },
            end: { dateTime: `${day}T17:00:00`, timeZone: 'Pacific Standard Time' },
          },
        ],
      },
      meetingDuration: 'PT60M',
      maxCandidates: 10,
      isOrganizerOptional: false,
      returnSuggestionReasons: true,
      minimumAttendeePercentage: 100,
    });
    const slots = [...result.text.matchAll(/- \w{3} (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})–(\d{2}:\d{2})/g)];
    expect(slots.length).toBeGreaterThan(0);
    const tenant = emulator.tenant;
    const busyOf = (who: string) =>
      tenant.calendar.freeBusy(who, Date.parse(`${day}T00:00:00Z`), Date.parse(`${day}T00:00:00Z`) + 2 * DAY) ?? [];
    const busy = [...busyOf('AdeleV@contoso.com'), ...busyOf('MeganB@contoso.com')];
    for (const [, date, from, to] of slots) {
      // Los Angeles is UTC-8 in winter: the slot's instants.
      const startMs = Date.parse(`${date}T${from}:00-08:00`);
      const endMs = Date.parse(`${date}T${to}:00-08:00`);
      expect(busy.filter((b) => b.status !== 'workingElsewhere' && b.startMs < endMs && b.endMs > startMs)).toEqual([]);
    }
    // Adele's 08:30 store walk-through and Megan's 09:30 ET stand-up (06:30 PT) rule out 08:30; 11:00 PT is Adele's interview.
    expect(result.text).not.toMatch(/ 08:30–09:30/);
    expect(result.text).not.toMatch(/ 11:00–12:00/);
    expect(result.text).toContain('(times in America/Los_Angeles)');
  });

  it('is for work or school accounts only', () => {
    expect(plugin.tools.find((t) => t.name === 'findMeetingTimes')?.accounts).toBe('work');
    expect(registry.listTools().some((t) => t.name === 'findMeetingTimes')).toBe(true);
  });

  it('names the permission when the sign-in lacks Calendars.Read.Shared', async () => {
    const narrow = await createToolTestSession({
      emulator,
      user: 'AdeleV@contoso.com',
      scopes: ['Calendars.ReadWrite'],
    });
    const result = await callAs(narrow, 'findMeetingTimes', { attendees: ['MeganB@contoso.com'] });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('Calendars.Read.Shared');
  });
});

describe('getSchedule', () => {
  it('POSTs the schedules and shows busy times and when all are free, in the mailbox zone', async () => {
    const day = nextMonday();
    const result = await callAs(adele, 'getSchedule', {
      emails: ['AdeleV@contoso.com', 'MeganB@contoso.com', 'someone@fabrikam.com'],
      start: `${day}T08:00`,
      end: `${day}T18:00`,
    });
    expect(result.isError, result.text).toBeFalsy();
    const [post] = graphCalls();
    expect(post).toMatchObject({ method: 'POST', path: '/me/calendar/getSchedule' });
    expect(JSON.parse(post?.body ?? '{}')).toEqual({
      schedules: ['AdeleV@contoso.com', 'MeganB@contoso.com', 'someone@fabrikam.com'],
      startTime: { dateTime: `${day}T08:00:00`, timeZone: 'Pacific Standard Time' },
      endTime: { dateTime: `${day}T18:00:00`, timeZone: 'Pacific Standard Time' },
      availabilityViewInterval: 30,
    });
    expect(result.text).toContain(`Mon ${day} 08:30–09:00 workingElsewhere: Store opening walk-through`);
    // Megan's 15:00 ET budget sign-off is 12:00 PT for Adele.
    expect(result.text).toContain(`Mon ${day} 12:00–12:30 busy: Mark 8 launch media budget sign-off`);
    expect(result.text).toMatch(/someone@fabrikam\.com: free\/busy not available/);
    const free = result.text.slice(result.text.indexOf('Free for all'));
    expect(free).not.toContain('08:30');
    expect(free).toContain(`- Mon ${day} 09:30–11:00\n- Mon ${day} 12:30–18:00`);
  });
});
