import * as v from 'valibot';
import { defineTool, fenceUntrusted, oneLine } from 'm365-mcp-gateway/plugin';
import { whenOf } from '../format';
import { int, isoTime, people } from '../schemas';
import { listWindow, localOf, mailboxZone, preferZone } from '../times';

type GraphTime = { dateTime: string; timeZone: string };
interface Schedule {
  scheduleId?: string;
  availabilityView?: string;
  scheduleItems?: Array<{ status?: string; subject?: string; isPrivate?: boolean; start?: GraphTime; end?: GraphTime }>;
  error?: { message?: string };
}

export const getSchedule = defineTool({
  name: 'getSchedule',
  title: 'Free/busy',
  description: 'Busy times of people (default: next 24 h) and when all are free.',
  input: v.strictObject({
    emails: people('Addresses'),
    start: v.optional(isoTime('From (default now)')),
    end: v.optional(isoTime('Until (default +24 h)')),
    intervalMinutes: v.optional(int(5, 1440, 'Grain'), 30),
  }),
  scopes: ['Calendars.Read'],
  annotations: { readOnlyHint: true },
  async run(args, ctx) {
    const zone = mailboxZone(ctx);
    const prefer = preferZone(zone);
    const { from, to } = listWindow({ start: args.start, end: args.end, days: 1 }, zone, 31);
    const result = (await ctx.graph
      .api('/me/calendar/getSchedule')
      .header('Prefer', `outlook.timezone="${prefer}"`)
      .post({
        schedules: args.emails.map((p) => p.address),
        startTime: { dateTime: localOf(from, zone), timeZone: prefer },
        endTime: { dateTime: localOf(to, zone), timeZone: prefer },
        availabilityViewInterval: args.intervalMinutes,
      })) as { value?: Schedule[] };
    const schedules = result.value ?? [];
    const blocks = schedules.map((s) => {
      if (s.error) return `${s.scheduleId}: free/busy not available (${oneLine(s.error.message ?? 'unknown', 120)})`;
      const items = (s.scheduleItems ?? []).map(
        (i) =>
          `- ${whenOf({ start: i.start ?? null, end: i.end ?? null, isAllDay: false })} ${i.status}${i.subject ? `: ${oneLine(i.subject, 60)}` : ''}`,
      );
      return `${s.scheduleId}: ${items.length ? `busy ${items.length}×\n${items.join('\n')}` : 'free throughout'}`;
    });
    const free = allFree(schedules, from, args.intervalMinutes, zone);
    const freeText = free.length ? free.map((f) => `- ${f}`).join('\n') : '- none';
    return `Free/busy ${localOf(from, zone).slice(0, 16).replace('T', ' ')} to ${localOf(to, zone).slice(0, 16).replace('T', ' ')} (times in ${zone}):\n${fenceUntrusted(blocks.join('\n'), 'calendars')}\nFree for all (${args.intervalMinutes}-min grain, 08:00–18:00 Mon–Fri):\n${freeText}`;
  },
});

/** Stretches where every available schedule's view is free ('0'), within weekday daytime in `zone`. */
function allFree(schedules: Schedule[], from: number, interval: number, zone: string): string[] {
  const views = schedules.map((s) => s.availabilityView ?? '').filter((view) => view.length > 0);
  if (views.length === 0) return [];
  const length = Math.min(...views.map((view) => view.length));
  const out: string[] = [];
  let runStart: number | undefined;
  const flush = (end: number) => {
    if (runStart === undefined) return;
    const start = localOf(runStart, zone);
    const stop = localOf(end, zone);
    out.push(
      whenOf({ start: { dateTime: start, timeZone: zone }, end: { dateTime: stop, timeZone: zone }, isAllDay: false }),
    );
    runStart = undefined;
  };
  for (let i = 0; i < length; i++) {
    const t = from + i * interval * 60_000;
    const local = localOf(t, zone);
    const weekday = new Date(`${local.slice(0, 10)}T12:00:00Z`).getUTCDay();
    const daytime = weekday >= 1 && weekday <= 5 && local.slice(11, 16) >= '08:00' && local.slice(11, 16) < '18:00';
    if (daytime && views.every((view) => view[i] === '0')) runStart ??= t;
    else flush(t);
  }
  flush(from + length * interval * 60_000);
  return out;
}
