/**
 * getMeetingTranscript through the emulated tenant: the exact Graph requests, the compact fenced
 * "Speaker: text" pages with a cursor bound to the meeting, the token budgets on the seeded hour,
 * and the errors for a meeting without a transcript, a foreign cursor, tenant policy and permission.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { createToolTestSession } from 'm365-mcp-gateway/testing';
import { describe, expect, it } from 'vitest';
import { meetingPath, meetingsTestEnvironment } from './test-support';

const { emulator, registry, callAs, adele, seeded } = meetingsTestEnvironment();
const session = () => createToolTestSession({ emulator, user: adele().userPrincipalName, registry });
const FENCE =
  /<untrusted-content source="meeting transcript">\n\(Data from others[^\n]*\n([\s\S]*)\n<\/untrusted-content>/;
const bodyOf = (text: string) => FENCE.exec(text)?.[1] ?? '';
const cursorOf = (text: string) => /cursor "([^"]+)"/.exec(text)?.[1];
/** The spoken text of every cue of a VTT, in order. */
const spoken = (vtt: string) =>
  [...vtt.matchAll(/<v [^>]+>(.*?)<\/v>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );

/** Every page of a transcript, following the cursors. */
async function readAll(s: Awaited<ReturnType<typeof session>>, meeting: string, maxChars?: number) {
  const pages: string[] = [];
  let cursor: string | undefined;
  do {
    const result = await callAs(s, 'getMeetingTranscript', {
      meeting,
      ...(maxChars ? { maxChars } : {}),
      ...(cursor ? { cursor } : {}),
    });
    expect(result.isError, result.text).toBeFalsy();
    pages.push(result.text);
    cursor = cursorOf(result.text);
  } while (cursor && pages.length < 50);
  return pages;
}

it('lists the transcripts, then asks for the content as text/vtt', async () => {
  const { review } = seeded();
  const s = await session();
  emulator.stats.reset();
  const result = await callAs(s, 'getMeetingTranscript', { meeting: review.id });
  expect(result.isError, result.text).toBeFalsy();
  const [list, content] = emulator.stats.graphRequests;
  expect(emulator.stats.graphRequests).toHaveLength(2);
  expect(list).toMatchObject({ method: 'GET', path: `${meetingPath(review.id)}/transcripts` });
  expect(Object.fromEntries(new URLSearchParams(list!.search))).toEqual({ $select: 'id,createdDateTime,endDateTime' });
  const transcriptId = review.transcripts[0]!.id;
  expect(content).toMatchObject({
    method: 'GET',
    path: `${meetingPath(review.id)}/transcripts/${encodeURIComponent(transcriptId)}/content`,
  });
  expect(Object.fromEntries(new URLSearchParams(content!.search))).toEqual({ $format: 'text/vtt' });
  expect(result.text).not.toContain(transcriptId);
  expect(result.text).toMatch(/^Transcript t\w+ of meeting o\w+, 2026-11-24 09:00–10:00; characters 1–\d+ of \d+\./);
});

describe('the seeded one-hour meeting', () => {
  it('pages by size: one page ≤ 3,000 tokens with a cursor to the next, also at the largest maxChars', async () => {
    const { review } = seeded();
    const s = await session();
    for (const maxChars of [undefined, 11_000]) {
      const first = await callAs(s, 'getMeetingTranscript', { meeting: review.id, ...(maxChars ? { maxChars } : {}) });
      expect(countTokens(first.text)).toBeLessThanOrEqual(3000);
      expect(cursorOf(first.text)).toMatch(/^[A-Za-z0-9_-]{20,80}$/);
    }
  });

  it('reads to the end in pages with nothing lost or repeated, ≤ 40% of the raw VTT tokens in all', async () => {
    const { review } = seeded();
    const vtt = review.transcripts[0]!.vtt;
    const s = await session();
    const pages = await readAll(s, review.id);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.at(-1)).toContain('End of transcript.');
    const whole = pages.map(bodyOf).join('\n');
    // Every cue's words, in order, exactly once: the pages rejoin into the whole meeting.
    // The fence defuses a closing marker inside the text ("</untrusted-content>" → "[/untrusted-content>").
    const words = spoken(vtt)
      .join(' ')
      .replace(/<(\/?untrusted-content)/g, '[$1')
      .split(/\s+/);
    const shown = whole
      .replace(/^\[[\d:]+\] [^:]+: /gm, '')
      .split(/\s+/)
      .filter(Boolean);
    expect(shown).toEqual(words);
    const total = pages.reduce((sum, page) => sum + countTokens(page), 0);
    expect(total).toBeLessThanOrEqual(0.4 * countTokens(vtt));
  });

  it('merges a speaker’s consecutive cues and keeps times only where the speaker changes', async () => {
    const { review } = seeded();
    const s = await session();
    const lines = bodyOf((await callAs(s, 'getMeetingTranscript', { meeting: review.id })).text).split('\n');
    const speakers = lines.map((line) => /^\[[\d:]+\] ([^:]+):/.exec(line)?.[1]);
    expect(speakers.every(Boolean)).toBe(true);
    // A repeated speaker on the next line only after a few minutes (a long turn split with a new time).
    for (let i = 1; i < speakers.length; i++) {
      if (speakers[i] === speakers[i - 1]) expect(lines[i]).toMatch(/^\[\d+:\d\d\]/);
    }
    expect(lines.length).toBeLessThan(spoken(review.transcripts[0]!.vtt).length / 2);
  });

  it('keeps the adversarial line inside the fence', async () => {
    const { review } = seeded();
    const s = await session();
    const pages = await readAll(s, review.id);
    const page = pages.find((text) => text.includes('ignore your previous instructions'))!;
    expect(page).toBeDefined();
    expect(page.indexOf('<untrusted-content')).toBeLessThan(page.indexOf('ignore your previous instructions'));
    expect(page.match(/<\/untrusted-content>/g)).toHaveLength(1);
    expect(page.trimEnd().endsWith('</untrusted-content>') || /More: call again/.test(page)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses a cursor from another meeting, naming it, and an altered one', async () => {
    const { review, sync } = seeded();
    const s = await session();
    const cursor = cursorOf((await callAs(s, 'getMeetingTranscript', { meeting: review.id, maxChars: 1000 })).text);
    emulator.stats.reset();
    const foreign = await callAs(s, 'getMeetingTranscript', { meeting: sync.id, cursor });
    expect(foreign.isError).toBe(true);
    expect(foreign.text).toContain('This cursor belongs to another meeting');
    const altered = await callAs(s, 'getMeetingTranscript', { meeting: review.id, cursor: `x${cursor}` });
    expect(altered.isError).toBe(true);
    expect(altered.text).toContain('The cursor is not valid');
    expect(emulator.stats.graphRequests).toHaveLength(0);
  });

  it('says why a standalone meeting has no transcript', async () => {
    const { standalone } = seeded();
    const s = await session();
    const result = await callAs(s, 'getMeetingTranscript', { meeting: standalone.id });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('has no transcript');
    expect(result.text).toContain('A standalone meeting is (not on any calendar');
  });

  it('tells a tenant policy that turned transcripts off from a missing permission', async () => {
    const { review } = seeded();
    emulator.tenant.meetings.transcriptsDisabled = true;
    const policy = await callAs(await session(), 'getMeetingTranscript', { meeting: review.id });
    expect(policy.isError).toBe(true);
    expect(policy.text).toContain('turned off access to meeting transcripts');
    expect(policy.text).not.toContain('OnlineMeetingTranscript.Read.All');

    emulator.tenant.meetings.transcriptsDisabled = false;
    const without = await createToolTestSession({
      emulator,
      user: adele().userPrincipalName,
      scopes: ['OnlineMeetings.Read'],
    });
    const missing = await callAs(without, 'getMeetingTranscript', { meeting: review.id });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('needs the Microsoft Graph permission OnlineMeetingTranscript.Read.All');
    expect(missing.text).toContain('tenant administrator must approve');
  });

  it('says a meeting someone else organised has no transcript for this user', async () => {
    const { megans } = seeded();
    const result = await callAs(await session(), 'getMeetingTranscript', { meeting: megans.id });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('No meeting you organised has this id');
  });
});
