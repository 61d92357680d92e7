import type { Person, User } from '@microsoft/microsoft-graph-types';
import { accountKindOf, defineTool, type ToolContext } from 'm365-mcp-gateway/plugin';
import * as v from 'valibot';
import { PERSON_FIELDS, peopleList, personRow, USER_FIELDS, userRow, type PersonRow } from '../format-people';

/** How much of the ranking is read to match a role (job title, department) when no name matched. */
const RANKING_FOR_ROLES = 100;

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s,.\-/&]+/)
    .filter(Boolean);
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const findPeople = defineTool({
  name: 'findPeople',
  title: 'Find people',
  description:
    'Colleagues and contacts by name, address or role (query), most relevant first, with addresses for mail or invitations; marks [external].',
  input: v.strictObject({
    query: v.pipe(
      v.string(),
      v.trim(),
      v.nonEmpty(),
      v.check((q) => q.length <= 100, 'must be at most 100 characters'),
    ),
    count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(25)), 10),
  }),
  scopes: ['People.Read', 'User.ReadBasic.All'],
  annotations: { readOnlyHint: true },
  async run({ query, count }, ctx) {
    const ownDomain = ctx.user.upn.split('@')[1]?.toLowerCase() ?? '';
    const byName = (await ctx.graph
      .api('/me/people')
      .search(`"${query.replace(/"/g, '')}"`)
      .select(PERSON_FIELDS)
      .top(count)
      .get()) as { value?: Person[] };
    if (byName.value?.length)
      return peopleList(
        byName.value.map((p) => personRow(p, ownDomain)),
        `People matching "${query}"`,
      );

    // No name or address matched: Graph's people search does not look at roles, so match the job
    // title and department of the user's most relevant people here.
    const ranking = (await ctx.graph.api('/me/people').select(PERSON_FIELDS).top(RANKING_FOR_ROLES).get()) as {
      value?: Person[];
    };
    const wanted = words(query);
    const byRole = (ranking.value ?? []).filter((p) => {
      const role = words(`${p.jobTitle ?? ''} ${p.department ?? ''}`);
      return wanted.every((w) => role.some((r) => r.startsWith(w)));
    });
    if (byRole.length)
      return peopleList(
        byRole.slice(0, count).map((p) => personRow(p, ownDomain)),
        `People whose role matches "${query}"`,
      );
    if (accountKindOf(ctx.user) === 'personal') return `No one among your people matches "${query}".`;
    return peopleList(
      await directory(ctx, query, count),
      `No one among your people matches "${query}"; from the directory`,
    );
  },
});

/** The organisation's directory by the start of a name or address (the basic profile only). */
async function directory(ctx: ToolContext, query: string, count: number): Promise<PersonRow[]> {
  const filter = ['displayName', 'givenName', 'surname', 'mail']
    .map((p) => `startswith(${p},${quote(query)})`)
    .join(' or ');
  const page = (await ctx.graph.api('/users').filter(filter).select(USER_FIELDS).top(count).get()) as {
    value?: User[];
  };
  return (page.value ?? []).map(userRow);
}
