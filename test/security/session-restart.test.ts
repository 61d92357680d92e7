/**
 * Eviction and redeploy: a session Durable Object is restarted mid-session for real (its
 * DurableObjectState aborted, so the next request meets a new instance with only its storage and
 * its hibernated WebSockets), for two users whose calls interleave across the restart. A
 * redeploy is the same restart with the next deployment's configuration in the new instance.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../core/testing';
import { expandHandles, startEmulator } from '../workers/harness';
import { type CallOutcome, type Channel, openChannel, type RpcAnswer, textOfAnswer } from './channels';
import { mcpPost, tokensFor } from './support';

/** Generous: a busy machine must not fail the suite; a call that hangs still fails it. */
const TIMEOUT_MS = 30_000;
const HANDLE = /\bm[0-9][0-9a-hjkmnp-tv-z]{4,11}\b/g;

let emulator: Emulator;
let close: () => void;

beforeAll(() => {
  ({ emulator, close } = startEmulator());
});
afterAll(() => close());

type User = Emulator['tenant']['users'][number];
const keyOf = (user: User) => `${user.tenantId}.${user.id}`;

/** A fresh stub each time: a stub to an aborted object stays broken. */
const sessionObject = (user: User, sessionId: string) =>
  env.MCP_SESSION.get(env.MCP_SESSION.idFromName(`${keyOf(user)}:${sessionId}`));

/** The session ids of the user's open WebSockets (the client is never told them). */
async function socketSessionIds(user: User): Promise<string[]> {
  const registry = env.SOCKET_REGISTRY.get(env.SOCKET_REGISTRY.idFromName(keyOf(user)));
  const keys = await runInDurableObject(registry, async (_instance, state) => [...(await state.storage.list()).keys()]);
  return keys.filter((key) => key.includes('/')).map((key) => key.slice(key.indexOf('/') + 1));
}

/** Opens a WebSocket channel and learns its session id from the user's socket registry. */
async function openSocketChannel(user: User, token: string): Promise<Channel & { sessionId: string }> {
  const before = new Set(await socketSessionIds(user));
  const channel = await openChannel('websocket', token);
  const sessionId = (await socketSessionIds(user)).find((id) => !before.has(id));
  if (!sessionId) throw new Error('the socket is not in the registry');
  return Object.assign(channel, { sessionId });
}

/**
 * Restarts the session's object: marks the instance, aborts it, and proves the next instance is a
 * new one. `nextEnv`: the configuration of the deployment the new instance belongs to.
 */
async function restart(user: User, sessionId: string, nextEnv?: Env): Promise<void> {
  await runInDurableObject(sessionObject(user, sessionId), (instance) => {
    (instance as unknown as { beforeRestart: boolean }).beforeRestart = true;
  });
  await runInDurableObject(sessionObject(user, sessionId), (_instance, state) => state.abort('restart')).catch(
    (error: unknown) => expect(String(error)).toMatch(/restart/),
  );
  await runInDurableObject(sessionObject(user, sessionId), (instance) => {
    expect((instance as unknown as { beforeRestart?: boolean }).beforeRestart).toBeUndefined();
    if (nextEnv) (instance as unknown as { env: Env }).env = nextEnv;
  });
}

const getEmails = { name: 'getEmails', arguments: { count: 3 } };
const getEmail = (id: string) => ({ name: 'getEmail', arguments: { id } });

function answerText(outcome: CallOutcome): string {
  if (outcome.kind !== 'answer') throw new Error(`no answer: ${JSON.stringify(outcome)}`);
  expect(outcome.answer.error).toBeUndefined();
  return textOfAnswer(outcome.answer);
}

/** Puts a message only this user has at the top of their inbox; its subject tags their data. */
function tagMailbox(user: User): string {
  const tag = `Restart tag of ${user.userPrincipalName}`;
  emulator.tenant.addMessage(user.id, 'inbox', {
    subject: tag,
    bodyText: `Only ${user.displayName} may read this.`,
    receivedDateTime: '2030-01-01T00:00:00Z',
    conversationId: `restart-tag-${user.id}`,
  });
  return tag;
}

