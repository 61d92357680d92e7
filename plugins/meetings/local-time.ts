/** Local wall-clock times in an IANA zone to UTC, for times given without an offset. */

function offsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - utcMs) / 60_000);
}

/**
 * The instant an ISO date-time names: with an offset (or `Z`) as given; without one, as wall-clock
 * time in `timeZone` (UTC when unknown). NaN when it is not a date-time.
 *
 * @example
 * toInstant('2026-12-01T10:00', 'America/New_York'); // Date.parse('2026-12-01T15:00:00Z')
 */
export function toInstant(iso: string, timeZone?: string): number {
  const text = iso.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) return Number.NaN;
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return Date.parse(text);
  const wall = Date.parse(`${text}Z`);
  if (!timeZone) return wall;
  try {
    const first = wall - offsetMinutes(wall, timeZone) * 60_000;
    return wall - offsetMinutes(first, timeZone) * 60_000;
  } catch {
    return wall;
  }
}
