/** The operator-data settings: the rotation's previous key and the audit trail's retention. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const key = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));
const valid = {
  PUBLIC_BASE_URL: 'https://m365.example.com',
  MS_AUTHORITY: 'https://login.microsoftonline.com/organizations',
  GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
  ENABLED_PLUGINS: 'mail',
  MS_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  MS_CLIENT_SECRET: 'super-secret-value',
  TOKEN_ENCRYPTION_KEY: key(7),
  COOKIE_SECRET: 'c'.repeat(40),
};

describe('operator data settings', () => {
  it('defaults: no previous key, audit kept 90 days', () => {
    const result = loadConfig({ ...valid });
    expect(result.ok && result.config.previousTokenEncryptionKey).toBe(undefined);
    expect(result.ok && result.config.auditRetentionDays).toBe(90);
    const empty = loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: '', AUDIT_RETENTION_DAYS: '' });
    expect(empty.ok && empty.config.previousTokenEncryptionKey).toBe(undefined);
    expect(empty.ok && empty.config.auditRetentionDays).toBe(90);
  });

  it('reads a previous key and a retention', () => {
    const result = loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: key(9), AUDIT_RETENTION_DAYS: '30' });
    expect(result.ok && result.config.previousTokenEncryptionKey).toEqual(new Uint8Array(32).fill(9));
    expect(result.ok && result.config.auditRetentionDays).toBe(30);
  });

  it('names a malformed previous key or retention without echoing the key', () => {
    const result = loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: 'bm90LWEta2V5', AUDIT_RETENTION_DAYS: '0.5' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const problems = result.problems.join('\n');
    expect(problems).toMatch(/TOKEN_ENCRYPTION_KEY_PREVIOUS must be the previous TOKEN_ENCRYPTION_KEY/);
    expect(problems).toMatch(/AUDIT_RETENTION_DAYS must be a whole number of days/);
    expect(problems).not.toContain('bm90LWEta2V5');
    const undecodable = loadConfig({ ...valid, TOKEN_ENCRYPTION_KEY_PREVIOUS: 'not base64 at all!' });
    expect(undecodable.ok).toBe(false);
  });
});
