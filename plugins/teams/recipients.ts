/**
 * People to chat with, by address: each looked up in the directory (`GET /users/{address}`), because
 * Graph names chat members by object id, never by address. Someone outside the directory is refused
 * before anything is created or sent.
 */
import type { User } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { ToolError, type ToolContext } from 'm365-mcp-gateway/plugin';

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** `"a@x.com, b@y.com"` or an array; each may be `Name <address>`. Parsed into a list of addresses. */
export const addresses = (description: string) =>
  v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.description(description),
    v.transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((item) => item.split(/[,;]/))
        .map((entry) => (/<([^<>]+)>\s*$/.exec(entry)?.[1] ?? entry).trim())
        .filter((entry) => entry !== ''),
    ),
    v.check((list) => list.length > 0, 'must name at least one person'),
    v.check((list) => list.length <= 50, 'must name at most 50 people'),
    v.check(
      (list) => list.every((a) => ADDRESS.test(a)),
      'must be email addresses, e.g. "megan@contoso.com" or "Megan Bowen <megan@contoso.com>"',
    ),
  );

export interface Person {
  id: string;
  displayName: string;
  address: string;
}

/** The directory users behind `list` (the signed-in user left out), or a ToolError naming who is not found. */
export async function lookUpPeople(ctx: ToolContext, list: readonly string[]): Promise<Person[]> {
  const wanted = [...new Set(list.map((a) => a.toLowerCase()))].filter((a) => a !== ctx.user.upn.toLowerCase());
  if (wanted.length === 0) throw new ToolError('"to" names only you; name the people to chat with. Nothing was sent.');
  const found = await Promise.all(
    wanted.map(async (address) => {
      try {
        const user = (await ctx.graph
          .api(`/users/${encodeURIComponent(address)}`)
          .select(['id', 'displayName', 'userPrincipalName'])
          .get()) as User;
        return { id: user.id ?? '', displayName: user.displayName ?? address, address };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return address;
        throw error;
      }
    }),
  );
  const missing = found.filter((x): x is string => typeof x === 'string');
  if (missing.length > 0) {
    throw new ToolError(
      `Not in your organization's directory: ${missing.join(', ')}. Teams chats here are with people of your organization; check the address (sendEmail reaches anyone). Nothing was sent.`,
      'NOT_FOUND',
    );
  }
  return found as Person[];
}