/** The mailbox a result came from, as the gateway labels it, and the handles it showed. */
function mailboxOf(text: string): { owner: string | undefined; handles: string[] } {
  return {
    owner: /<untrusted-content source="mailbox of ([^"]+)">/.exec(text)?.[1],
    handles: [...new Set(text.match(HANDLE) ?? [])],
  };
}

/** A close after which a client reconnects as it is (not 4401, which sends it to authorize again). */
const RECONNECT_CLOSES = [1001, 1006, 1011, 1012];

describe('a session object restarted mid-session', () => {
  it(
    'Streamable HTTP sessions carry on with the same id and handles; WebSockets close and reconnect; each user sees only their own mailbox',
    async () => {
      const people = [emulator.tenant.users[0]!, emulator.tenant.users[1]!];
      const sessions = await Promise.all(
        people.map(async (user) => {
          const tag = tagMailbox(user);
          const { access_token: token } = await tokensFor(user.userPrincipalName);
          const streamable = await openChannel('streamable-http', token);
          const socket = await openSocketChannel(user, token);
          const text = answerText(await streamable.call(2, 'tools/call', getEmails));
          const listed = mailboxOf(text);
          expect(listed.owner).toBe(user.userPrincipalName);
          // The newest message, listed first, is the tag.
          expect(text.split('\n').find((line) => line.startsWith('- '))).toContain(tag);
          // Handles are recorded just after the answer; a restart inside that moment loses them (the
          // model is then told the handle is unknown and lists again). This suite restarts after it.
          const handle = listed.handles[0]!;
          expect(await expandHandles(user, handle)).toMatch(/^id: /);
          return { user, tag, token, streamable, socket, handle };
        }),
      );

      for (const { user, streamable, socket } of sessions) {
        await restart(user, streamable.sessionId!);
        await restart(user, socket.sessionId);
      }
      // The runtime drops a restarted object's sockets: the client sees a close it reconnects after.
      for (const { socket } of sessions) {
        const closed = await socket.call(3, 'tools/call', getEmails);
        expect(closed.kind).toBe('closed');
        expect(RECONNECT_CLOSES).toContain((closed as { code: number }).code);
      }
      const reconnected = await Promise.all(sessions.map(({ user, token }) => openSocketChannel(user, token)));

      // Both users' calls interleave: on the restarted sessions and the new sockets.
      const calls = sessions.flatMap(({ user, streamable, handle }, index) => {
        const other = sessions[1 - index]!;
        return [streamable, reconnected[index]!].flatMap((channel, n) => [
          channel
            .call(10 + n, 'tools/call', getEmails)
            .then((outcome) => ({ user, what: 'list', text: answerText(outcome) })),
          channel
            .call(20 + n, 'tools/call', getEmail(handle))
            .then((outcome) => ({ user, what: 'own handle', text: answerText(outcome) })),
          channel
            .call(30 + n, 'tools/call', getEmail(other.handle))
            .then((outcome) => ({ user, what: "the other user's handle", text: answerText(outcome) })),
        ]);
      });
      const results = await Promise.all(calls);

      expect(results).toHaveLength(12);
      for (const { user, what, text } of results) {
        const own = sessions.find((session) => session.user === user)!.tag;
        const other = sessions.find((session) => session.user !== user)!.tag;
        const label = `${user.userPrincipalName}, ${what}`;
        expect(text, label).not.toContain(other);
        if (what === "the other user's handle") {
          expect(text, label).toMatch(/unknown message handle/);
          continue;
        }
        // A handle shown before the restart still names the user's own tagged message after it.
        expect(text, label).toContain(own);
        if (what === 'list') expect(mailboxOf(text).owner, label).toBe(user.userPrincipalName);
      }

      // A restarted session is still bound to its user: another user's token with its id finds nothing.
      const [adele, megan] = sessions as [(typeof sessions)[0], (typeof sessions)[0]];
      const stolen = await mcpPost(
        megan.token,
        { jsonrpc: '2.0', id: 50, method: 'tools/call', params: getEmails },
        { 'mcp-session-id': adele.streamable.sessionId!, 'mcp-protocol-version': '2025-06-18' },
      );
      expect(stolen.status).toBe(404);
      expect(await stolen.text()).not.toContain(adele.user.userPrincipalName);

      for (const channel of [...sessions.map(({ streamable }) => streamable), ...reconnected]) await channel.close();
    },
    TIMEOUT_MS,
  );

  it('an HTTP+SSE stream ends with its object; its endpoint then answers 404 and a new stream works', async () => {
    const user = emulator.tenant.users[2]!;
    const { access_token: token } = await tokensFor(user.userPrincipalName);
    const legacy = await openChannel('legacy-sse', token);
    expect(mailboxOf(answerText(await legacy.call(2, 'tools/call', getEmails))).owner).toBe(user.userPrincipalName);

    await restart(user, legacy.sessionId!);
    const after = await legacy.call(3, 'tools/call', getEmails);
    // Either the client already saw its stream end, or its POST is told the session is gone.
    if (after.kind === 'http') {
      expect(after.status).toBe(404);
      expect(JSON.parse(after.body)).toMatchObject({
        error: { code: -32001, message: expect.stringMatching(/GET \/sse/) },
      });
    } else {
      expect(after).toMatchObject({ kind: 'closed' });
    }

    const reopened = await openChannel('legacy-sse', token);
    expect(mailboxOf(answerText(await reopened.call(4, 'tools/call', getEmails))).owner).toBe(user.userPrincipalName);
    await legacy.close().catch(() => undefined);
    await reopened.close();
  });
});

