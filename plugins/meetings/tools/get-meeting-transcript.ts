import type { CallTranscript } from '@microsoft/microsoft-graph-types';
import { defineTool, fenceUntrusted, graphIdOrHandle, ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { STANDALONE_NOTE, timeRange } from '../format';
import { meetingFailure, TRANSCRIPTS } from '../graph-errors';
import { meetingIdOf, meetingPath } from '../resolve-meeting';
import { MEETING, meeting } from '../schemas';
import { makeCursor, pageOf, readCursor } from '../transcript-pages';
import { compactTranscript, parseVtt } from '../vtt';

/** A page of ~10,000 characters is ~2,400 o200k tokens: one page stays under 3,000 with its header. */
const DEFAULT_CHARS = 10_000;
const MAX_CHARS = 11_000;

async function transcriptsOf(meetingId: string, ctx: ToolContext): Promise<CallTranscript[]> {
  const page = (await ctx.graph
    .api(`${meetingPath(meetingId)}/transcripts`)
    .select(['id', 'createdDateTime', 'endDateTime'])
    .get()
    .catch((error: unknown) => meetingFailure(error, TRANSCRIPTS))) as { value: CallTranscript[] };
  return page.value;
}

export const getMeetingTranscript = defineTool({
  name: 'getMeetingTranscript',
  title: 'Read a meeting transcript',
  description:
    'Transcript of a meeting you organised as "Speaker: text" lines, paged by maxChars; pass cursor for the next page. Calendar meetings only.',
  input: v.strictObject({
    meeting,
    transcriptId: v.optional(graphIdOrHandle('transcript', { description: 'Which transcript (default: latest).' })),
    maxChars: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1000),
        v.maxValue(MAX_CHARS),
        v.description('Page size in characters.'),
      ),
      DEFAULT_CHARS,
    ),
    cursor: v.optional(
      v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(200), v.description('From the last page.')),
    ),
  }),
  scopes: ['OnlineMeetingTranscript.Read.All', 'OnlineMeetings.Read'],
  accounts: 'work',
  annotations: { readOnlyHint: true, openWorldHint: true },
  async run(args, ctx) {
    const meetingId = await meetingIdOf(args.meeting, ctx);
    const meetingHandle = ctx.handles.show(MEETING, meetingId);
    const position = args.cursor === undefined ? undefined : readCursor(args.cursor, meetingHandle);
    const transcripts = await transcriptsOf(meetingId, ctx);
    if (transcripts.length === 0) {
      throw new ToolError(
        `Meeting ${meetingHandle} has no transcript: it was not transcribed, or it is a standalone meeting, for which Microsoft keeps none. ${STANDALONE_NOTE.replace(/^It is a standalone meeting/, 'A standalone meeting is')}`,
        'NOT_FOUND',
      );
    }
    const latest = [...transcripts].sort((a, b) =>
      (b.createdDateTime ?? '').localeCompare(a.createdDateTime ?? ''),
    )[0]!;
    const handleOf = (transcript: CallTranscript) => ctx.handles.show('transcript', transcript.id ?? '');
    const wanted =
      position?.transcript ??
      (args.transcriptId ? ctx.handles.show('transcript', args.transcriptId) : handleOf(latest));
    const transcript = transcripts.find((t) => handleOf(t) === wanted);
    if (
      !transcript ||
      (args.transcriptId && position && handleOf(transcript) !== ctx.handles.show('transcript', args.transcriptId))
    ) {
      throw new ToolError(
        `Meeting ${meetingHandle} has no such transcript${position ? ' (the cursor names one that is gone, or transcriptId differs from it)' : ''}. Its transcripts: ${transcripts.map(handleOf).join(', ')}.`,
        'NOT_FOUND',
      );
    }
    const vtt = (await ctx.graph
      .api(`${meetingPath(meetingId)}/transcripts/${encodeURIComponent(transcript.id ?? '')}/content`)
      .query({ $format: 'text/vtt' })
      .responseType('text' as never)
      .get()
      .catch((error: unknown) => meetingFailure(error, TRANSCRIPTS))) as string;
    const text = compactTranscript(parseVtt(String(vtt)));
    const offset = position?.offset ?? 0;
    if (offset > text.length)
      throw new ToolError(
        'The cursor points past the end of this transcript. Start again without a cursor.',
        'BAD_CURSOR',
      );
    const { page, next } = pageOf(text, offset, args.maxChars);
    const cursor =
      next === undefined
        ? undefined
        : makeCursor({ meeting: meetingHandle, transcript: handleOf(transcript), offset: next });
    const others =
      transcripts.length > 1 ? ` (${transcripts.length} transcripts: ${transcripts.map(handleOf).join(', ')})` : '';
    const header = `Transcript ${handleOf(transcript)} of meeting ${meetingHandle}, ${timeRange(transcript.createdDateTime, transcript.endDateTime, ctx.user.timeZone)}${others}; characters ${offset + 1}–${offset + page.length} of ${text.length}.`;
    const footer = cursor ? `More: call again with cursor "${cursor}".` : 'End of transcript.';
    return `${header}\n${fenceUntrusted(page, 'meeting transcript')}\n${footer}`;
  },
});
