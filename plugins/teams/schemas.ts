/**
 * Argument schemas shared by the Teams tools. Every byte of a published schema is paid for on each
 * tools/list, so rules JSON Schema cannot express carry their explanation in the error message.
 */
import * as v from 'valibot';
import { graphIdOrHandle } from 'm365-mcp-gateway/plugin';

/** Teams refuses a message over about 28 KB; refused before anything is sent. */
export const MAX_MESSAGE_CHARS = 28_000;

export const count = v.optional(
  v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50), v.description('How many, newest first')),
  20,
);

/** A paging cursor: the handle a list showed. */
export const cursor = v.optional(graphIdOrHandle('cursor', { description: 'From the previous result' }));

/** Teams ids (`19:…@thread.tacv2`) are not base64, so ids and names are both taken as `orName`. */
export const teamRef = graphIdOrHandle('team', {
  orName: true,
  maxLength: 256,
  description: 'Team name, handle or id',
});
export const channelRef = graphIdOrHandle('channel', {
  orName: true,
  maxLength: 256,
  description: 'Channel name, handle or id',
});
export const chatRef = graphIdOrHandle('chat', { orName: true, maxLength: 256, description: 'Chat handle or id' });

/** The text of a new message: not blank, within Teams' size limit. */
export const messageText = v.pipe(
  v.string(),
  v.check((text) => text.trim() !== '', 'must not be empty'),
  v.check(
    (text) => new TextEncoder().encode(text).length <= MAX_MESSAGE_CHARS,
    `must be at most ${MAX_MESSAGE_CHARS} bytes (Teams' message limit); split it into several messages`,
  ),
  v.description('The message'),
);

export const contentType = v.optional(v.pipe(v.picklist(['html', 'text']), v.description('Of message')), 'text');
