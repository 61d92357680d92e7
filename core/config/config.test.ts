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
});
