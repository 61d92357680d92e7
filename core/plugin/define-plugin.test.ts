import { describe, expect, it } from 'vitest';
import { definePlugin } from './define-plugin';
import { PluginError } from './errors';
import { sampleTool } from './test-fixtures';
import type { PluginDefinition } from './types';

const valid: PluginDefinition = {
  name: 'mail',
  version: '1.2.0',
  description: 'Outlook mail.',
  requires: '^1.0.0',
  tools: [sampleTool('getEmails')],
};

function errorOf(def: unknown): PluginError {
  try {
    definePlugin(def as PluginDefinition);
  } catch (error) {
    if (error instanceof PluginError) return error;
    throw error;
  }
  throw new Error('definePlugin did not throw');
}

describe('definePlugin', () => {
  it('returns a frozen plugin for a valid manifest', () => {
    const plugin = definePlugin(valid);
    expect(plugin.name).toBe('mail');
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(Object.isFrozen(plugin.tools)).toBe(true);
  });

  it.each([
    [{ name: 'Mail' }, 'name', /lowercase letters/],
    [{ name: 'gateway' }, 'name', /reserved/],
    [{ version: '1.0' }, 'version', /semver version.*received "1\.0"/],
    [{ version: undefined }, 'version', /is missing/],
    [{ requires: 'latest-ish' }, 'requires', /semver range/],
    [{ description: '  ' }, 'description', /must not be empty/],
    [{ tools: [] }, 'tools', /at least one tool/],
    [{ tools: [{ name: 'getEmails' }] }, 'tools[0]', /defineTool/],
    [{ middleware: ['not a function'] }, 'middleware[0]', /function/],
    [{ budget: { tokens: 0 } }, 'budget.tokens', /at least 1/],
    [{ budget: { tokens: 1.5 } }, 'budget.tokens', /whole number of tokens/],
    [{ budget: { tools: { getEmails: '300' } } }, 'budget.tools.getEmails', /number of tokens/],
    [
      { budget: { tools: { getEmail: 300 } } },
      'budget.tools',
      /names "getEmail", which is not one of its tools \(getEmails\)/,
    ],
  ])('GATEWAY_PLUGIN_INVALID_MANIFEST for %j names the plugin and the field', (change, field, rule) => {
    const error = errorOf({ ...valid, ...change });
    expect(error.code).toBe('GATEWAY_PLUGIN_INVALID_MANIFEST');
    expect(error.message).toContain(`"${field}"`);
    expect(error.message).toMatch(rule);
    expect(error.message).toMatch(/^Plugin "(mail|Mail|gateway)"/);
  });

  it.each([
    ['openid', /OpenID Connect/],
    ['offline_access', /OpenID Connect/],
    ['.default', /\.default/],
    ['https://graph.microsoft.com/Mail.Read', /resource-qualified/],
    ['Mail.*', /wildcard/],
    ['', /empty/],
    [' Mail.Read', /which is a name with whitespace in it\. /],
    ['Mail_Read', /Resource\.Permission/],
    ['Mail', /Resource\.Permission/],
  ])('GATEWAY_PLUGIN_BAD_SCOPE for %j names the tool, the scope and a good example', (scope, problem) => {
    const error = errorOf({ ...valid, tools: [sampleTool('getEmails', [scope])] });
    expect(error.code).toBe('GATEWAY_PLUGIN_BAD_SCOPE');
    expect(error.plugin).toBe('mail');
    expect(error.message).toContain('tool "getEmails"');
    expect(error.message).toContain(JSON.stringify(scope));
    expect(error.message).toMatch(problem);
    expect(error.message).toContain('"Mail.Read"');
  });

  it('accepts real delegated permission names', () => {
    const scopes = [
      'Mail.ReadWrite',
      'Mail.Send',
      'Calendars.Read.Shared',
      'User.ReadBasic.All',
      'OnlineMeetingTranscript.Read.All',
      'ChannelMessage.Read.All',
    ];
    expect(() => definePlugin({ ...valid, tools: [sampleTool('getEmails', scopes)] })).not.toThrow();
  });

  it('GATEWAY_PLUGIN_BAD_SCOPE when a plugin tool declares no scope', () => {
    const error = errorOf({ ...valid, tools: [sampleTool('getEmails', [])] });
    expect(error.code).toBe('GATEWAY_PLUGIN_BAD_SCOPE');
    expect(error.message).toMatch(/declares no scopes/);
  });

  it('GATEWAY_PLUGIN_DUPLICATE_TOOL when the plugin lists a tool name twice', () => {
    const error = errorOf({ ...valid, tools: [sampleTool('getEmails'), sampleTool('getEmails')] });
    expect(error.code).toBe('GATEWAY_PLUGIN_DUPLICATE_TOOL');
    expect(error.message).toContain('"getEmails" twice');
  });
});
