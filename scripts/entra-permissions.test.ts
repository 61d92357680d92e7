import { describe, expect, it } from 'vitest';
import { describePermissions } from './entra-permissions';

describe('npm run entra-app: the permission list', () => {
  it('marks the permissions that need a tenant administrator (admin) and explains when they are asked for', () => {
    const { list, note } = describePermissions(['User.Read', 'Mail.Read', 'OnlineMeetingTranscript.Read.All']);
    expect(list).toBe('User.Read, Mail.Read, OnlineMeetingTranscript.Read.All (admin)');
    expect(note).toMatch(/marked \(admin\) need a tenant administrator's consent/);
  });

  it('says so when no permission needs an administrator (mail)', () => {
    const { list, note } = describePermissions(['openid', 'Mail.Read', 'Mail.Send']);
    expect(list).not.toContain('(admin)');
    expect(note).toMatch(/None of these permissions needs a tenant administrator/);
  });
});
