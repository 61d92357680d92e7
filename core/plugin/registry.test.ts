import { describe, expect, it } from 'vitest';
import { defineTool } from './define-tool';
import { PluginError, UnknownToolError } from './errors';
import { createRegistry } from './registry';
import { fakeContext, samplePlugin, sampleTool } from './test-fixtures';
import type { Plugin } from './types';

function errorOf(run: () => unknown): PluginError {
  try {
    run();
  } catch (error) {
    if (error instanceof PluginError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

const mail = samplePlugin('mail', [sampleTool('getEmails', ['Mail.Read']), sampleTool('sendEmail', ['Mail.Send'])]);
const calendar = samplePlugin('calendar', [sampleTool('getCalendarEvents', ['Calendars.Read', 'Mail.Read'])]);
const teams = samplePlugin('teams', [sampleTool('sendTeamsMessage', ['ChannelMessage.Send'])]);

describe('createRegistry checks', () => {
  it('GATEWAY_PLUGIN_DUPLICATE_NAME when two installed plugins share a name', () => {
    const error = errorOf(() => createRegistry([mail, samplePlugin('mail', ['otherTool'])]));
    expect(error.code).toBe('GATEWAY_PLUGIN_DUPLICATE_NAME');
    expect(error.plugin).toBe('mail');
    expect(error.message).toMatch(/named "mail".*rename or remove one/);
  });

  it('GATEWAY_PLUGIN_DUPLICATE_TOOL across plugins names both plugins', () => {
    const error = errorOf(() => createRegistry([mail, samplePlugin('mail-extra', ['getEmails'])]));
    expect(error.code).toBe('GATEWAY_PLUGIN_DUPLICATE_TOOL');
    expect(error.message).toContain('Tool "getEmails" is defined by both plugin "mail" and plugin "mail-extra"');
    expect(error.message).toContain('rename the tool in your plugin, e.g. "getEmails" → "getMailExtraEmails".');
  });

  it('GATEWAY_PLUGIN_DUPLICATE_TOOL when a built-in tool collides with a plugin tool', () => {
    const error = errorOf(() => createRegistry([mail], { builtinTools: [sampleTool('getEmails', [])] }));
    expect(error.code).toBe('GATEWAY_PLUGIN_DUPLICATE_TOOL');
    expect(error.message).toContain('the gateway (built-in tool) and plugin "mail"');
  });

  it('GATEWAY_PLUGIN_VERSION_MISMATCH says which contract version the gateway has', () => {
    const future = samplePlugin('future', ['futureTool'], { requires: '^2.0.0' });
    const error = errorOf(() => createRegistry([mail, future]));
    expect(error.code).toBe('GATEWAY_PLUGIN_VERSION_MISMATCH');
    expect(error.plugin).toBe('future');
    expect(error.message).toContain('requires plugin contract ^2.0.0, but this gateway has contract 1.0.0');
    expect(error.message).toContain('In the plugin, set "requires" to a range that includes 1.0.0 (e.g. "^1.0.0")');
  });

  it('GATEWAY_PLUGIN_UNKNOWN lists the installed plugins', () => {
    const error = errorOf(() => createRegistry([mail, calendar], { enabled: ['mail', 'contacts'] }));
    expect(error.code).toBe('GATEWAY_PLUGIN_UNKNOWN');
    expect(error.plugin).toBe('contacts');
    expect(error.message).toContain('Installed plugins: calendar, mail');
  });

  it('GATEWAY_PLUGIN_INVALID_MANIFEST for a plugin object that bypassed definePlugin', () => {
    const forged = { ...mail, version: 'one' } as Plugin;
    const error = errorOf(() => createRegistry([forged]));
    expect(error.code).toBe('GATEWAY_PLUGIN_INVALID_MANIFEST');
    expect(error.message).toContain('"version"');
  });

  it('GATEWAY_PLUGIN_BAD_SCOPE for a malformed scope on a built-in tool; none at all is fine there', () => {
    expect(() => createRegistry([], { builtinTools: [sampleTool('authenticate', [])] })).not.toThrow();
    const error = errorOf(() => createRegistry([], { builtinTools: [sampleTool('authenticate', ['Mail.Read.'])] }));
    expect(error.code).toBe('GATEWAY_PLUGIN_BAD_SCOPE');
    expect(error.message).toContain('tool "authenticate"');
  });

  it('only checks tool-name collisions among enabled plugins', () => {
    const clash = samplePlugin('mail-extra', ['getEmails']);
    expect(() => createRegistry([mail, clash], { enabled: ['mail'] })).not.toThrow();
  });
});

describe('createRegistry views', () => {
  it('filters to the enabled plugins and unions their scopes, sorted and unique', () => {
    const registry = createRegistry([mail, calendar, teams], { enabled: ['calendar', 'mail'] });
    expect(registry.plugins.map((p) => p.name)).toEqual(['mail', 'calendar']);
    expect(registry.tools.map((t) => `${t.plugin}/${t.tool.name}`)).toEqual([
      'mail/getEmails',
      'mail/sendEmail',
      'calendar/getCalendarEvents',
    ]);
    expect(registry.scopes()).toEqual(['Calendars.Read', 'Mail.Read', 'Mail.Send']);
    expect(registry.scopesFor('getCalendarEvents')).toEqual(['Calendars.Read', 'Mail.Read']);
    expect(() => registry.scopesFor('sendTeamsMessage')).toThrow(UnknownToolError);
  });

  it('drops filtered tools from the list, the scopes and calls', async () => {
    const registry = createRegistry([mail], { toolFilter: ({ tool }) => tool.name !== 'sendEmail' });
    expect(registry.listTools().map((t) => t.name)).toEqual(['getEmails']);
    expect(registry.scopes()).toEqual(['Mail.Read']);
    await expect(registry.callTool('sendEmail', {}, fakeContext())).rejects.toThrow(UnknownToolError);
  });

  it('lists tools in MCP shape, with annotations only when the author set some', () => {
    const plain = defineTool({ ...sampleTool('plainTool'), annotations: {} } as Parameters<typeof defineTool>[0]);
    const registry = createRegistry([samplePlugin('plain', [plain])], {
      builtinTools: [sampleTool('authenticate', [])],
    });
    expect(registry.listTools()).toEqual([
      {
        name: 'authenticate',
        title: 'authenticate',
        description: 'The authenticate tool.',
        inputSchema: { type: 'object', properties: {} },
        annotations: { readOnlyHint: true },
      },
      {
        name: 'plainTool',
        title: 'plainTool',
        description: 'The plainTool tool.',
        inputSchema: { type: 'object', properties: {} },
      },
    ]);
    expect(registry.listTools()[1]).not.toHaveProperty('annotations');
  });
});
