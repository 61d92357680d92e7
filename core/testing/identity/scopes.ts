/** Scope handling as the Microsoft identity platform does it for Graph. */

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** What `.default` stands for here: everything the gateway's plugins may ask for (pre-consented). */
export const DEFAULT_CONSENTED_SCOPES = [
  'User.Read',
  'Mail.ReadWrite',
  'Mail.Send',
  'Calendars.ReadWrite',
  'Contacts.Read',
  'People.Read',
  'Chat.ReadWrite',
  'ChannelMessage.Send',
  'Team.ReadBasic.All',
  'Channel.ReadBasic.All',
  'OnlineMeetings.ReadWrite',
  'OnlineMeetingTranscript.Read.All',
  'OnlineMeetingArtifact.Read.All',
];

export interface ParsedScopes {
  /** Graph delegated scopes in short form (`Mail.Read`). */
  graph: string[];
  oidc: string[];
  offlineAccess: boolean;
  /** True when no Graph scope was named and `graph` holds the implicit User.Read. */
  defaulted: boolean;
}

export class InvalidScopeError extends Error {}

export function parseScopes(raw: string | null | undefined): ParsedScopes {
  const graph: string[] = [];
  const oidc: string[] = [];
  for (const s of (raw ?? '').split(/\s+/).filter(Boolean)) {
    if ((OIDC_SCOPES as readonly string[]).includes(s)) {
      oidc.push(s);
      continue;
    }
    let short = s;
    if (/^https?:\/\//i.test(s)) {
      const prefix = `${GRAPH_RESOURCE}/`;
      if (!s.toLowerCase().startsWith(prefix))
        throw new InvalidScopeError(`The resource of scope '${s}' is not known to this tenant.`);
      short = s.slice(prefix.length);
    }
    if (short === '.default') graph.push(...DEFAULT_CONSENTED_SCOPES);
    else if (/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(short)) graph.push(short);
    else
      throw new InvalidScopeError(
        `The provided value for the input parameter 'scope' is not valid. The scope '${s}' is not valid.`,
      );
  }
  // Like Microsoft: a sign-in that names no Graph permission still yields a Graph token for User.Read.
  const unique = [...new Set(graph)];
  return {
    graph: unique.length ? unique : ['User.Read'],
    oidc: [...new Set(oidc)],
    offlineAccess: oidc.includes('offline_access'),
    defaulted: !unique.length,
  };
}

/** The `scope` field of a token response: short Graph scopes, then the OIDC ones Microsoft echoes. */
export function scopeResponse(graph: readonly string[]): string {
  return [...graph, 'openid', 'profile', 'email'].join(' ');
}
