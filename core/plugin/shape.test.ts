import { describe, expect, it } from 'vitest';
import { capText, compactDate, oneLine } from './shape';

describe('capText', () => {
  it('returns short text unchanged', () => {
    expect(capText('short', 10)).toBe('short');
    expect(capText('exactly10!', 10)).toBe('exactly10!');
  });

  it('cuts at a word boundary and counts what was left out', () => {
    const text = 'The quarterly numbers are in and they look good';
    const capped = capText(text, 20);
    expect(capped).toBe('The quarterly… [34 more characters]');
    expect(capped.startsWith(text.slice(0, 13))).toBe(true);
    expect(text.length - 'The quarterly'.length).toBe(34);
  });

  it('cuts hard when the nearest space would waste most of the budget', () => {
    expect(capText('a verylongwordwithoutanyspaces', 10)).toBe('a verylong… [20 more characters]');
  });

  it('never splits an emoji in half', () => {
    const capped = capText('abcdefghi😀 tail', 10);
    expect(capped).toBe('abcdefghi… [7 more characters]');
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('oneLine', () => {
  it('collapses whitespace and newlines', () => {
    expect(oneLine('  Re:  Budget\n\n\treview  ')).toBe('Re: Budget review');
  });

  it('cuts to max characters at a word boundary with an ellipsis', () => {
    expect(oneLine('Re:  Budget\n\n  review', 12)).toBe('Re: Budget…');
    expect(oneLine('Re: Budget review', 17)).toBe('Re: Budget review');
    expect(oneLine('Re: Budget review', 12).length).toBeLessThanOrEqual(12);
  });
});

describe('compactDate', () => {
  it('formats in the given time zone', () => {
    expect(compactDate('2026-11-27T08:14:00Z', 'Europe/Berlin')).toBe('2026-11-27 09:14');
    expect(compactDate('2026-07-01T23:30:00Z', 'America/New_York')).toBe('2026-07-01 19:30');
    expect(compactDate('2026-11-27T00:05:00+01:00', 'Asia/Tokyo')).toBe('2026-11-27 08:05');
  });

  it('falls back to UTC marked Z without a zone or with an unknown one', () => {
    expect(compactDate('2026-11-27T08:14:00Z')).toBe('2026-11-27 08:14Z');
    expect(compactDate('2026-11-27T08:14:00Z', 'Mars/Olympus_Mons')).toBe('2026-11-27 08:14Z');
  });

  it("reads Graph's offset-less dateTime as UTC", () => {
    expect(compactDate('2026-11-27T08:14:00.0000000', 'Europe/Berlin')).toBe('2026-11-27 09:14');
  });

  it('uses 00, not 24, for midnight and leaves non-dates and plain dates alone', () => {
    expect(compactDate('2026-11-27T23:00:00Z', 'Europe/Berlin')).toBe('2026-11-28 00:00');
    expect(compactDate('not a date')).toBe('not a date');
    expect(compactDate('2026-11-27', 'Europe/Berlin')).toBe('2026-11-27');
  });
});
