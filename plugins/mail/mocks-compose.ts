/**
 * Graph's compose endpoints over the emulated tenant: create a draft, send a draft, reply /
 * replyAll / forward (sent at once) and createReply / createReplyAll / createForward (drafts).
 * Validated like Graph: recipients must be addresses, a send needs at least one recipient.
 */
import type { FileAttachment, Message } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import {
  createDraft,
  createResponseDraft,
  isWellFormedExchangeId,
  respond,
  sendDraft,
  type DemoUser,
  type GraphMockEnv,
  type NewAttachment,
  type ReplyMode,
  type RequestLike,
  type StoredMessage,
} from 'm365-mcp-gateway/testing';

const WRITE_SCOPES = ['Mail.ReadWrite', 'Mail.ReadWrite.Shared'];
const SEND_SCOPES = ['Mail.Send', 'Mail.Send.Shared'];
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

type Body = { message?: Message; comment?: string; toRecipients?: Message['toRecipients'] };

/** Graph's own checks on attachments it is given inline. */
export function parseNewAttachments(env: GraphMockEnv, list: unknown): NewAttachment[] | Response {
  const out: NewAttachment[] = [];
  for (const a of (Array.isArray(list) ? list : []) as FileAttachment[]) {
    if (!a.name || typeof a.contentBytes !== 'string')
      return env.graphError(400, 'ErrorInvalidRequest', 'The attachment must have a name and contentBytes.');
    out.push({
      name: a.name,
      contentType: a.contentType ?? 'application/octet-stream',
      contentBytes: a.contentBytes,
      isInline: a.isInline ?? false,
    });
  }
  return out;
}

export function invalidRecipients(env: GraphMockEnv, message: Message, needOne: boolean): Response | undefined {
  const all = [...(message.toRecipients ?? []), ...(message.ccRecipients ?? []), ...(message.bccRecipients ?? [])];
  if (needOne && all.length === 0)
    return env.graphError(400, 'ErrorInvalidRecipients', 'At least one recipient is required, but none were found.');
  if (all.some((r) => !ADDRESS.test(r.emailAddress?.address ?? ''))) {
    return env.graphError(400, 'ErrorInvalidRecipients', "At least one recipient isn't valid.");
  }
  return undefined;
}

export function composeHandlers(
  env: GraphMockEnv,
  shape: (request: RequestLike, user: DemoUser, m: StoredMessage) => object,
): RequestHandler[] {
  const base = env.graphBaseUrl;
  const entity = (user: DemoUser) => `${base}/$metadata#users('${user.id}')/messages/$entity`;

  const messageOf = (user: DemoUser, raw: unknown): StoredMessage | Response => {
    const id = decodeURIComponent(String(raw ?? ''));
    if (!isWellFormedExchangeId(id)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    return (
      env.tenant.getMessage(user.id, id) ??
      env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.')
    );
  };

  const readJson = async (request: { text(): Promise<string> }): Promise<Body | Response> => {
    const text = await request.text();
    if (!text) return {};
    try {
      return JSON.parse(text) as Body;
    } catch {
      return env.graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
    }
  };

  /** Graph refuses a reply that has both: `comment` goes above the quote, `message.body` replaces it. */
  const commentWithBody = (body: Body): Response | undefined =>
    body.comment !== undefined && body.message?.body !== undefined
      ? env.graphError(
          400,
          'ErrorInvalidRequest',
          'Specify either comment or the body property of the message parameter, not both.',
        )
      : undefined;

  /** What reply/replyAll/forward and their create* drafts share: the caller, the original, the request. */
  const readResponse = async (
    request: RequestLike & { text(): Promise<string> },
    id: unknown,
    scopes: typeof SEND_SCOPES,
    forward: boolean,
  ) => {
    const user = env.authenticate(request, { anyScope: scopes });
    if (user instanceof Response) return user;
    const original = messageOf(user, id);
    if (original instanceof Response) return original;
    const body = await readJson(request);
    if (body instanceof Response) return body;
    const both = commentWithBody(body);
    if (both) return both;
    const extra: Message = { ...body.message };
    if (body.toRecipients) extra.toRecipients = body.toRecipients;
    const bad = invalidRecipients(env, extra, forward);
    if (bad) return bad;
    return { user, original, body, extra };
  };

  const respondRoute = (mode: ReplyMode) =>
    http.post(`${base}/me/messages/:id/${mode}`, async ({ request, params }) => {
      const read = await readResponse(request, params.id, SEND_SCOPES, mode === 'forward');
      if (read instanceof Response) return read;
      respond(env.tenant, read.user.id, read.original, mode, read.extra, read.body.comment);
      return new Response(null, { status: 202 });
    });

  const draftRoute = (endpoint: string, mode: ReplyMode) =>
    http.post(`${base}/me/messages/:id/${endpoint}`, async ({ request, params }) => {
      const read = await readResponse(request, params.id, WRITE_SCOPES, false);
      if (read instanceof Response) return read;
      const added = parseNewAttachments(env, read.extra.attachments);
      if (added instanceof Response) return added;
      const draft = createResponseDraft(
        env.tenant,
        read.user.id,
        read.original,
        mode,
        read.extra,
        added,
        read.body.comment,
      );
      return env.graphJson(
        { '@odata.context': entity(read.user), ...shape(request, read.user, draft) },
        { status: 201 },
      );
    });

  return [
    http.post(`${base}/me/messages`, async ({ request }) => {
      const user = env.authenticate(request, { anyScope: WRITE_SCOPES });
      if (user instanceof Response) return user;
      const body = (await readJson(request)) as Message | Response;
      if (body instanceof Response) return body;
      const bad = invalidRecipients(env, body, false);
      if (bad) return bad;
      const attachments = parseNewAttachments(env, body.attachments);
      if (attachments instanceof Response) return attachments;
      const draft = createDraft(env.tenant, user.id, body, attachments);
      return env.graphJson({ '@odata.context': entity(user), ...shape(request, user, draft) }, { status: 201 });
    }),
    http.post(`${base}/me/messages/:id/send`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: SEND_SCOPES });
      if (user instanceof Response) return user;
      const draft = messageOf(user, params.id);
      if (draft instanceof Response) return draft;
      if (!draft.isDraft) return env.graphError(400, 'ErrorInvalidOperation', 'Only draft messages can be sent.');
      const bad = invalidRecipients(env, draft, true);
      if (bad) return bad;
      sendDraft(env.tenant, user.id, draft.id);
      return new Response(null, { status: 202 });
    }),
    respondRoute('reply'),
    respondRoute('replyAll'),
    respondRoute('forward'),
    draftRoute('createReply', 'reply'),
    draftRoute('createReplyAll', 'replyAll'),
    draftRoute('createForward', 'forward'),
  ];
}
