/** The pure parts of the meetings plugin: join-URL normalisation, VTT compaction, page cutting. */
import { describe, expect, it } from 'vitest';
import { normaliseJoinUrl } from './join-url';
import { pageOf } from './transcript-pages';
import { compactTranscript, parseVtt, stamp } from './vtt';

const STORED =
  'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NWM2NTJh%40thread.v2/0?context=%7b%22Tid%22%3a%22t-1%22%2c%22Oid%22%3a%22o-2%22%7d';

describe('normaliseJoinUrl', () => {
  it('turns the decoded form into the stored one, and leaves the stored one as it is', () => {
    expect(normaliseJoinUrl(decodeURIComponent(STORED))).toEqual({ joinWebUrl: STORED });
    expect(normaliseJoinUrl(STORED)).toEqual({ joinWebUrl: STORED });
    expect(normaliseJoinUrl(`  ${STORED}\n`)).toEqual({ joinWebUrl: STORED });
  });

  it('refuses what is not a meetup-join link with a Tid/Oid context', () => {
    for (const pasted of [
      'not a url',
      'http://teams.microsoft.com/l/meetup-join/19%3ameeting_a%40thread.v2/0?context=%7b%7d',
      STORED.replace('%22Oid', '%22Xid'),
    ]) {
      expect(normaliseJoinUrl(pasted)).toHaveProperty('problem');
    }
  });
});

describe('VTT to compact lines', () => {
  const vtt = [
    'WEBVTT',
    '',
    'a1/10-0',
    '00:00:04.000 --> 00:00:06.000',
    '<v Adele Vance>Hi all.</v>',
    '',
    'a1/11-0',
    '00:00:06.500 --> 00:00:08.000',
    '<v Adele Vance>Let us start &amp; be quick.</v>',
    '',
    'a1/12-0',
    '00:00:09.000 --> 00:00:10.000',
    '<v Megan Bowen>Sure &lt;3</v>',
    '',
    'a1/13-0',
    '00:03:30.000 --> 00:03:32.000',
    '<v Megan Bowen>Still me.</v>',
    '',
    'a1/14-0',
    '01:02:03.000 --> 01:02:04.000',
    'no voice tag',
  ].join('\n');

  it('merges a speaker’s cues, times each change of speaker and a turn every few minutes', () => {
    expect(compactTranscript(parseVtt(vtt))).toBe(
      [
        '[0:04] Adele Vance: Hi all. Let us start & be quick.',
        '[0:09] Megan Bowen: Sure <3',
        '[3:30] Megan Bowen: Still me.',
        '[1:02:03] Unknown speaker: no voice tag',
      ].join('\n'),
    );
    expect(stamp(59)).toBe('[0:59]');
  });
});

describe('pageOf', () => {
  it('cuts at a line break in reach, else at a space, and the pages rejoin exactly', () => {
    const text = 'alpha beta\ngamma delta epsilon\nzeta';
    const pages: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const { page, next } = pageOf(text, offset, 12);
      pages.push(page);
      expect(page.length).toBeLessThanOrEqual(12);
      offset = next;
    }
    expect(pages).toEqual(['alpha beta', 'gamma delta', 'epsilon\nzeta']);
    expect(pageOf(text, 0, 100)).toEqual({ page: text });
  });
});
