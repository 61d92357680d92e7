import { describe, expect, it } from 'vitest';
import { checkEnabled, enabledLists } from './enabled-plugins';

const toml = `
name = "gateway"
[vars]
ENABLED_PLUGINS = "mail, calendar"

[env.staging.vars]
ENABLED_PLUGINS = "mail,todo"

[env.production]
route = "m365.example.com"
`;

describe('enabledLists', () => {
  it('reads [vars] and every [env.*.vars], split as the gateway splits it; an env without it enables nothing', () => {
    expect(enabledLists(toml)).toEqual([
      { where: '[vars]', names: ['mail', 'calendar'] },
      { where: '[env.staging.vars]', names: ['mail', 'todo'] },
      { where: '[env.production.vars]', names: [] },
    ]);
  });
});

describe('checkEnabled', () => {
  it('fails each enabled name that is not installed, naming where it is enabled', () => {
    const { errors } = checkEnabled(['mail', 'todo'], enabledLists(toml));
    expect(errors.map((error) => [error.code, error.plugin])).toEqual([['GATEWAY_PLUGIN_UNKNOWN', 'calendar']]);
    expect(errors[0]?.message).toContain('wrangler.toml [vars] ENABLED_PLUGINS enables plugin "calendar"');
    expect(errors[0]?.message).toContain('installed: mail, todo');
  });

  it('warns about an installed plugin no environment enables', () => {
    const { errors, warnings } = checkEnabled(['calendar', 'mail', 'todo', 'teams'], enabledLists(toml));
    expect(errors).toEqual([]);
    expect(warnings.map((warning) => [warning.code, warning.plugin])).toEqual([
      ['GATEWAY_PLUGIN_NOT_ENABLED', 'teams'],
    ]);
    expect(warnings[0]?.message).toContain('Add "teams" to ENABLED_PLUGINS');
  });
});
