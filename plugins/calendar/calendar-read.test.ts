/**
 * Reading the calendar: the exact Graph requests (path, query, Prefer) and the results' shape and
 * size on the seeded tenant, in the mailbox's time zone.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ToolTestSession } from 'm365-mcp-gateway/testing';
import plugin from '.';
import { calendarTestEnvironment, handlesIn, queryOf } from './test-support';

const { emulator, registry, callAs, graphCalls, signIn } = calendarTestEnvironment();
const DAY = 86_400_000;
let adele: ToolTestSession;
let megan: ToolTestSession;

beforeEach(async () => {
  emulator.reset();
  adele = await signIn('AdeleV@contoso.com');
  megan = await signIn('MeganB@contoso.com');
  emulator.stats.reset();
});

/** Monday 00:00 UTC of the week after the seed week: a full seeded week ahead. */
const nextWeek = () => Date.parse(`${emulator.tenant.calendar.weekStart}T00:00:00Z`) + 7 * DAY;

describe('tool definitions', () => {
  it('fit the plugin budget: the eight together ≤ 1,400 o200k tokens', () => {
    const tools = registry.listTools();
    expect(tools.map((t) => t.name)).toHaveLength(8);
    const tokens = tools.reduce((sum, tool) => sum + countTokens(JSON.stringify(tool)), 0);
    expect(tokens).toBeLessThanOrEqual(1400);
    expect(plugin.budget?.tokens).toBe(1400);
  });
});

