/**
 * Isolation under load: 5 users hold 10 sessions each, spread over every transport and both eras
 * (2025 Streamable HTTP, HTTP+SSE, WebSocket, plain JSON-RPC; 2026-07-28 stateless), and all 50
 * sessions make 20 calls at once — mail, calendar and contacts reads, each handle a list showed used
 * in the session's next call, and another user's handle tried now and then. Each user's mailbox,
 * calendar and address book hold an item named with a marker of their own, so any answer carrying
 * another user's marker is cross-talk. Graph answers slowly, so each user's calls queue at their
 * MailboxGate: never more than 4 of a user's Graph requests may be in flight.
 */
import { env } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handleRungs, userHandleKey } from '../../core/handles/derive';
import { DEMO_USERS, type DemoUser, type Emulator } from '../../core/testing';
import { connect, startEmulator } from '../workers/harness';
import { type CallAnswer, LOAD_TRANSPORTS, type LoadTransport, openLoadSession } from './load-sessions';

const SESSIONS_PER_USER = 10;
const CALLS_PER_SESSION = 20;
/**
 * Within the MCP rate limits (120 requests a minute per client, 300 per user): a user's 10
 * sessions make ~216 requests (200 calls, plus opening streams and sessions), over 3 clients.
 */
const CLIENTS_PER_USER = 3;
/** Slow enough that a user's 10 concurrent sessions really compete for their 4 Graph slots. */
const GRAPH_DELAY_MS = 20;
/** A call still unanswered after this long is reported as such (a hang fails the test, naming the call). */
const NO_ANSWER_MS = 30_000;
const STREAMABLE_VERSIONS = ['2025-03-26', '2025-06-18', '2025-11-25'];

/** Two more Contoso members, so five mailboxes are under load. */
const EXTRA_USERS: DemoUser[] = [
  {
    ...DEMO_USERS[0]!,
    id: '5f1c9e27-8a3d-4b60-9e14-d2c7a8b05f39',
    displayName: 'Lidia Holloway',
    givenName: 'Lidia',
    surname: 'Holloway',
    userPrincipalName: 'LidiaH@contoso.com',
    mail: 'LidiaH@contoso.com',
  },
  {
    ...DEMO_USERS[1]!,
    id: 'b84e03d6-27f1-4c9a-a5d8-6e1f93c24a70',
    displayName: 'Diego Siciliani',
    givenName: 'Diego',
    surname: 'Siciliani',
    userPrincipalName: 'DiegoS@contoso.com',
    mail: 'DiegoS@contoso.com',
  },
];

let emulator: Emulator;
let close: () => void;
beforeAll(() => {
  ({ emulator, close } = startEmulator({ extraUsers: EXTRA_USERS }));
});
afterAll(() => close());

interface Tagged {
  user: DemoUser;
  /** Appears in this user's marked message, event and contact, and nowhere else in the tenant. */
  marker: string;
  /** The handle the gateway shows this user for their marked message (derived as the gateway does). */
  messageHandle: string;
  /** The marked message's id as Graph shows it to the gateway. */
  messageId: string;
}

