/**
 * What every Teams contract test needs: the emulated tenant served to the real Graph client by MSW
 * for the file's lifetime, a registry with this plugin, sessions for the demo users, and a call helper.
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import {
  createEmulator,
  createTestRegistry,
  createToolTestSession,
  type ToolTestSession,
} from 'm365-mcp-gateway/testing';
import teams from '.';
import teamsMocks from './mocks';

export function teamsTestEnvironment() {
  const emulator = createEmulator({
    authorityOrigin: 'https://login.emulator.test',
    graphBaseUrl: 'https://graph.emulator.test/v1.0',
    pluginMocks: [{ name: 'teams', handlers: teamsMocks }],
  });
  const server = setupServer(...emulator.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  const registry = createTestRegistry([teams]);
  /** A demo user signed in with every permission the plugin's tools declare (or `scopes`), in their own zone. */
  const signIn = (user: string, scopes?: string[]) => {
    const found = emulator.tenant.findUser(user)!;
    return createToolTestSession({
      emulator,
      user,
      registry,
      timeZone: found.ianaTimeZone,
      ...(scopes ? { scopes } : {}),
    });
  };
  /** Calls a tool as `session`'s user; the result plus its text content joined. */
  const callAs = async (session: ToolTestSession, tool: string, args: Record<string, unknown>) => {
    const result = await registry.callTool(tool, args, session.context());
    return { ...result, text: result.content.map((c) => ('text' in c ? c.text : '')).join('\n') };
  };
  return { emulator, registry, signIn, callAs };
}

/** Handles of `kind` (by its first letter) in a tool's text, in order of appearance. */
export function handlesIn(text: string, kind: string): string[] {
  return [...text.matchAll(new RegExp(`\\b${kind[0]}[0-9][0-9a-hjkmnp-tv-z]{4,11}\\b`, 'g'))].map((m) => m[0]);
}

/** What the handles stand for in `session`'s user store (undefined for one that does not resolve). */
export async function idsBehind(session: ToolTestSession, handles: readonly string[]): Promise<(string | undefined)[]> {
  await session.settled();
  const { found } = await session.handleStore.resolve([...handles]);
  return handles.map((handle) => found[handle]?.id);
}

/** The query options of a recorded request. */
export const query = (search: string) => Object.fromEntries(new URLSearchParams(search));
