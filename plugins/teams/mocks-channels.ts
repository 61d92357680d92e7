/**
 * Teams and channels endpoints over the tenant's Teams area: joined teams, channels, channel posts
 * and thread replies (newest first, paged), and posting. A team the caller is not in is Graph's 404.
 */
import { http, type RequestHandler } from 'msw';
import type { DemoUser, GraphMockEnv, RequestLike, StoredChannelMessage } from 'm365-mcp-gateway/testing';
import { MESSAGE_PROPERTIES, newMessageBody, param, SCOPES } from './mocks-shared';

const TEAM_PROPERTIES = ['id', 'createdDateTime', 'displayName', 'description', 'isArchived', 'tenantId', 'visibility'];
const CHANNEL_PROPERTIES = [
  'id',
  'createdDateTime',
  'displayName',
  'description',
  'email',
  'membershipType',
  'tenantId',
  'webUrl',
  'isArchived',
];

export function channelMocks(env: GraphMockEnv): RequestHandler[] {
  const base = env.graphBaseUrl;
  const teamsOf = env.tenant.teams;

  /** The caller's team and channel, or Graph's 404 for either. */
  const place = (user: DemoUser, teamId: string, channelId?: string) => {
    const team = teamsOf.team(teamId);
    if (!team?.memberIds.includes(user.id)) {
      return env.graphError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    }
    if (channelId === undefined) return { team, channel: undefined };
    const channel = team.channels.find((c) => c.id === channelId);
    if (!channel) return env.graphError(404, 'NotFound', `Channel ${channelId} not found in team ${teamId}.`);
    return { team, channel };
  };

  const messageList = (request: RequestLike, items: readonly object[], context: string, withReplies: boolean) =>
    env.odata.list(request, items, {
      context,
      entityType: 'microsoft.graph.chatMessage',
      properties: MESSAGE_PROPERTIES,
      defaultTop: 20,
      maxTop: 50,
      shape: (item, q) => {
        const { replies, ...message } = item as StoredChannelMessage;
        return q.expand.some((e) => e.property === 'replies') && withReplies
          ? { ...message, 'replies@odata.context': `${context}('${message.id}')/replies`, replies: [...replies] }
          : message;
      },
    });

  return [
    http.get(`${base}/me/joinedTeams`, ({ request }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.joinedTeams] });
      if (user instanceof Response) return user;
      const teams = teamsOf.joinedTeams(user.id).map((t) => ({
        id: t.id,
        createdDateTime: null,
        displayName: t.displayName,
        description: t.description,
        isArchived: false,
        tenantId: user.tenantId,
        visibility: t.visibility,
      }));
      return env.odata.list(request, teams, {
        context: `${base}/$metadata#teams`,
        entityType: 'microsoft.graph.team',
        properties: TEAM_PROPERTIES,
        defaultTop: 1000,
      });
    }),

    http.get(`${base}/teams/:team/channels`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.channels] });
      if (user instanceof Response) return user;
      const found = place(user, param(params.team));
      if (found instanceof Response) return found;
      const channels = found.team.channels.map(({ messages: _, teamId: __, ...c }) => ({
        ...c,
        tenantId: user.tenantId,
        isArchived: false,
      }));
      return env.odata.list(request, channels, {
        context: `${base}/$metadata#teams('${found.team.id}')/channels`,
        entityType: 'microsoft.graph.channel',
        properties: CHANNEL_PROPERTIES,
        filterable: ['displayName', 'membershipType'],
        defaultTop: 1000,
      });
    }),

    http.get(`${base}/teams/:team/channels/:channel/messages`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.readChannelMessages] });
      if (user instanceof Response) return user;
      const found = place(user, param(params.team), param(params.channel));
      if (found instanceof Response) return found;
      const newestFirst = [...(found.channel?.messages ?? [])].reverse();
      const context = `${base}/$metadata#teams('${found.team.id}')/channels('${found.channel?.id}')/messages`;
      return messageList(request, newestFirst, context, true);
    }),

    http.get(`${base}/teams/:team/channels/:channel/messages/:message/replies`, ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.readChannelMessages] });
      if (user instanceof Response) return user;
      const found = place(user, param(params.team), param(params.channel));
      if (found instanceof Response) return found;
      const parent = found.channel?.messages.find((m) => m.id === param(params.message));
      if (!parent) return env.graphError(404, 'NotFound', 'Message not found.');
      const context = `${base}/$metadata#teams('${found.team.id}')/channels('${found.channel?.id}')/messages('${parent.id}')/replies`;
      return messageList(request, [...parent.replies].reverse(), context, false);
    }),

    http.post(`${base}/teams/:team/channels/:channel/messages`, async ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.sendChannelMessage] });
      if (user instanceof Response) return user;
      const found = place(user, param(params.team), param(params.channel));
      if (found instanceof Response) return found;
      const body = await newMessageBody(env, request);
      if (body instanceof Response) return body;
      const posted = teamsOf.postChannelMessage(user.id, found.team.id, found.channel!.id, body);
      return env.graphJson(
        {
          '@odata.context': `${base}/$metadata#teams('${found.team.id}')/channels('${found.channel!.id}')/messages/$entity`,
          ...posted,
        },
        { status: 201 },
      );
    }),

    http.post(`${base}/teams/:team/channels/:channel/messages/:message/replies`, async ({ request, params }) => {
      const user = env.authenticate(request, { anyScope: [...SCOPES.sendChannelMessage] });
      if (user instanceof Response) return user;
      const found = place(user, param(params.team), param(params.channel));
      if (found instanceof Response) return found;
      const parentId = param(params.message);
      // A thread of another channel is not found here: Graph looks the parent up in this channel only.
      if (!found.channel!.messages.some((m) => m.id === parentId)) {
        return env.graphError(404, 'NotFound', 'Message not found.');
      }
      const body = await newMessageBody(env, request);
      if (body instanceof Response) return body;
      const posted = teamsOf.postChannelMessage(user.id, found.team.id, found.channel!.id, body, parentId);
      return env.graphJson(
        {
          '@odata.context': `${base}/$metadata#teams('${found.team.id}')/channels('${found.channel!.id}')/messages('${parentId}')/replies/$entity`,
          ...posted,
        },
        { status: 201 },
      );
    }),
  ];
}
