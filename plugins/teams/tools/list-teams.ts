import type { Channel, Team } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { defineTool, fenceUntrusted, oneLine } from 'm365-mcp-gateway/plugin';

export const listTeams = defineTool({
  name: 'listTeams',
  title: 'List teams',
  description:
    'Your Teams teams with their channels, as handles and names for getChannelMessages and sendTeamsMessage.',
  input: v.strictObject({
    includeChannels: v.optional(v.pipe(v.boolean(), v.description('List each team’s channels')), true),
  }),
  scopes: ['Team.ReadBasic.All', 'Channel.ReadBasic.All'],
  accounts: 'work',
  annotations: { readOnlyHint: true },
  async run({ includeChannels }, ctx) {
    const page = (await ctx.graph.api('/me/joinedTeams').select(['id', 'displayName']).get()) as { value?: Team[] };
    const teams = page.value ?? [];
    if (teams.length === 0) return 'You are not a member of any team.';
    // One $batch for every team's channels rather than a request per team.
    const channels = includeChannels
      ? await ctx.graph.batch(
          teams.map((team) => ({
            method: 'GET',
            url: `/teams/${encodeURIComponent(team.id ?? '')}/channels?$select=id,displayName`,
          })),
        )
      : [];
    const lines = teams.map((team, i) => {
      const line = `- ${ctx.handles.show('team', team.id ?? '')} ${oneLine(team.displayName ?? '', 80)}`;
      if (!includeChannels) return line;
      const answer = channels[i];
      if (answer?.status !== 200) return `${line}: (channels unavailable: ${answer?.status ?? 'no answer'})`;
      const list = ((answer.body as { value?: Channel[] } | undefined)?.value ?? []).map(
        (c) => `${ctx.handles.show('channel', c.id ?? '')} ${oneLine(c.displayName ?? '', 60)}`,
      );
      return `${line}: ${list.join('; ')}`;
    });
    const what = includeChannels ? 'team handle name: channel handle name; …' : 'team handle name';
    return `Your teams (${teams.length}; ${what}):\n${fenceUntrusted(lines.join('\n'), 'team and channel names')}`;
  },
});