describe('getCalendarEvents', () => {
  it('asks calendarView for the window with the mailbox zone and shows each event once, with handles', async () => {
    const start = new Date(nextWeek()).toISOString().slice(0, 10);
    const result = await callAs(adele, 'getCalendarEvents', { start, days: 7, count: 50 });
    expect(result.isError, result.text).toBeFalsy();
    const [request, ...more] = graphCalls();
    expect(more).toEqual([]);
    expect(request).toMatchObject({ method: 'GET', path: '/me/calendarView' });
    // A bare date is midnight in the mailbox zone (Los Angeles): 08:00 UTC.
    expect(queryOf(request)).toEqual({
      startDateTime: `${start}T08:00:00Z`,
      endDateTime: `${new Date(nextWeek() + 7 * DAY).toISOString().slice(0, 10)}T08:00:00Z`,
      $top: '50',
      $select:
        'id,subject,start,end,isAllDay,location,organizer,isOrganizer,responseStatus,showAs,type,isOnlineMeeting,isCancelled',
      $orderby: 'start/dateTime',
    });
    expect(request?.headers.prefer).toBe('outlook.timezone="Pacific Standard Time", IdType="ImmutableId"');

    const view = emulator.tenant.calendar.calendarView(
      adele.user.id,
      Date.parse(`${start}T08:00:00Z`),
      Date.parse(`${start}T08:00:00Z`) + 7 * DAY,
      { viewZone: 'America/Los_Angeles' },
    );
    expect(result.text).toMatch(new RegExp(`: ${view.length} events \\(times in America/Los_Angeles;`));
    const handles = handlesIn(result.text, 'event');
    expect(handles).toHaveLength(view.length);
    for (const instance of view) expect(result.text).toContain(instance.override?.subject ?? instance.event.subject);
    expect(result.text).not.toContain(view[0]?.id ?? '-');
    // The store-opening walk-through is at 08:30 Los Angeles time on Monday; the summit is all day.
    expect(result.text).toMatch(/Mon \d{4}-\d{2}-\d{2} 08:30–09:00 \| Store opening walk-through/);
    expect(result.text).toMatch(
      /Tue \d{4}-\d{2}-\d{2} – Thu \d{4}-\d{2}-\d{2} all day \| Contoso Retail Leadership Summit/,
    );
    expect(result.text).toContain('<untrusted-content source="calendar">');
  });

  it('ten events of a seeded week take ≤ 700 tokens', async () => {
    const start = new Date(nextWeek()).toISOString();
    const result = await callAs(megan, 'getCalendarEvents', { start, days: 7, count: 10 });
    expect(handlesIn(result.text, 'event')).toHaveLength(10);
    expect(countTokens(result.text)).toBeLessThanOrEqual(700);
  });

  it('pages with a short cursor that repeats the same request shape', async () => {
    const first = await callAs(megan, 'getCalendarEvents', { days: 7, count: 5 });
    const cursor = /cursor "(c[0-9a-z]+)"/.exec(first.text)?.[1];
    expect(cursor).toBeDefined();
    emulator.stats.reset();
    const second = await callAs(megan, 'getCalendarEvents', { cursor });
    expect(second.isError, second.text).toBeFalsy();
    expect(queryOf(graphCalls()[0])).toMatchObject({ $top: '5', $skip: '5' });
    const firstIds = handlesIn(first.text, 'event');
    for (const h of handlesIn(second.text, 'event')) expect(firstIds).not.toContain(h);
  });

  it('filters by words in the subject with $filter', async () => {
    const result = await callAs(megan, 'getCalendarEvents', { days: 14, query: 'stand-up' });
    expect(queryOf(graphCalls()[0]).$filter).toBe("contains(subject,'stand-up')");
    expect(result.text).toContain('Marketing team stand-up');
    expect(result.text).not.toContain('1:1 Megan');
  });

  it.each([
    [{ start: '2026-12-10', end: '2026-12-09' }, /end \(2026-12-09\) is not after start/],
    [{ start: '2026-01-01', end: '2027-02-05' }, /at most 31 days/],
    [{ start: 'next tuesday' }, /ISO 8601/],
  ])('refuses %j without calling Graph', async (args, message) => {
    const result = await callAs(adele, 'getCalendarEvents', args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
    expect(graphCalls()).toEqual([]);
  });
});

describe('getCalendarEvent', () => {
  it('shows attendees with their responses, the join link and the series, in ≤ 500 tokens plus the body', async () => {
    const review = emulator.tenant.calendar.events(megan.user.id).find((e) => e.subject.startsWith('Mark 8 campaign'));
    const result = await callAs(megan, 'getCalendarEvent', { id: review?.id, maxBodyChars: 300 });
    expect(result.isError, result.text).toBeFalsy();
    const [request] = graphCalls();
    expect(request).toMatchObject({ method: 'GET', path: `/me/events/${encodeURIComponent(review?.id ?? '')}` });
    expect(queryOf(request).$select).toContain('attendees');
    expect(request?.headers.prefer).toBe(
      'outlook.timezone="Eastern Standard Time", outlook.body-content-type="text", IdType="ImmutableId"',
    );
    expect(result.text).toContain('Adele Vance <AdeleV@contoso.com>: tentative');
    expect(result.text).toContain('Alex Wilber <AlexW@contoso.com>: accepted');
    expect(result.text).toContain('Nestor Wilke <NestorW@contoso.com> (optional): no answer');
    expect(result.text).toContain(`Teams join: ${review?.joinUrl}`);
    expect(result.text).toContain('\nYou: organizer\n');
    expect(result.text).toMatch(/Series: weekly on thursday from \d{4}-\d{2}-\d{2}, 8 times/);
    expect(result.text).toContain('<untrusted-content source="event description">');
    const body =
      /<untrusted-content source="event description">[\s\S]*<\/untrusted-content>/.exec(result.text)?.[0] ?? '';
    expect(countTokens(result.text) - countTokens(body)).toBeLessThanOrEqual(500);
  });
});

describe('isolation', () => {
  it("another user's event id is not found, with a message naming the id", async () => {
    const adeles = emulator.tenant.calendar.events(adele.user.id).find((e) => e.attendees.length === 0);
    const result = await callAs(megan, 'getCalendarEvent', { id: adeles?.id });
    expect(result.isError).toBe(true);
    expect(graphCalls()[0]?.path).toBe(`/me/events/${encodeURIComponent(adeles?.id ?? '')}`);
    expect(result.text).toMatch(/not found/i);
    expect(result.text).not.toContain(adeles?.subject ?? '-');
  });
});
