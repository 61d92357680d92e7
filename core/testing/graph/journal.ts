/**
 * The journal of writes the emulated Graph carried out: what reliability tests count against what
 * tools reported. One place answers every Graph request (top level, `$batch` parts, a fault's
 * "carry it out first"), so no mock has to remember to journal its own writes.
 */
import { getResponse, type RequestHandler } from 'msw';
import type { GraphMockEnv, JournalEntry, RequestLike } from '../types';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Graph's read-only actions that are POSTed (the query is the body): they change nothing. */
const READ_ACTIONS = /\/(findMeetingTimes|getSchedule)$/;
/** Answers already journaled further in (a fault's stalled copy of a carried-out write). */
const alreadyJournaled = new WeakSet<Response>();

/** Marks an answer whose write was journaled where it was carried out. */
export function markJournaled(response: Response): Response {
  alreadyJournaled.add(response);
  return response;
}

/**
 * Answers `request` with `handlers` and, when it was a write Graph carried out (a 2xx to anything
 * but a read action or `$batch` itself, whose parts are journaled one by one), appends it to `journal`.
 */
export async function answerAndJournal(
  env: GraphMockEnv & { userFor(request: RequestLike): { id: string } | undefined },
  journal: JournalEntry[],
  handlers: RequestHandler[],
  request: Request,
): Promise<Response | undefined> {
  // Read before the handlers consume it: the body is how a test finds its own write again.
  const body = READS.has(request.method) || request.bodyUsed ? undefined : await request.clone().text();
  const response = await getResponse(handlers, request);
  if (
    !response ||
    alreadyJournaled.has(response) ||
    response.status < 200 ||
    response.status > 299 ||
    READS.has(request.method)
  )
    return response;
  const path = graphPath(env.graphBaseUrl, request.url);
  if (path === '/$batch' || READ_ACTIONS.test(path)) return response;
  const ids = itemIds(path);
  const created = await createdId(response);
  if (created && !ids.includes(created)) ids.push(created);
  journal.push({
    method: request.method,
    path,
    userId: env.userFor(request)?.id ?? '(anonymous)',
    time: new Date().toISOString(),
    itemIds: ids,
    ...(body ? { body } : {}),
  });
  return response;
}

function graphPath(graphBaseUrl: string, url: string): string {
  const basePath = new URL(graphBaseUrl).pathname.replace(/\/$/, '');
  const { pathname } = new URL(url);
  return pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname;
}

/** Path segments that name an item (Exchange-style ids and GUIDs), not collections or actions. */
function itemIds(path: string): string[] {
  return path
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .filter(
      (segment) =>
        /^AA[A-Za-z0-9_=-]{20,}$/.test(segment) || /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(segment),
    );
}

/** The id of the item the answer describes (a created draft, a moved message's new id). */
async function createdId(response: Response): Promise<string | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    const body = (await response.clone().json()) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : undefined;
  } catch {
    return undefined;
  }
}
