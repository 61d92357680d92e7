import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

const valid = {
  PUBLIC_BASE_URL: 'https://m365.example.com/',
  MS_AUTHORITY: 'https://login.microsoftonline.com/organizations',
  GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0',
  ENABLED_PLUGINS: 'mail, calendar',
  MS_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  MS_CLIENT_SECRET: 'super-secret-value',
  TOKEN_ENCRYPTION_KEY: btoa(String.fromCharCode(...new Uint8Array(32).fill(7))),
  COOKIE_SECRET: 'c'.repeat(40),
};

describe('gateway config', () => {
  it('accepts a complete deployment and normalises it', () => {
    const result = loadConfig({ ...valid });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.publicBaseUrl).toBe('https://m365.example.com');
    expect(result.config.enabledPlugins).toEqual(['mail', 'calendar']);
    expect(result.config.tokenEncryptionKey).toHaveLength(32);
  });

  it('lists every problem at once, naming each variable, without echoing secrets', () => {
    const result = loadConfig({
      ...valid,
      PUBLIC_BASE_URL: 'http://m365.example.com',
      MS_CLIENT_SECRET: undefined,
      TOKEN_ENCRYPTION_KEY: 'dG9vLXNob3J0', // "too-short"
      COOKIE_SECRET: 'short-cookie-secret',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    expect(result.problems.join('\n')).toMatch(/PUBLIC_BASE_URL must use https/);
    expect(result.problems.join('\n')).toMatch(/MS_CLIENT_SECRET is missing/);
    expect(result.problems.join('\n')).toMatch(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/);
    expect(result.problems.join('\n')).toMatch(/COOKIE_SECRET must be at least 32 characters/);
    expect(result.problems.join('\n')).not.toContain('short-cookie-secret');
    expect(result.problems.join('\n')).not.toContain('dG9vLXNob3J0');
  });

  it('allows plain http only on loopback, for local development', () => {
    expect(loadConfig({ ...valid, PUBLIC_BASE_URL: 'http://127.0.0.1:8787' }).ok).toBe(true);
    expect(loadConfig({ ...valid, GRAPH_BASE_URL: 'http://graph.internal/v1.0' }).ok).toBe(false);
  });

  it('accepts every Microsoft authority form and refuses an authority without a tenant', () => {
    for (const tenant of [
      'organizations',
      'common',
      'consumers',
      'contoso.onmicrosoft.com',
      '4b2f9c3e-7d1a-4e8b-9c6f-2a5d8e1f0c37',
    ]) {
      expect(loadConfig({ ...valid, MS_AUTHORITY: `https://login.microsoftonline.com/${tenant}` }).ok, tenant).toBe(
        true,
      );
    }
    const bad = loadConfig({ ...valid, MS_AUTHORITY: 'https://login.microsoftonline.com/' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/MS_AUTHORITY must end in a tenant/);
  });

  it('reads the tenant allowlist and allowed origins, refusing malformed entries and wildcards', () => {
    const result = loadConfig({
      ...valid,
      ALLOWED_TENANTS: ' 4B2F9C3E-7D1A-4E8B-9C6F-2A5D8E1F0C37 ,',
      ALLOWED_ORIGINS: 'https://claude.ai, http://localhost:6274',
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config.allowedTenants).toEqual(['4b2f9c3e-7d1a-4e8b-9c6f-2a5d8e1f0c37']);
      expect(result.config.allowedOrigins).toEqual(['https://claude.ai', 'http://localhost:6274']);
    }
    const bad = loadConfig({ ...valid, ALLOWED_TENANTS: 'contoso', ALLOWED_ORIGINS: '*,https://claude.ai/path' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.join('\n')).toMatch(/ALLOWED_TENANTS must be a comma-separated list of tenant ids/);
      expect(bad.problems.join('\n')).toMatch(/ALLOWED_ORIGINS must be a comma-separated list of origins/);
    }
  });
});
