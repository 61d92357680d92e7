import { describe, expect, it } from 'vitest';
import { plugins } from '../generated/plugins';
import {
  canonicalPermissionName,
  GRAPH_PERMISSIONS_SOURCE,
  isDelegatedPermission,
  needsAdminConsent,
  splitByAdminConsent,
} from './graph-permissions';

describe("Microsoft Graph's delegated permissions", () => {
  it('names its source and the date it was taken', () => {
    expect(GRAPH_PERMISSIONS_SOURCE.source).toBe('https://learn.microsoft.com/en-us/graph/permissions-reference');
    expect(GRAPH_PERMISSIONS_SOURCE.data).toMatch(
      /^https:\/\/github\.com\/microsoftgraph\/microsoft-graph-devx-content\//,
    );
    expect(GRAPH_PERMISSIONS_SOURCE.taken).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('knows delegated permissions by their exact name, and not misspellings or OIDC scopes', () => {
    for (const name of ['Mail.Read', 'Mail.Send', 'Calendars.ReadWrite', 'User.Read', 'ChannelMessage.Read.All'])
      expect(isDelegatedPermission(name)).toBe(true);
    for (const name of ['Mail.Reed', 'mail.read', 'Mail', 'openid', 'offline_access', 'toString', '__proto__'])
      expect(isDelegatedPermission(name)).toBe(false);
    expect(canonicalPermissionName('mail.read')).toBe('Mail.Read');
    expect(canonicalPermissionName('Mail.Reed')).toBeUndefined();
  });

  // Admin consent as the permissions reference states it for delegated (work or school) use.
  it.each([
    ['ChannelMessage.Read.All', true],
    ['OnlineMeetingTranscript.Read.All', true],
    ['Group.Read.All', true],
    ['User.Read.All', true],
    ['Directory.Read.All', true],
    ['Mail.Read', false],
    ['Mail.Send', false],
    ['MailboxSettings.Read', false],
    ['User.Read', false],
    ['User.ReadBasic.All', false],
    ['Files.Read.All', false],
    ['Calendars.Read.Shared', false],
    ['Chat.Read', false],
  ])('%s needs admin consent: %s', (name, admin) => {
    expect(needsAdminConsent(name)).toBe(admin);
  });

  it('no mail tool needs an administrator, and every mail permission is a real delegated permission', () => {
    const mail = plugins.find((plugin) => plugin.name === 'mail')!;
    const scopes = [...new Set(mail.tools.flatMap((tool) => tool.scopes))];
    expect(scopes.length).toBeGreaterThan(0);
    for (const scope of scopes) expect(isDelegatedPermission(scope), scope).toBe(true);
    expect(splitByAdminConsent(scopes)).toEqual({ user: scopes, admin: [] });
  });
});