/** Gives each user a message, an event and a contact carrying their marker. */
function tagUser(user: DemoUser): Tagged {
  const marker = `Iso${user.givenName}${user.id.slice(0, 6)}`;
  const { tenant } = emulator;
  const newest = Math.max(Date.now(), ...tenant.messages(user.id).map((m) => Date.parse(String(m.receivedDateTime))));
  const message = tenant.addMessage(user.id, 'inbox', {
    subject: `${marker} quarterly numbers`,
    bodyText: `Numbers for ${marker} only.`,
    from: { emailAddress: { name: 'Nestor Wilke', address: 'NestorW@contoso.com' } },
    toRecipients: [{ emailAddress: { name: user.displayName, address: user.mail } }],
    receivedDateTime: new Date(newest + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    conversationId: `isolation-${user.id}`,
  });
  const tomorrow = new Date(Date.now() + 24 * 3_600_000).toISOString().slice(0, 10);
  tenant.calendar.createEvent(
    user.id,
    {
      subject: `${marker} planning`,
      start: { dateTime: `${tomorrow}T10:00:00`, timeZone: 'UTC' },
      end: { dateTime: `${tomorrow}T10:30:00`, timeZone: 'UTC' },
    },
    { notify: false },
  );
  tenant.contacts.addContact(user.id, {
    givenName: marker,
    surname: 'Contact',
    displayName: `${marker} Contact`,
    emailAddresses: [{ address: `${marker.toLowerCase()}@fabrikam.com`, name: `${marker} Contact` }],
  });
  const messageId = tenant.mailbox(user.id).immutableId(message.id);
  const key = userHandleKey(env.TOKEN_ENCRYPTION_KEY, `${user.tenantId}.${user.id}`);
  return { user, marker, messageId, messageHandle: handleRungs(key, 'message', messageId)[0]! };
}

type Kind = 'message' | 'event' | 'contact';

/** One session's cycle of calls: each `get` uses the handle the `list` before it showed. */
const STEPS: ReadonlyArray<{
  tool: string;
  args: (own: Tagged, shown: Partial<Record<Kind, string>>, foreign: Tagged) => Record<string, unknown>;
  shows?: Kind;
  foreign?: true;
}> = [
  { tool: 'getEmails', args: () => ({ count: 3 }), shows: 'message' },
  { tool: 'getEmail', args: (_, shown) => ({ id: shown.message ?? 'm0none' }) },
  { tool: 'getCalendarEvents', args: (own) => ({ query: own.marker, days: 7 }), shows: 'event' },
  { tool: 'getCalendarEvent', args: (_, shown) => ({ id: shown.event ?? 'e0none' }) },
  { tool: 'getContacts', args: (own) => ({ query: own.marker }), shows: 'contact' },
  { tool: 'getContact', args: (_, shown) => ({ id: shown.contact ?? 'c0none' }) },
  { tool: 'getEmail', args: (_, __, foreign) => ({ id: foreign.messageHandle }), foreign: true },
];

interface Outcome {
  user: Tagged;
  transport: LoadTransport;
  step: (typeof STEPS)[number];
  sentId: number;
  foreign: Tagged;
  answer: CallAnswer;
  /** The handle this answer showed on the line of the user's marked item (for `list` steps). */
  shown?: string | undefined;
}

/** The handle on the line naming `marker` (`- e7k2qx | … | IsoAdele… planning | …`). */
function handleOnLine(text: string, marker: string): string | undefined {
  const lines = text.split('\n').filter((line) => line.includes(marker));
  return lines.map((line) => line.match(/^- ([a-z][0-9][0-9a-hjkmnp-tv-z]{4,11}) \|/)?.[1]).find(Boolean);
}

async function runSession(
  index: number,
  transport: LoadTransport,
  token: string,
  own: Tagged,
  foreign: Tagged,
): Promise<Outcome[]> {
  const session = await openLoadSession(transport, token, STREAMABLE_VERSIONS[index % STREAMABLE_VERSIONS.length]);
  const shown: Partial<Record<Kind, string>> = {};
  const outcomes: Outcome[] = [];
  try {
    for (let call = 0; call < CALLS_PER_SESSION; call++) {
      const step = STEPS[call % STEPS.length]!;
      const sentId = index * 100 + call + 1;
      let answer: CallAnswer;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        answer = await Promise.race([
          session.call(sentId, step.tool, step.args(own, shown, foreign)),
          new Promise<CallAnswer>((resolve) => {
            timer = setTimeout(() => resolve({ id: undefined, text: 'no answer', isError: true }), NO_ANSWER_MS);
          }),
        ]);
      } catch (error) {
        answer = { id: undefined, text: String(error), isError: true };
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
      const outcome: Outcome = { user: own, transport, step, sentId, foreign, answer };
      if (step.shows) shown[step.shows] = outcome.shown = handleOnLine(answer.text, own.marker);
      outcomes.push(outcome);
    }
  } finally {
    await session.close();
  }
  return outcomes;
}

const summary = (o: Outcome) => `${o.user.user.givenName} ${o.transport} #${o.sentId} ${o.step.tool}: ${o.answer.text}`;

describe('isolation under load', () => {
  it('50 sessions of 5 users on every transport, 20 calls each: 0 cross-talk, ≤ 4 Graph requests in flight per mailbox', {
    timeout: 180_000,
  }, async () => {
    const users = emulator.tenant.users;
    expect(users).toHaveLength(5);
    const tagged = users.map(tagUser);
    const tokens = await Promise.all(
      tagged.map((own) =>
        Promise.all(
          Array.from({ length: CLIENTS_PER_USER }, async () => (await connect(own.user.userPrincipalName)).accessToken),
        ),
      ),
    );
    // A request and a call line per call are not what is measured here: 2,000 of them only slow the run.
    const lines = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    emulator.injectFault({ delayMs: GRAPH_DELAY_MS, times: Number.POSITIVE_INFINITY });
    emulator.stats.reset();

    // Session s of a user: transport s % 5 (each transport twice), client s % 3, and one of the four
    // other users (in turn) whose handle it tries.
    const outcomes = (
      await Promise.all(
        tagged.flatMap((own, u) =>
          Array.from({ length: SESSIONS_PER_USER }, (_, s) =>
            runSession(
              u * SESSIONS_PER_USER + s,
              LOAD_TRANSPORTS[s % LOAD_TRANSPORTS.length]!,
              tokens[u]![s % CLIENTS_PER_USER]!,
              own,
              tagged[(u + 1 + (s % (tagged.length - 1))) % tagged.length]!,
            ),
          ),
        ),
      )
    ).flat();
    emulator.clearFaults();
    lines.mockRestore();

    expect(outcomes).toHaveLength(tagged.length * SESSIONS_PER_USER * CALLS_PER_SESSION);
    expect(new Set(outcomes.map((o) => o.transport))).toEqual(new Set(LOAD_TRANSPORTS));
    // Every answer came back under its own request's id.
    expect(outcomes.filter((o) => o.answer.id !== o.sentId).map(summary), 'answers under another id').toEqual([]);
    // No answer holds another user's marker.
    const crossTalk = outcomes.filter((o) => tagged.some((t) => t !== o.user && o.answer.text.includes(t.marker)));
    expect(crossTalk.map(summary), 'cross-talk').toEqual([]);
    // Every read of the user's own data succeeded and showed their own item.
    const ownReads = outcomes.filter((o) => !o.step.foreign);
    expect(
      ownReads.filter((o) => o.answer.isError || !o.answer.text.includes(o.user.marker)).map(summary),
      'own reads without their own item',
    ).toEqual([]);
    // Another user's handle resolves to nothing: no Graph request for their message was made.
    const foreignTries = outcomes.filter((o) => o.step.foreign);
    expect(foreignTries.length).toBeGreaterThanOrEqual(tagged.length * SESSIONS_PER_USER * 2);
    expect(
      foreignTries
        .filter(
          (o) => !o.answer.isError || !o.answer.text.includes(`unknown message handle "${o.foreign.messageHandle}"`),
        )
        .map(summary),
      'foreign handles not refused as unknown',
    ).toEqual([]);
    const leaked = emulator.stats.graphRequests.filter((request) =>
      tagged.some(
        (t) =>
          t.user.id !== request.userId && decodeURIComponent(`${request.path}${request.search}`).includes(t.messageId),
      ),
    );
    expect(
      leaked.map((request) => `${request.userId} ${request.method} ${request.path}`),
      'Graph requests for another user’s message',
    ).toEqual([]);
    // Handles belong to the user: all 10 sessions were shown the same handle for an item, the one
    // derived with that user's key, and no two users share one.
    for (const kind of ['message', 'event', 'contact'] as const) {
      const byUser = tagged.map(
        (t) => new Set(outcomes.filter((o) => o.user === t && o.step.shows === kind).map((o) => o.shown)),
      );
      expect(byUser.map((handles) => handles.size)).toEqual(tagged.map(() => 1));
      expect(new Set(byUser.map((handles) => [...handles][0])).size).toBe(tagged.length);
    }
    expect(tagged.map((t) => outcomes.find((o) => o.user === t && o.step.shows === 'message')?.shown)).toEqual(
      tagged.map((t) => t.messageHandle),
    );

    // The MailboxGate held: at most 4 Graph requests in flight per mailbox, and more than one at once
    // for some user, so the calls really overlapped (without the gate a user reaches 10).
    const inFlight = tagged.map((t) => emulator.stats.maxInFlightByUser[t.user.id] ?? 0);
    expect(Math.max(...inFlight), 'most Graph requests in flight for one mailbox').toBeLessThanOrEqual(4);
    expect(Math.max(...inFlight)).toBeGreaterThan(1);
    expect(inFlight.every((most) => most >= 1)).toBe(true);
  });
});
