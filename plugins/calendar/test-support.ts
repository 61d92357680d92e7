/**
 * What every calendar contract test needs: the emulated tenant served to the real Graph client by
 * MSW for the file's lifetime, a registry with this plugin, and a call helper returning the text.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import {
  createEmulator,
  createTestRegistry,
  createToolTestSession,
  type GraphRequestRecord,
  type ToolTestSession,
} from 'm365-mcp-gateway/testing';
import calendar from '.';
import calendarMocks from './mocks';

export function calendarTestEnvironment() {
  const emulator = createEmulator({
    authorityOrigin: 'https://login.emulator.test',
    graphBaseUrl: 'https://graph.emulator.test/v1.0',
    pluginMocks: [{ name: 'calendar', handlers: calendarMocks }],
  });
  const server = setupServer(...emulator.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const registry = createTestRegistry([calendar]);
  /** Calls a tool as `session`'s user; the result plus its text content joined. */
  const callAs = async (session: ToolTestSession, tool: string, args: Record<string, unknown>) => {
    const result = await registry.callTool(tool, args, session.context());
    return { ...result, text: result.content.map((c) => ('text' in c ? c.text : '')).join('\n') };
  };
  /** The Graph requests made since the last `emulator.stats.reset()`, without the sign-in's own. */
  const graphCalls = (): GraphRequestRecord[] =>
    emulator.stats.graphRequests.filter((r) => !r.path.startsWith('/me/mailboxSettings'));
  /** A signed-in session granted what the calendar tools declare (as the gateway asks Microsoft for). */
  const signIn = (user: string, options: { timeZone?: string } = {}) =>
    createToolTestSession({ emulator, user, registry, ...options });
  return { emulator, registry, callAs, graphCalls, signIn };
}

/** Handles of `kind` (by its first letter) in a tool's text, in order of appearance. */
export function handlesIn(text: string, kind: string): string[] {
  return [...text.matchAll(new RegExp(`\\b${kind[0]}[0-9][0-9a-hjkmnp-tv-z]{4,11}\\b`, 'g'))].map((m) => m[0]);
}

/** The query of a recorded request as an object. */
export const queryOf = (r: GraphRequestRecord | undefined): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(r?.search ?? ''));
