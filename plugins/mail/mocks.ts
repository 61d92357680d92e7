/**
 * Outlook mail endpoints of Microsoft Graph over the emulated tenant (MSW handlers). Served the way
 * Graph serves them: OData options with Graph's limits and errors, `Prefer` body type, per-user
 * isolation, ids that change on move, and 202 for sendMail.
 */
import type { FileAttachment, Message } from '@microsoft/microsoft-graph-types';
import { http, type RequestHandler } from 'msw';
import {
  htmlToText,
  isWellFormedExchangeId,
  parseKql,
  type DemoUser,
  type GraphMockEnv,
  type ListOptions,
  type ODataQuery,
  type RequestLike,
  type StoredFolder,
  type StoredMessage,
} from 'm365-mcp-gateway/testing';
import { composeHandlers, invalidRecipients, parseNewAttachments } from './mocks-compose';

const READ_SCOPES = ['Mail.ReadBasic', 'Mail.Read', 'Mail.ReadWrite', 'Mail.Read.Shared', 'Mail.ReadWrite.Shared'];
const WRITE_SCOPES = ['Mail.ReadWrite', 'Mail.ReadWrite.Shared'];
const SEND_SCOPES = ['Mail.Send', 'Mail.Send.Shared'];

const MESSAGE_PROPERTIES = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'changeKey',
  'categories',
  'receivedDateTime',
  'sentDateTime',
  'hasAttachments',
  'internetMessageId',
  'subject',
  'bodyPreview',
  'importance',
  'parentFolderId',
  'conversationId',
  'isDeliveryReceiptRequested',
  'isReadReceiptRequested',
  'isRead',
  'isDraft',
  'webLink',
  'inferenceClassification',
  'body',
  'uniqueBody',
  'sender',
  'from',
  'toRecipients',
  'ccRecipients',
  'bccRecipients',
  'replyTo',
  'flag',
  'attachments',
];
const MESSAGE_FILTERABLE = [
  'isRead',
  'hasAttachments',
  'importance',
  'conversationId',
  'from/emailAddress/address',
  'from/emailAddress/name',
  'sender/emailAddress/address',
  'receivedDateTime',
  'sentDateTime',
  'createdDateTime',
  'lastModifiedDateTime',
  'subject',
  'flag/flagStatus',
  'inferenceClassification',
  'parentFolderId',
  'isDraft',
  'categories',
  'internetMessageId',
];
const FOLDER_PROPERTIES = [
  'id',
  'displayName',
  'parentFolderId',
  'childFolderCount',
  'unreadItemCount',
  'totalItemCount',
  'isHidden',
];
const ATTACHMENT_PROPERTIES = [
  'id',
  'name',
  'contentType',
  'size',
  'isInline',
  'lastModifiedDateTime',
  'contentBytes',
  'contentId',
  'contentLocation',
];

type Resolved<T> = T | Response;

/** `Prefer: IdType="ImmutableId"` (on the request, or on a `$batch` sub-request): ids that survive moves. */
function wantsImmutableIds(request: RequestLike): boolean {
  return /IdType\s*=\s*"?ImmutableId"?/i.test(request.headers.get('prefer') ?? '');
}

/** Graph returns the body as text only when asked with `Prefer: outlook.body-content-type="text"`. */
function wantsText(request: RequestLike): boolean {
  return /outlook\.body-content-type\s*=\s*"?text"?/i.test(request.headers.get('prefer') ?? '');
}

