import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { definePlugin } from '../plugin';
import { sampleTool } from '../plugin/test-fixtures';
import { pluginConfig, pluginConfigProblems, pluginConfigVariable } from './plugin-config';

const teams = definePlugin({
  name: 'teams-chat',
  version: '1.0.0',
  description: 'Chats.',
  requires: '^1.0.0',
  tools: [sampleTool('listChats', ['Chat.Read'])],
  config: v.object({ maxMessages: v.optional(v.pipe(v.number(), v.maxValue(50)), 20) }),
});

describe('plugin settings', () => {
  it('reads PLUGIN_CONFIG_<NAME> with dashes as underscores', () => {
    expect(pluginConfigVariable('teams-chat')).toBe('PLUGIN_CONFIG_TEAMS_CHAT');
  });

  it('gives ctx.config the schema output (defaults applied) once checked', () => {
    const env = { PLUGIN_CONFIG_TEAMS_CHAT: '{}' };
    expect(pluginConfigProblems(env, [teams])).toEqual([]);
    expect(pluginConfig(env, 'teams-chat')).toEqual({ maxMessages: 20 });
  });

  it('validates an unset variable as {} against the schema', () => {
    expect(pluginConfigProblems({}, [teams])).toEqual([]);
  });

  it('names a value that breaks the schema without echoing it', () => {
    const [problem] = pluginConfigProblems({ PLUGIN_CONFIG_TEAMS_CHAT: '{"maxMessages": 987654}' }, [teams]);
    expect(problem).toMatch(
      /^PLUGIN_CONFIG_TEAMS_CHAT does not fit plugin "teams-chat"'s settings: maxMessages must be <=50/,
    );
    expect(problem).not.toContain('987654');
  });

  it('refuses JSON that is not an object', () => {
    expect(pluginConfigProblems({ PLUGIN_CONFIG_TEAMS_CHAT: '[1]' }, [teams])).toEqual([
      'PLUGIN_CONFIG_TEAMS_CHAT must be a JSON object: set it to a JSON object with plugin "teams-chat"\'s settings (see its README), or remove it',
    ]);
  });
});
