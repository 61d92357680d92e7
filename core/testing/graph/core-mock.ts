/**
 * Core Graph endpoints every plugin relies on: /me, /me/mailboxSettings and JSON $batch, plus the
 * request recorder (first) and Graph's "Resource not found for the segment" answer (last).
 */
import { http, type RequestHandler } from 'msw';
import type { DemoUser, EmulatorStats, GraphMockEnv, JournalEntry, RequestLike } from '../types';
import { markBatchPart } from './faults';
import { answerAndJournal } from './journal';

export const USER_PROPERTIES = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'department',
  'accountEnabled',
  'usageLocation',
];

export function userResource(u: DemoUser, full: boolean): Record<string, unknown> {
  const base = {
    businessPhones: u.businessPhones,
    displayName: u.displayName,
    givenName: u.givenName,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: u.mobilePhone,
    officeLocation: u.officeLocation,
    preferredLanguage: u.preferredLanguage,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
  // Graph returns only the default set unless properties are $select-ed.
  return full
    ? { ...base, department: u.department, accountEnabled: true, usageLocation: u.preferredLanguage.slice(3) }
    : base;
}

function mailboxSettings(u: DemoUser): Record<string, unknown> {
  return {
    archiveFolder: 'archive',
    timeZone: u.timeZone,
    delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
    dateFormat: u.preferredLanguage === 'en-GB' ? 'dd/MM/yyyy' : 'M/d/yyyy',
    timeFormat: u.preferredLanguage === 'en-GB' ? 'HH:mm' : 'h:mm tt',
    userPurpose: 'user',
    automaticRepliesSetting: {
      status: 'disabled',
      externalAudience: 'all',
      internalReplyMessage: '',
      externalReplyMessage: '',
    },
    language: {
      locale: u.preferredLanguage,
      displayName: u.preferredLanguage === 'en-GB' ? 'English (United Kingdom)' : 'English (United States)',
    },
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: u.timeZone },
    },
  };
}

type JournalingEnv = GraphMockEnv & { userFor(request: RequestLike): DemoUser | undefined };

/** Segments Graph knows at the root; the first unknown segment is the one its error names. */
const ROOT_SEGMENTS = new Set([
  'me',
  'users',
  'groups',
  'teams',
  'chats',
  'communications',
  'drives',
  'sites',
  'organization',
  'solutions',
  '$batch',
  '$metadata',
]);

/**
 * The one MSW handler in front of Graph: records the request (with its body), counts it as in
 * flight until `graphHandlers` (faults, core and plugin mocks, fallback) have answered.
 */
export function graphDispatcher(
  env: GraphMockEnv & { userFor(request: RequestLike): DemoUser | undefined },
  stats: EmulatorStats,
  graphHandlers: () => RequestHandler[],
  journal: JournalEntry[],
): RequestHandler {
  const inFlight = new Map<string, number>();
  let total = 0;
  return http.all(`${env.graphBaseUrl}/*`, async ({ request }) => {
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.clone().text();
    env.record(request, undefined, body ? { body } : undefined);
    const userId = env.userFor(request)?.id ?? '(anonymous)';
    total += 1;
    inFlight.set(userId, (inFlight.get(userId) ?? 0) + 1);
    stats.maxInFlight = Math.max(stats.maxInFlight, total);
    stats.maxInFlightByUser[userId] = Math.max(stats.maxInFlightByUser[userId] ?? 0, inFlight.get(userId) ?? 0);
    try {
      return await answerAndJournal(env, journal, graphHandlers(), request as unknown as Request);
    } finally {
      total -= 1;
      inFlight.set(userId, (inFlight.get(userId) ?? 1) - 1);
    }
  });
}

