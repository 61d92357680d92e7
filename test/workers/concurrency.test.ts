/**
 * Isolation under load: 50 Streamable HTTP sessions of 3 users make 10 calls each, all at once.
 * Every call is tagged by its arguments (`count`) and its user; every answer must hold exactly that
 * user's `count` newest inbox messages — never another call's count, never another user's mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { env } from 'cloudflare:test';
import { handleRungs, userHandleKey } from '../../core/handles/derive';
import { connect, mcpClient, newestImmutableIds, startEmulator, textOf } from './harness';

const SESSIONS = 50;
/**
 * Within the MCP rate limits (120 requests a minute per client, 300 per user): each user's 17
 * sessions are spread over 3 clients, and a session's 10 calls plus its initialize, initialized and
 * stream requests keep every client near 80 and every user near 220.
 */
const CALLS_PER_SESSION = 10;
const CLIENTS_PER_USER = 3;

let emulator: Emulator;
let close: () => void;

beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

/**
 * The handles a user is shown for their newest inbox messages, derived as the gateway derives them
 * (its deployment secret and the user's key), so 1,000 results are checked without 1,000 lookups.
 */
const newestInboxIds = (user: { tenantId: string; id: string }): string[] => {
  const key = userHandleKey(env.TOKEN_ENCRYPTION_KEY, `${user.tenantId}.${user.id}`);
  return newestImmutableIds(emulator, user.id).map((id) => `id: ${handleRungs(key, 'message', id)[0]}`);
};

describe('50 sessions × 10 calls across 3 users', () => {
  it('answers every call with its own user and its own arguments: 0 cross-talk, 0 errors', {
    timeout: 60_000,
  }, async () => {
    const users = emulator.tenant.users.slice(0, 3);
    expect(users).toHaveLength(3);
    const inboxes = users.map((user) => newestInboxIds(user));
    const maxCount = Math.min(20, ...inboxes.map((ids) => ids.length - 1));
    expect(maxCount).toBeGreaterThanOrEqual(5);
    // Client c belongs to user c % 3, so session i (client i % clients) is user i % 3's.
    const tokens = await Promise.all(
      Array.from(
        { length: 3 * CLIENTS_PER_USER },
        async (_, client) => (await connect(users[client % 3]!.userPrincipalName)).accessToken,
      ),
    );

    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, index) => ({
        user: index % 3,
        ...(await mcpClient(tokens[index % tokens.length]!)),
      })),
    );
    expect(new Set(sessions.map((session) => session.transport.sessionId)).size).toBe(SESSIONS);

    const outcomes = await Promise.all(
      sessions.flatMap((session, sessionIndex) =>
        Array.from({ length: CALLS_PER_SESSION }, async (_, call) => {
          const count = 1 + ((sessionIndex * CALLS_PER_SESSION + call) % maxCount);
          try {
            const result = await session.client.callTool({ name: 'getEmails', arguments: { count } });
            const text = textOf(result).replace(/- (m[0-9][0-9a-z]{4,}) \|/g, '- id: $1 |');
            return { user: session.user, count, text, isError: Boolean(result.isError) };
          } catch (error) {
            return { user: session.user, count, text: String(error), isError: true };
          }
        }),
      ),
    );

    expect(outcomes).toHaveLength(SESSIONS * CALLS_PER_SESSION);
    expect(outcomes.filter((outcome) => outcome.isError).map((outcome) => outcome.text)).toEqual([]);
    const crossTalk = outcomes.filter(({ user, count, text }) => {
      const own = inboxes[user]!;
      const listed = [...text.matchAll(/id: (\S+)/g)].map((match) => match[1]);
      const othersMail = inboxes.some((ids, other) => other !== user && ids.some((id) => text.includes(id)));
      return (
        othersMail ||
        listed.length !== count ||
        own.slice(0, count).some((id) => !text.includes(id)) ||
        text.includes(own[count]!)
      );
    });
    expect(crossTalk.map(({ user, count }) => ({ user, count }))).toEqual([]);
    await Promise.all(sessions.map((session) => session.client.close()));
  });
});
