import { describe, expect, it } from 'vitest';
import { isToolError } from './errors';
import {
  findTimeZone,
  graphDateTimeToInstant,
  localTimeIn,
  resolveTimeZone,
  toGraphDateTime,
  zonedTimeToInstant,
} from './time-zones';

describe('resolveTimeZone', () => {
  it('accepts IANA and Windows names in any case, under both names', () => {
    expect(resolveTimeZone('Pacific Standard Time')).toEqual({
      iana: 'America/Los_Angeles',
      windows: 'Pacific Standard Time',
    });
    expect(resolveTimeZone('europe/berlin')).toEqual({ iana: 'Europe/Berlin', windows: 'W. Europe Standard Time' });
    expect(resolveTimeZone('w. europe standard time').iana).toBe('Europe/Berlin');
    expect(resolveTimeZone('Tokyo Standard Time').iana).toBe('Asia/Tokyo');
    expect(resolveTimeZone('UTC')).toEqual({ iana: 'UTC', windows: 'UTC' });
  });

  it('refuses an unknown zone with a message naming it and showing good ones', () => {
    let caught: unknown;
    try {
      resolveTimeZone('Mars/Olympus');
    } catch (error) {
      caught = error;
    }
    expect(isToolError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /^Unknown time zone "Mars\/Olympus"\. Use an IANA name such as "Europe\/Berlin"/,
    );
    expect(findTimeZone('Pacific Standard')).toBeUndefined();
    expect(findTimeZone('')).toBeUndefined();
  });
});

describe('zone-aware conversion', () => {
  it('reads a time without offset as wall-clock time in the zone, never UTC', () => {
    expect(toGraphDateTime('2026-12-08T09:00', 'America/Los_Angeles')).toEqual({
      dateTime: '2026-12-08T09:00:00',
      timeZone: 'Pacific Standard Time',
    });
    expect(zonedTimeToInstant('2026-12-08T09:00', 'America/Los_Angeles').toISOString()).toBe(
      '2026-12-08T17:00:00.000Z',
    );
  });

  it('converts a time with an offset into the zone', () => {
    expect(toGraphDateTime('2026-12-08T17:00:00Z', 'Europe/Berlin')).toEqual({
      dateTime: '2026-12-08T18:00:00',
      timeZone: 'W. Europe Standard Time',
    });
    expect(toGraphDateTime('2026-12-08T09:00:00-08:00', 'Eastern Standard Time').dateTime).toBe('2026-12-08T12:00:00');
  });

  it('is right on both sides of the March and November changes', () => {
    expect(zonedTimeToInstant('2027-03-13T09:00', 'Pacific Standard Time').toISOString()).toBe(
      '2027-03-13T17:00:00.000Z',
    );
    expect(zonedTimeToInstant('2027-03-15T09:00', 'Pacific Standard Time').toISOString()).toBe(
      '2027-03-15T16:00:00.000Z',
    );
    expect(zonedTimeToInstant('2027-03-29T09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(zonedTimeToInstant('2027-03-26T09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-26T08:00:00.000Z');
    // A skipped time moves forward by the gap; a repeated one is its first occurrence.
    expect(zonedTimeToInstant('2027-03-14T02:30', 'America/Los_Angeles').toISOString()).toBe(
      '2027-03-14T10:30:00.000Z',
    );
    expect(zonedTimeToInstant('2026-11-01T01:30', 'America/Los_Angeles').toISOString()).toBe(
      '2026-11-01T08:30:00.000Z',
    );
  });

  it('shows an instant in a zone and reads Graph times with seven fractional digits', () => {
    expect(localTimeIn(new Date('2027-07-01T16:00:00Z'), 'W. Europe Standard Time')).toBe('2027-07-01T18:00:00');
    expect(
      graphDateTimeToInstant({
        dateTime: '2026-12-08T09:00:00.0000000',
        timeZone: 'Pacific Standard Time',
      }).toISOString(),
    ).toBe('2026-12-08T17:00:00.000Z');
  });

  it('refuses a malformed or impossible time', () => {
    expect(() => toGraphDateTime('tomorrow 9am', 'UTC')).toThrow(/is not a date-time/);
    expect(() => toGraphDateTime('2027-02-29T09:00', 'UTC')).toThrow(/is not a date-time/);
    expect(() => toGraphDateTime('2027-02-01T24:00', 'UTC')).toThrow(/is not a date-time/);
  });
});
