/**
 * The seeded one-hour transcript as Teams writes it: WebVTT cues of one or two sentences, each with
 * a cue id, a timestamp range and a `<v Speaker>` voice tag, about 170 words a minute. Deterministic
 * (a fixed PRNG over the templates in seed-transcript-lines.ts).
 */
import { seededGuid } from '../ids';
import { ADVERSARIAL_LINE, BACKCHANNEL, SECTIONS, SLOTS } from './seed-transcript-lines';

/** Speaking pace in words per second (about 170 a minute, a brisk meeting). */
const WORDS_PER_SECOND = 2.85;

/** mulberry32: small, fast, good enough for picking sentences. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The speaker a roll in [0, total weight) lands on. */
function weighted(speakers: ReadonlyArray<readonly [string, number]>, roll: number): string {
  let left = roll;
  for (const [name, weight] of speakers) {
    left -= weight;
    if (left < 0) return name;
  }
  return speakers[0]![0];
}

function shuffle(items: readonly string[], random: () => number): string[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function vttTimestamp(milliseconds: number): string {
  const ms = Math.round(milliseconds);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

export interface TranscriptCue {
  startMs: number;
  endMs: number;
  speaker: string;
  text: string;
}

/** The cues of the seeded hour, in order. */
export function seededCues(seed = 'mark8-readiness'): TranscriptCue[] {
  const random = prng(Number.parseInt(seededGuid(seed).slice(0, 8), 16));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, slot: string) => pick(SLOTS[slot] ?? [slot]));
  const cues: TranscriptCue[] = [];
  let clock = 4_000;
  let last = '';
  let adversarialSaid = false;
  const say = (speaker: string, text: string) => {
    const words = text.split(/\s+/).length;
    const duration = Math.max(900, (words / WORDS_PER_SECOND) * 1000 + random() * 600);
    cues.push({ startMs: clock, endMs: clock + duration, speaker, text });
    clock += duration + 150 + random() * 700;
  };
  let sectionEnd = 0;
  for (const section of SECTIONS) {
    sectionEnd += section.seconds * 1000;
    const total = section.speakers.reduce((sum, [, weight]) => sum + weight, 0);
    // Each template once in a shuffled round before any repeats, as a meeting moves through its points.
    let round: string[] = [];
    while (clock < sectionEnd) {
      let speaker = last;
      while (speaker === last) {
        speaker = weighted(section.speakers, random() * total);
      }
      last = speaker;
      if (random() < 0.18) {
        say(speaker, pick(BACKCHANNEL));
        continue;
      }
      const sentences = 1 + Math.floor(random() * 4);
      for (let i = 0; i < sentences && clock < sectionEnd; i++) {
        if (round.length === 0) round = shuffle(section.lines, random);
        say(speaker, fill(round.pop()!));
      }
      if (!adversarialSaid && clock > 2_400_000 && section.speakers.some(([name]) => name.includes('Fabrikam'))) {
        adversarialSaid = true;
        last = 'Dana Whitfield (Fabrikam)';
        say(last, ADVERSARIAL_LINE);
      }
    }
  }
  return cues;
}

/** WebVTT cue text escapes `&`, `<` and `>` (a literal tag in speech would otherwise be markup). */
function escapeCueText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The cues as Teams' WebVTT: a cue id (`{guid}/{n}-0`), the timing line, the voice-tagged text. */
export function toVtt(cues: readonly TranscriptCue[], seed = 'mark8-readiness'): string {
  const blocks = cues.map((cue, index) => {
    const id = `${seededGuid(`${seed}:cue:${Math.floor(index / 40)}`)}/${(index % 40) + 10}-0`;
    return `${id}\n${vttTimestamp(cue.startMs)} --> ${vttTimestamp(cue.endMs)}\n<v ${cue.speaker}>${escapeCueText(cue.text)}</v>`;
  });
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}
