/**
 * Teams and channels by display name, handle or id. Names match exactly (any case) first, then as a
 * part of the name; more than one candidate is an error listing them with their handles, so the
 * model can pick one without a second lookup.
 */
import type { Channel, Team } from '@microsoft/microsoft-graph-types';
import { fenceUntrusted, oneLine, ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';

export interface Named {
  id: string;
  name: string;
}

/** The one item `ref` names, or a ToolError saying which exist or which are candidates. */
export function pickByName(
  items: readonly Named[],
  ref: string,
  what: { kind: 'team' | 'channel' | 'chat'; where: string; argument: string },
  ctx: Pick<ToolContext, 'handles'>,
): Named {
  const wanted = ref.trim().toLowerCase();
  const byId = items.find((item) => item.id === ref);
  if (byId) return byId;
  const exact = items.filter((item) => item.name.toLowerCase() === wanted);
  const matches = exact.length > 0 ? exact : items.filter((item) => item.name.toLowerCase().includes(wanted));
  // Names are chosen by others: fenced, the handles the model should use among them.
  const list = (found: readonly Named[]) =>
    fenceUntrusted(
      found.map((item) => `${ctx.handles.show(what.kind, item.id)} ${oneLine(item.name, 80)}`).join('\n'),
      `${what.kind} names`,
    );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ToolError(
      `"${oneLine(ref, 80)}" matches ${matches.length} ${what.kind}s ${what.where}; nothing was done. Pass ${what.argument} as one of these handles:\n${list(matches)}`,
      'AMBIGUOUS',
    );
  }
  throw new ToolError(
    `No ${what.kind} "${oneLine(ref, 80)}" ${what.where}; nothing was done. ${items.length > 0 ? `There are (handle name):\n${list(items)}` : 'There are none.'}`,
    'NOT_FOUND',
  );
}

/** The signed-in user's team that `ref` names (`GET /me/joinedTeams`). */
export async function resolveTeam(ctx: ToolContext, ref: string, argument = 'team'): Promise<Named> {
  const page = (await ctx.graph.api('/me/joinedTeams').select(['id', 'displayName']).get()) as { value?: Team[] };
  const teams = (page.value ?? []).map((t) => ({ id: t.id ?? '', name: t.displayName ?? '' }));
  return pickByName(teams, ref, { kind: 'team', where: 'among your teams', argument }, ctx);
}

/** The channel of `team` that `ref` names (`GET /teams/{id}/channels`). */
export async function resolveChannel(ctx: ToolContext, team: Named, ref: string, argument = 'channel'): Promise<Named> {
  const page = (await ctx.graph
    .api(`/teams/${encodeURIComponent(team.id)}/channels`)
    .select(['id', 'displayName'])
    .get()) as { value?: Channel[] };
  const channels = (page.value ?? []).map((c) => ({ id: c.id ?? '', name: c.displayName ?? '' }));
  return pickByName(
    channels,
    ref,
    { kind: 'channel', where: `in team ${ctx.handles.show('team', team.id)}`, argument },
    ctx,
  );
}