function decode(param: unknown): string {
  const s = String(param ?? '');
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function searchMatches(m: StoredMessage, query: string): boolean {
  const text = (v: unknown) => String(v ?? '').toLowerCase();
  const people = (rs: Message['toRecipients']) =>
    (rs ?? []).map((r) => `${r.emailAddress?.name} ${r.emailAddress?.address}`).join(' ');
  const from = `${m.from?.emailAddress?.name} ${m.from?.emailAddress?.address}`;
  const bodyText = htmlToText(m.body?.content ?? '');
  return parseKql(query).every(({ field, value }) => {
    const v = value.toLowerCase();
    switch (field) {
      case 'from':
        return text(from).includes(v);
      case 'to':
        return text(people(m.toRecipients)).includes(v);
      case 'cc':
        return text(people(m.ccRecipients)).includes(v);
      case 'participants':
        return text(`${from} ${people(m.toRecipients)} ${people(m.ccRecipients)}`).includes(v);
      case 'subject':
        return text(m.subject).includes(v);
      case 'body':
        return text(bodyText).includes(v);
      case 'hasattachments':
      case 'hasattachment':
        return String(m.hasAttachments) === v;
      case 'attachment':
        return false;
      default:
        return text(`${m.subject} ${bodyText} ${from}`).includes(v);
    }
  });
}

export default function mailMocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const ctx = (u: DemoUser, tail: string) => `${base}/$metadata#users('${u.id}')/${tail}`;

  const auth = (request: RequestLike, scopes: string[]): Resolved<DemoUser> =>
    env.authenticate(request, { anyScope: scopes });

  const folderOf = (user: DemoUser, raw: unknown): Resolved<StoredFolder> => {
    const idOrName = decode(raw);
    const folder = env.tenant.resolveFolder(user.id, idOrName);
    if (folder) return folder;
    if (!isWellFormedExchangeId(idOrName)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    return env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  };

  const messageOf = (user: DemoUser, raw: unknown): Resolved<StoredMessage> => {
    const id = decode(raw);
    if (!isWellFormedExchangeId(id)) return env.graphError(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
    return (
      env.tenant.getMessage(user.id, id) ??
      env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.')
    );
  };

  /** Attachments with their ids in the form the request prefers (immutable ids are built on the message's). */
  const attachmentsOf = (request: RequestLike, user: DemoUser, m: StoredMessage): FileAttachment[] => {
    const mailbox = env.tenant.mailbox(user.id);
    const list = mailbox.getAttachments(m.id);
    if (!wantsImmutableIds(request)) return list;
    return list.map((a) => ({ ...a, id: mailbox.immutableAttachmentId(m.id, a.id ?? '') }));
  };

  /** A message's wire id: the immutable one when the request prefers it, else the current default id. */
  const idOf = (request: RequestLike, user: DemoUser, m: StoredMessage): string =>
    wantsImmutableIds(request) ? env.tenant.mailbox(user.id).immutableId(m.id) : m.id;

  /** Wire form of a message: body type per Prefer, $expand=attachments with its own $select. */
  const shapeMessage =
    (request: RequestLike, user: DemoUser) =>
    (m: StoredMessage, q: ODataQuery): object => {
      const out: Record<string, unknown> = { ...m, id: idOf(request, user, m) };
      if (wantsText(request)) out.body = { contentType: 'text', content: htmlToText(m.body?.content ?? '') };
      const expand = q.expand.find((e) => e.property === 'attachments');
      if (expand)
        out.attachments = attachmentsOf(request, user, m).map((a) => env.odata.selectFields(a, expand.select));
      return out;
    };

  const preferHeaders = (request: RequestLike): Record<string, string> => {
    const applied = [
      ...(request.headers.get('prefer')?.match(/outlook\.body-content-type/i)
        ? [`outlook.body-content-type="${wantsText(request) ? 'text' : 'html'}"`]
        : []),
      ...(wantsImmutableIds(request) ? ['IdType="ImmutableId"'] : []),
    ];
    return applied.length ? { 'Preference-Applied': applied.join(', ') } : {};
  };

  const messageList = (request: RequestLike, user: DemoUser, context: string): ListOptions<StoredMessage> => ({
    context,
    entityType: 'microsoft.graph.message',
    properties: MESSAGE_PROPERTIES,
    filterable: MESSAGE_FILTERABLE,
    defaultTop: 10,
    maxTop: 1000,
    defaultOrderBy: [{ property: 'receivedDateTime', desc: true }],
    orderByMustLeadFilter: true,
    search: searchMatches,
    shape: shapeMessage(request, user),
    headers: preferHeaders(request),
  });

  const folderList = (user: DemoUser, folders: StoredFolder[], request: RequestLike, context: string) =>
    env.odata.list(
      request,
      folders.map((f) => env.tenant.mailbox(user.id).folderView(f)),
      {
        context,
        entityType: 'microsoft.graph.mailFolder',
        properties: FOLDER_PROPERTIES,
        filterable: ['displayName', 'parentFolderId', 'isHidden'],
        defaultOrderBy: [{ property: 'displayName', desc: false }],
      },
    );

  const sendMail = async (request: RequestLike & { text(): Promise<string> }): Promise<Response> => {
    const user = auth(request, SEND_SCOPES);
    if (user instanceof Response) return user;
    let payload: { message?: Message; saveToSentItems?: boolean | string };
    try {
      payload = JSON.parse(await request.text()) as typeof payload;
    } catch {
      return env.graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
    }
    const message = payload.message;
    if (!message || typeof message !== 'object')
      return env.graphError(400, 'ErrorInvalidRequest', "The 'message' parameter is required.");
    const bad = invalidRecipients(env, message, true);
    if (bad) return bad;
    const attachments = parseNewAttachments(env, message.attachments);
    if (attachments instanceof Response) return attachments;
    env.tenant.sendMail(user.id, message, {
      saveToSentItems: String(payload.saveToSentItems ?? 'true') !== 'false',
      attachments,
    });
    return new Response(null, { status: 202, headers: { 'request-id': crypto.randomUUID() } });
  };

  return [
    ...composeHandlers(env, (request, user, m) =>
      shapeMessage(request, user)(m, env.odata.parse(new URL(request.url))),
    ),
    http.get(`${base}/me/mailFolders`, ({ request }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const mb = env.tenant.mailbox(user.id);
      return folderList(user, mb.childFolders(mb.root.id), request, ctx(user, 'mailFolders'));
    }),
    http.get(`${base}/me/mailFolders/:folder`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const folder = folderOf(user, params.folder);
      if (folder instanceof Response) return folder;
      const view = env.tenant.mailbox(user.id).folderView(folder);
      return env.odata.entity(request, view, {
        context: ctx(user, 'mailFolders'),
        properties: FOLDER_PROPERTIES,
        entityType: 'microsoft.graph.mailFolder',
      });
    }),
    http.get(`${base}/me/mailFolders/:folder/childFolders`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const folder = folderOf(user, params.folder);
      if (folder instanceof Response) return folder;
      return folderList(
        user,
        env.tenant.mailbox(user.id).childFolders(folder.id),
        request,
        ctx(user, `mailFolders('${folder.id}')/childFolders`),
      );
    }),
    http.get(`${base}/me/mailFolders/:folder/messages`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const folder = folderOf(user, params.folder);
      if (folder instanceof Response) return folder;
      return env.odata.list(
        request,
        env.tenant.messages(user.id, folder.id),
        messageList(request, user, ctx(user, `mailFolders('${folder.id}')/messages`)),
      );
    }),
    http.get(`${base}/me/messages`, ({ request }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      return env.odata.list(request, env.tenant.messages(user.id), messageList(request, user, ctx(user, 'messages')));
    }),
    ...[`${base}/me/messages/:id`, `${base}/me/mailFolders/:folder/messages/:id`].map((path) =>
      http.get(path, ({ request, params }) => {
        const user = auth(request, READ_SCOPES);
        if (user instanceof Response) return user;
        const m = messageOf(user, params.id);
        if (m instanceof Response) return m;
        return env.odata.entity(request, m, {
          context: ctx(user, 'messages'),
          properties: MESSAGE_PROPERTIES,
          entityType: 'microsoft.graph.message',
          shape: shapeMessage(request, user),
          headers: preferHeaders(request),
        });
      }),
    ),
    http.get(`${base}/me/messages/:id/attachments`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const m = messageOf(user, params.id);
      if (m instanceof Response) return m;
      return env.odata.list(request, attachmentsOf(request, user, m), {
        context: ctx(user, `messages('${m.id}')/attachments`),
        entityType: 'microsoft.graph.attachment',
        properties: ATTACHMENT_PROPERTIES,
        defaultTop: 1000,
      });
    }),
    http.get(`${base}/me/messages/:id/attachments/:attachmentId`, ({ request, params }) => {
      const user = auth(request, READ_SCOPES);
      if (user instanceof Response) return user;
      const m = messageOf(user, params.id);
      if (m instanceof Response) return m;
      const mailbox = env.tenant.mailbox(user.id);
      const found = mailbox.findAttachment(m.id, decode(params.attachmentId));
      const a =
        found && wantsImmutableIds(request)
          ? { ...found, id: mailbox.immutableAttachmentId(m.id, found.id ?? '') }
          : found;
      if (!a) return env.graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return env.odata.entity(request, a, {
        context: ctx(user, `messages('${m.id}')/attachments`),
        properties: ATTACHMENT_PROPERTIES,
        entityType: 'microsoft.graph.attachment',
      });
    }),
    http.post(`${base}/me/sendMail`, ({ request }) => sendMail(request)),
    http.patch(`${base}/me/messages/:id`, async ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      const m = messageOf(user, params.id);
      if (m instanceof Response) return m;
      const patch = (await request.json().catch(() => null)) as Record<string, unknown> | null;
      if (!patch || typeof patch !== 'object')
        return env.graphError(400, 'ErrorInvalidRequest', 'Empty Payload. JSON content expected.');
      const allowed = ['isRead', 'categories', 'flag', 'importance', 'inferenceClassification', 'subject'];
      const bad = Object.keys(patch).find((k) => !allowed.includes(k));
      if (bad)
        return env.graphError(
          400,
          'ErrorInvalidPropertyUpdateSentMessage',
          `Property '${bad}' can't be updated by this emulator.`,
        );
      const updated = env.tenant.updateMessage(user.id, m.id, patch);
      return env.graphJson({
        '@odata.context': `${ctx(user, 'messages')}/$entity`,
        ...updated,
        ...(updated ? { id: idOf(request, user, updated) } : {}),
      });
    }),
    http.post(`${base}/me/messages/:id/move`, async ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      const m = messageOf(user, params.id);
      if (m instanceof Response) return m;
      const body = (await request.json().catch(() => null)) as { destinationId?: string } | null;
      if (!body?.destinationId)
        return env.graphError(400, 'ErrorInvalidRequest', "The 'destinationId' parameter is required.");
      const dest = folderOf(user, body.destinationId);
      if (dest instanceof Response) return dest;
      const moved = env.tenant.moveMessage(user.id, m.id, dest.id);
      return env.graphJson(
        {
          '@odata.context': `${ctx(user, 'messages')}/$entity`,
          ...moved,
          ...(moved ? { id: idOf(request, user, moved) } : {}),
        },
        { status: 201 },
      );
    }),
    http.delete(`${base}/me/messages/:id`, ({ request, params }) => {
      const user = auth(request, WRITE_SCOPES);
      if (user instanceof Response) return user;
      const m = messageOf(user, params.id);
      if (m instanceof Response) return m;
      // Graph's DELETE soft-deletes into Recoverable Items: gone from every folder the user sees,
      // not moved to Deleted Items (that is POST …/move with destinationId 'deleteditems').
      env.tenant.deleteMessage(user.id, m.id);
      return new Response(null, { status: 204 });
    }),
  ];
}