export function coreGraphHandlers(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const context = (u: DemoUser) => `${base}/$metadata#users('${u.id}')`;
  return [
    http.get(`${base}/me`, ({ request }) => {
      const user = env.authenticate(request);
      if (user instanceof Response) return user;
      const selected = new URL(request.url).searchParams.has('$select');
      const fullContext = `${base}/$metadata#users`;
      return env.odata.entity(request, userResource(user, selected), {
        context: fullContext,
        properties: USER_PROPERTIES,
        entityType: 'microsoft.graph.user',
      });
    }),
    http.get(`${base}/me/mailboxSettings`, ({ request }) => {
      const user = env.authenticate(request);
      if (user instanceof Response) return user;
      const settings = mailboxSettings(user);
      const q = env.odata.parse(new URL(request.url));
      const body = q.select
        ? Object.fromEntries(Object.entries(settings).filter(([k]) => q.select?.includes(k)))
        : settings;
      return env.graphJson({ '@odata.context': `${context(user)}/mailboxSettings`, ...body });
    }),
    http.get(`${base}/me/mailboxSettings/:setting`, ({ request, params }) => {
      const user = env.authenticate(request);
      if (user instanceof Response) return user;
      const name = String(params.setting);
      const value = mailboxSettings(user)[name];
      if (value === undefined)
        return env.graphError(400, 'BadRequest', `Resource not found for the segment '${name}'.`);
      return env.graphJson({
        '@odata.context': `${context(user)}/mailboxSettings/${name}`,
        ...(typeof value === 'object' ? value : { value }),
      });
    }),
  ];
}

/** JSON batching (`POST /$batch`): each sub-request is answered by the same handlers, in order. */
async function batch(
  request: RequestLike & { text(): Promise<string> },
  env: JournalingEnv,
  handlers: () => RequestHandler[],
  journal: JournalEntry[],
): Promise<Response> {
  let body: {
    requests?: Array<{ id?: string; method?: string; url?: string; headers?: Record<string, string>; body?: unknown }>;
  };
  try {
    body = JSON.parse(await request.text()) as typeof body;
  } catch {
    return env.graphError(400, 'BadRequest', 'Invalid batch payload format.');
  }
  const requests = body.requests ?? [];
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > 20) {
    return env.graphError(400, 'BadRequest', 'Invalid batch payload: the request must hold 1 to 20 requests.');
  }
  const responses = [];
  for (const r of requests) {
    const headers = new Headers(r.headers ?? {});
    const auth = request.headers.get('authorization');
    if (auth) headers.set('authorization', auth);
    const hasBody = r.body !== undefined && r.method !== 'GET';
    if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const sub = markBatchPart(
      new Request(`${env.graphBaseUrl}${(r.url ?? '').startsWith('/') ? '' : '/'}${r.url ?? ''}`, {
        method: r.method ?? 'GET',
        headers,
        ...(hasBody ? { body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body) } : {}),
      }),
    );
    env.record(sub, undefined, { ...(hasBody ? { body: await sub.clone().text() } : {}), inBatch: true });
    const res =
      (await answerAndJournal(env, journal, handlers(), sub)) ??
      env.graphError(400, 'BadRequest', 'Resource not found.');
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k === 'content-type' || k === 'retry-after' || k === 'location' || k === 'preference-applied')
        resHeaders[k] = v;
    });
    responses.push({
      id: r.id ?? '',
      status: res.status,
      headers: resHeaders,
      ...(parsed !== undefined ? { body: parsed } : {}),
    });
  }
  return env.graphJson({ responses });
}

/** Last handler: `$batch`, then Graph's answer for any path no mock serves. */
export function fallbackHandler(
  env: JournalingEnv,
  handlers: () => RequestHandler[],
  journal: JournalEntry[],
): RequestHandler {
  return http.all(`${env.graphBaseUrl}/*`, async ({ request }) => {
    const basePath = new URL(env.graphBaseUrl).pathname.replace(/\/$/, '');
    const segments = new URL(request.url).pathname
      .slice(basePath.length)
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    if (segments.length === 1 && segments[0] === '$batch' && request.method === 'POST') {
      const user = env.authenticate(request);
      if (user instanceof Response) return user;
      return batch(request, env, handlers, journal);
    }
    const unknown = segments.find((s, i) => (i === 0 ? !ROOT_SEGMENTS.has(s) : true)) ?? segments[0] ?? '';
    const segment =
      segments[0] === 'me' || segments[0] === 'users' ? (segments[segments[0] === 'me' ? 1 : 2] ?? unknown) : unknown;
    return env.graphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  });
}