describe('a redeploy with a changed tool set', () => {
  const toolNames = (outcome: CallOutcome) =>
    (
      (outcome.kind === 'answer' ? outcome.answer.result?.tools : undefined) as Array<{ name: string }> | undefined
    )?.map((tool) => tool.name) ?? [];
  const listChanged = (channel: Channel) =>
    channel.notifications.filter((notification) => notification.method === 'notifications/tools/list_changed').length;

  it(
    'a 2025 session that advertised listChanged is told once, on its next request, and lists the new tools',
    async () => {
      const user = emulator.tenant.users[0]!;
      const { access_token: token } = await tokensFor(user.userPrincipalName);
      const session = await openChannel('streamable-http', token);
      // The next deployment serves only reading tools.
      const nextDeployment = { ...env, READ_ONLY: 'true' } as Env;

      expect(session.initializeResult?.capabilities).toMatchObject({ tools: { listChanged: true } });
      expect(toolNames(await session.call(2, 'tools/list'))).toContain('sendEmail');
      expect(listChanged(session)).toBe(0);

      await restart(user, session.sessionId!, nextDeployment);
      // Announced on the stream of the next request, whatever it is, ahead of its answer.
      expect(answerText(await session.call(3, 'tools/call', getEmails))).toMatch(/newest first/);
      expect(listChanged(session)).toBe(1);
      const listed = toolNames(await session.call(4, 'tools/list'));
      expect(listed).toContain('getEmails');
      expect(listed).not.toContain('sendEmail');

      // Restarted again within the same deployment: nothing changed, nothing more to announce.
      await restart(user, session.sessionId!, nextDeployment);
      expect(toolNames(await session.call(5, 'tools/list'))).toEqual(listed);
      expect(listChanged(session)).toBe(1);
      await session.close();
    },
    TIMEOUT_MS,
  );

  it('2026-07-28 advertises no listChanged and sends none; its lists carry a private cache hint that bounds staleness', async () => {
    const user = emulator.tenant.users[1]!;
    const { access_token: token } = await tokensFor(user.userPrincipalName);
    const modern = await openChannel('mcp-2026-07-28', token);
    const discover = await modern.call(1, 'server/discover');
    const result = (discover as { answer: RpcAnswer }).answer.result as {
      capabilities: { tools: { listChanged?: boolean } };
    };
    expect(result.capabilities.tools.listChanged).toBeUndefined();

    const list = (await modern.call(2, 'tools/list')) as { answer: RpcAnswer };
    expect(toolNames(list)).toContain('getEmails');
    const { ttlMs, cacheScope } = list.answer.result as { ttlMs: number; cacheScope: string };
    expect(cacheScope).toBe('private');
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(5 * 60_000);
    expect(answerText(await modern.call(3, 'tools/call', getEmails))).toMatch(/newest first/);
    expect(modern.notifications).toEqual([]);
  });
});
