import type { OnlineMeeting, User } from '@microsoft/microsoft-graph-types';
import { defineTool, runWrite, ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { formatMeeting, STANDALONE_NOTE } from '../format';
import { toInstant } from '../local-time';

const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

const participants = v.pipe(
  v.union([v.string(), v.array(v.string())]),
  // Before the transform: JSON Schema can show only what precedes it.
  v.description('Addresses of people in your organisation (array or comma list).'),
  v.transform((value) =>
    (Array.isArray(value) ? value : value.split(/[,;]/)).map((address) => address.trim()).filter(Boolean),
  ),
  v.check((list) => list.length <= 50, 'at most 50 participants'),
);

const dateTime = (what: string) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty(), v.description(`${what}, ISO 8601; no offset = your time zone.`));

/** Directory object ids for addresses (Graph's identity.user.id takes nothing else), or a tool error. */
async function resolveParticipants(addresses: readonly string[], ctx: ToolContext) {
  const malformed = addresses.filter((address) => !ADDRESS.test(address));
  if (malformed.length > 0) {
    throw new ToolError(`Not email addresses: ${malformed.join(', ')}. Nothing was created.`, 'BAD_ARGUMENTS');
  }
  const found = await Promise.all(
    addresses.map((address) =>
      ctx.graph
        .api(`/users/${encodeURIComponent(address)}`)
        .select(['id', 'userPrincipalName'])
        .get()
        .then((user: User) => ({ address, user }))
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode === 404) return { address, user: undefined };
          throw error;
        }),
    ),
  );
  const unknown = found.filter((entry) => !entry.user?.id).map((entry) => entry.address);
  if (unknown.length > 0) {
    throw new ToolError(
      `Not found in your organisation's directory: ${unknown.join(', ')}. A standalone meeting lists only directory users; leave them out and share the join link with them instead. Nothing was created.`,
      'BAD_ARGUMENTS',
    );
  }
  return found.map(({ address, user }) => ({
    upn: user?.userPrincipalName ?? address,
    role: 'attendee' as const,
    identity: { user: { id: user!.id! } },
  }));
}

export const createOnlineMeeting = defineTool({
  name: 'createOnlineMeeting',
  title: 'Create a standalone Teams meeting',
  description:
    'A standalone Teams meeting link: no calendar event or invitations, and no transcript or recording is kept (use createTeamsMeeting for those).',
  input: v.strictObject({
    subject: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(255), v.description('Meeting title.')),
    start: dateTime('Start'),
    end: dateTime('End'),
    participants: v.optional(participants),
    lobbyBypass: v.optional(
      v.pipe(
        v.picklist(['organizer', 'organization', 'organizationAndFederated', 'everyone', 'invited']),
        v.description('Who skips the lobby (default organization).'),
      ),
    ),
    allowRecording: v.optional(v.pipe(v.boolean(), v.description('Default true.'))),
  }),
  // User.ReadBasic.All: participants' addresses are looked up for their directory object ids.
  scopes: ['OnlineMeetings.ReadWrite', 'User.ReadBasic.All'],
  accounts: 'work',
  annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async run(args, ctx) {
    const zone = ctx.user.timeZone;
    const start = toInstant(args.start, zone);
    const end = toInstant(args.end, zone);
    const problems = [
      Number.isNaN(start) ? `"start" is not an ISO 8601 date-time (e.g. 2026-12-01T10:00)` : '',
      Number.isNaN(end) ? `"end" is not an ISO 8601 date-time (e.g. 2026-12-01T10:30)` : '',
      !Number.isNaN(start) && !Number.isNaN(end) && end <= start ? '"end" must be after "start"' : '',
    ].filter(Boolean);
    if (problems.length > 0) throw new ToolError(`${problems.join('; ')}. Nothing was created.`, 'BAD_ARGUMENTS');
    const attendees = await resolveParticipants(args.participants ?? [], ctx);
    const body = {
      subject: args.subject,
      startDateTime: new Date(start).toISOString(),
      endDateTime: new Date(end).toISOString(),
      participants: { attendees },
      ...(args.lobbyBypass ? { lobbyBypassSettings: { scope: args.lobbyBypass } } : {}),
      ...(args.allowRecording === undefined ? {} : { allowRecording: args.allowRecording }),
    };
    // One POST, never repeated: a lost answer is reported as "may have happened" by the gateway.
    const created = (await runWrite(ctx, { action: 'createOnlineMeeting', items: [] }, () =>
      ctx.graph.api('/me/onlineMeetings').post(body),
    )) as OnlineMeeting;
    return `${formatMeeting(created, ctx, 'Created meeting')}\n${STANDALONE_NOTE}`;
  },
});
