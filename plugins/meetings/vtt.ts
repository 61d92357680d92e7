/**
 * A Teams WebVTT transcript as compact "Speaker: text" lines: a speaker's consecutive cues are merged
 * into one line, and a line carries its time (`[12:34]`) only when the speaker changes or every few
 * minutes of one speaker, so the cue ids and timing lines (most of a VTT's size) are gone.
 */

export interface Cue {
  startSeconds: number;
  speaker: string;
  text: string;
}

/** The character references WebVTT cue text uses (`&amp;` last, so `&amp;lt;` stays `&lt;`). */
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', nbsp: ' ', amp: '&' };

/** A speaker's turn gets a new line (and time) after this long without one. */
const RESTAMP_SECONDS = 180;

function seconds(timestamp: string): number {
  const parts = timestamp.split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * The cues of a WebVTT document (Teams writes `<v Speaker>text</v>`; a cue without a voice tag is
 * kept, with an unknown speaker).
 *
 * @example
 * parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Adele Vance>Hello.</v>\n');
 * // [{ startSeconds: 1, speaker: 'Adele Vance', text: 'Hello.' }]
 */
export function parseVtt(vtt: string): Cue[] {
  const cues: Cue[] = [];
  for (const block of vtt.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n');
    const timing = lines.findIndex((line) => line.includes('-->'));
    if (timing < 0) continue; // the WEBVTT header, NOTE and STYLE blocks
    const start = /^\s*([\d:.]+)/.exec(lines[timing]!)?.[1] ?? '0';
    const body = lines.slice(timing + 1).join(' ');
    const voice = /<v(?:\.[^\s>]*)?\s+([^>]*)>/.exec(body);
    const text = body
      .replace(/<[^>]*>/g, '')
      .replace(/&(lt|gt|nbsp|amp);/g, (_, name: string) => ENTITIES[name] ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (text) cues.push({ startSeconds: seconds(start), speaker: voice?.[1]?.trim() || 'Unknown speaker', text });
  }
  return cues;
}

/** `[1:02:03]` past the hour, else `[12:34]`. */
export function stamp(totalSeconds: number): string {
  const s = Math.floor(totalSeconds);
  const hours = Math.floor(s / 3600);
  const mm = String(Math.floor(s / 60) % 60).padStart(hours ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hours ? `[${hours}:${mm}:${ss}]` : `[${mm}:${ss}]`;
}

/**
 * One line per speaker turn, timed at each change of speaker; a turn longer than a few minutes is
 * split with a new time.
 *
 * @example
 * compactTranscript([{ startSeconds: 4, speaker: 'Adele', text: 'Hi.' }, { startSeconds: 6, speaker: 'Adele', text: 'Ready?' }]);
 * // '[0:04] Adele: Hi. Ready?'
 */
export function compactTranscript(cues: readonly Cue[]): string {
  const lines: string[] = [];
  let speaker: string | undefined;
  let stamped = Number.NEGATIVE_INFINITY;
  for (const cue of cues) {
    if (cue.speaker === speaker && cue.startSeconds - stamped < RESTAMP_SECONDS) {
      lines[lines.length - 1] += ` ${cue.text}`;
      continue;
    }
    speaker = cue.speaker;
    stamped = cue.startSeconds;
    lines.push(`${stamp(cue.startSeconds)} ${cue.speaker}: ${cue.text}`);
  }
  return lines.join('\n');
}
