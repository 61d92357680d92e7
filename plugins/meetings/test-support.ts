/**
 * What every meetings contract test needs: the emulated tenant served to the real Graph client by
 * MSW for the file's lifetime, a registry with this plugin, and helpers to call tools as a demo user.
 */
import { createEmulator, createTestRegistry, type ToolTestSession } from 'm365-mcp-gateway/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import meetings from '.';
import meetingsMocks from './mocks';

export function meetingsTestEnvironment() {
  const emulator = createEmulator({
    authorityOrigin: 'https://login.emulator.test',
    graphBaseUrl: 'https://graph.emulator.test/v1.0',
    pluginMocks: [{ name: 'meetings', handlers: meetingsMocks }],
  });
  const server = setupServer(...emulator.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => emulator.reset());
  const registry = createTestRegistry([meetings]);
  /** Calls a tool as `session`'s user; the result plus its text content joined. */
  const callAs = async (session: ToolTestSession, tool: string, args: Record<string, unknown>) => {
    const result = await registry.callTool(tool, args, session.context());
    return { ...result, text: result.content.map((c) => ('text' in c ? c.text : '')).join('\n') };
  };
  const adele = () => emulator.tenant.users[0]!;
  const megan = () => emulator.tenant.users[1]!;
  /** The seeded meetings: Adele's review (transcript, recording, attendance), her sync, her standalone call; Megan's review. */
  const seeded = () => {
    const [review, sync, standalone, megans] = emulator.tenant.meetings.all();
    return { review: review!, sync: sync!, standalone: standalone!, megans: megans! };
  };
  return { emulator, registry, callAs, adele, megan, seeded };
}

/** The Graph path of a meeting (ids are URL-encoded into it). */
export const meetingPath = (id: string) => `/me/onlineMeetings/${encodeURIComponent(id)}`;
