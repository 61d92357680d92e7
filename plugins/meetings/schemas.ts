/** Argument schemas shared by the meetings tools. */
import { graphIdOrHandle } from 'm365-mcp-gateway/plugin';

/** A meeting: the handle a tool showed, the Graph id, or a join URL as pasted (looked up by the tool). */
export const meeting = graphIdOrHandle('onlinemeeting', {
  orName: true,
  maxLength: 2000,
  description: 'Meeting handle (o7k2qx), id, or its Teams join URL as pasted.',
});

/** The kind of handle meetings are shown with (`o…`). */
export const MEETING = 'onlinemeeting';
