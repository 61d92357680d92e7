/**
 * Paging a compact transcript by size. A cursor names the meeting and transcript by their handles
 * and the character offset to go on from, through the contract's cursor helpers (validated, opaque,
 * base64url): one from another meeting or transcript is refused rather than read at a wrong place.
 */
import { decodeCursor, encodeCursor, ToolError } from 'm365-mcp-gateway/plugin';

const TOOL = 'getMeetingTranscript';
const CURSOR_PATH = /^\/t\/([0-9a-z]+)\/([0-9a-z]+)\?at=(\d+)$/;
// A made-up base for encodeCursor, which keeps only the path after the first segment.
const BASE = 'https://cursor.invalid/v1.0';

export interface TranscriptCursor {
  meeting: string;
  transcript: string;
  offset: number;
}

export function makeCursor(position: TranscriptCursor): string {
  const cursor = encodeCursor(`${BASE}/t/${position.meeting}/${position.transcript}?at=${position.offset}`, {
    path: CURSOR_PATH,
  });
  if (!cursor) throw new Error('transcript cursor: handles must be lower-case letters and digits');
  return cursor;
}

/** The position a cursor stands for, refused (model-actionable) when altered or another meeting's. */
export function readCursor(cursor: string, meetingHandle: string): TranscriptCursor {
  const match = CURSOR_PATH.exec(decodeCursor(cursor, { path: CURSOR_PATH }, TOOL))!;
  if (match[1] !== meetingHandle) {
    throw new ToolError(
      `This cursor belongs to another meeting (${match[1]}). Pass it with that meeting, or call ${TOOL} for this meeting without a cursor to start at the beginning.`,
      'BAD_CURSOR',
    );
  }
  return { meeting: match[1]!, transcript: match[2]!, offset: Number(match[3]) };
}

/**
 * The part of `text` from `offset` of at most `maxChars`, ending at a line break when one is in
 * reach (else at a space), and where the next page starts; nothing is lost or repeated between pages.
 *
 * @example
 * pageOf('a\nb\nc', 0, 3); // { page: 'a\nb', next: 4 }
 */
export function pageOf(text: string, offset: number, maxChars: number): { page: string; next?: number } {
  if (offset + maxChars >= text.length) return { page: text.slice(offset) };
  const window = text.slice(offset, offset + maxChars + 1);
  const lineBreak = window.lastIndexOf('\n');
  const space = window.lastIndexOf(' ');
  const cut = lineBreak > maxChars / 2 ? lineBreak : space > 0 ? space : maxChars;
  return { page: text.slice(offset, offset + cut), next: offset + cut + 1 };
}
