/**
 * Argument schemas shared by the calendar tools. Every field is described (the model sees it), but
 * briefly: tools/list is paid for on every session. Rules JSON Schema cannot say (a zone that
 * exists, a time that parses) are checked at call time with a message that says what to send.
 */
import * as v from 'valibot';
import { findTimeZone, graphIdOrHandle } from 'm365-mcp-gateway/plugin';

/** An event (or one occurrence of a series) as a calendar tool showed it: handle or full Graph id. */
export const eventId = graphIdOrHandle('event');

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A date or date-time as ISO 8601; without an offset it is read in the event's (or mailbox's) zone. */
export const isoTime = (description: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.check(
      (value) => ISO.test(value),
      'must be ISO 8601, e.g. "2026-12-08T09:00" (in the time zone) or "2026-12-08T17:00:00Z"',
    ),
    v.description(description),
  );

/** An IANA or Windows zone name; an unknown one is refused before anything is sent. */
export const timeZone = v.pipe(
  v.string(),
  v.trim(),
  v.check(
    (zone) => findTimeZone(zone) !== undefined,
    (issue) =>
      `unknown time zone "${String(issue.input)}": use an IANA name such as "Europe/Berlin" or a Windows name such as "W. Europe Standard Time"`,
  ),
  v.description('IANA/Windows zone'),
);

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** `Name <address>` or a bare address → the address; anything else is returned as is (and refused). */
function addressOf(entry: string): string {
  return (/<([^<>]+)>\s*$/.exec(entry)?.[1] ?? entry).trim();
}

/** People by address: a comma list (the original tools' form) or an array; `Name <address>` is fine too. */
export const people = (description: string) =>
  v.pipe(
    // Published without a type (a union costs ~20 tokens on every tools/list); checked here instead.
    v.unknown(),
    v.description(description),
    v.check(
      (value) => typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string')),
      'must be an address, a comma-separated list of addresses or an array of them',
    ),
    v.transform((value) =>
      (Array.isArray(value) ? (value as string[]).flatMap((item) => item.split(/[,;]/)) : String(value).split(/[,;]/))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    ),
    v.maxLength(500, 'must name at most 500 people'),
    v.check(
      (list) => list.every((entry) => ADDRESS.test(addressOf(entry))),
      (issue) => {
        const bad = (issue.input as string[]).filter((entry) => !ADDRESS.test(addressOf(entry)));
        return `must be email addresses, e.g. "megan@contoso.com" (not valid: ${bad.map((b) => JSON.stringify(b)).join(', ')})`;
      },
    ),
    v.transform((list) =>
      list.map((entry) => {
        const name = /^(.*?)\s*<[^<>]+>\s*$/.exec(entry)?.[1]?.replace(/^"|"$/g, '').trim();
        return { address: addressOf(entry), ...(name ? { name } : {}) };
      }),
    ),
  );

export type Person = { address: string; name?: string };

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
type Day = (typeof DAYS)[number];

/** A whole number in a range; the bounds are checked at call time, not published (tokens). */
export const int = (min: number, max: number, description: string) =>
  v.pipe(
    v.number(),
    v.integer(),
    v.check((n) => n >= min && n <= max, `must be from ${min} to ${max}`),
    v.description(description),
  );

/** A recurrence as people say it; turned into Graph's patternedRecurrence by compose.ts. */
export const recurrence = v.pipe(
  v.strictObject({
    frequency: v.pipe(v.picklist(['daily', 'weekly', 'monthly', 'yearly'])),
    interval: v.optional(int(1, 99, 'Every N')),
    daysOfWeek: v.optional(
      v.pipe(
        v.array(v.string()),
        v.check(
          (days) => days.length > 0 && days.every((d) => (DAYS as readonly string[]).includes(d.toLowerCase())),
          `must list days such as ["monday", "thursday"] (${DAYS.join(', ')})`,
        ),
        v.description('Weekly days'),
        v.transform((days) => days.map((d) => d.toLowerCase() as Day)),
      ),
    ),
    until: v.optional(
      v.pipe(
        v.string(),
        v.check((d) => /^\d{4}-\d{2}-\d{2}$/.test(d), 'must be a date, e.g. 2027-03-31'),
        v.description('Last date'),
      ),
    ),
    count: v.optional(int(1, 999, 'Times')),
  }),
  v.check(
    (r) => r.until === undefined || r.count === undefined,
    'give either until or count, not both (neither: no end)',
  ),
  v.description('Repeat'),
);

export type RecurrenceInput = v.InferOutput<typeof recurrence>;

/** Optional text with a limit enforced at call time (publishing it would cost tokens on every tools/list). */
export const text = (limit: number, description?: string) => {
  const limited = v.pipe(
    v.string(),
    v.check((value: string) => value.length <= limit, `must be at most ${limit} characters`),
  );
  return v.optional(description === undefined ? limited : v.pipe(limited, v.description(description)));
};

const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere'] as const;

/** Published as a string (the enum costs tokens twice over); the values are named in the description. */
export const showAs = v.pipe(
  v.string(),
  v.description('free, busy, tentative, oof…'),
  v.check((value) => (SHOW_AS as readonly string[]).includes(value), `must be one of ${SHOW_AS.join(', ')}`),
  v.transform((value) => value as (typeof SHOW_AS)[number]),
);
