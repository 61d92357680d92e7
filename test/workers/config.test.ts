import { createExecutionContext, env } from 'cloudflare:test';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { gatewayFactory } from '../../core/gateway';
import { plugins } from '../../core/generated/plugins';
import { definePlugin } from '../../core/plugin';
import { sampleTool } from '../../core/plugin/test-fixtures';
import worker from '../../core/worker';

/** Problem details are for the operator's HEALTH_TOKEN only (test/workers/health.test.ts). */
const OPERATOR_TOKEN = 'operator-token-for-config-tests';
const operatorHealth = () =>
  new Request('https://gateway.test/health', {
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
  }) as Request<unknown, IncomingRequestCfProperties>;

describe('misconfigured deployment', () => {
  const broken = {
    ...env,
    HEALTH_TOKEN: OPERATOR_TOKEN,
    PUBLIC_BASE_URL: 'ftp://gateway.test',
    TOKEN_ENCRYPTION_KEY: 'bm90LTMyLWJ5dGVz',
    MS_CLIENT_SECRET: undefined,
  } as unknown as Env;

  it('answers /health with 503 listing every problem, without secrets or a stack trace', async () => {
    const response = await worker.fetch(operatorHealth(), broken, createExecutionContext());
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; config: { problems: string[] } };
    expect(body.status).toBe('misconfigured');
    const problems = body.config.problems.join('\n');
    expect(body.config.problems).toHaveLength(3);
    expect(problems).toMatch(/PUBLIC_BASE_URL/);
    expect(problems).toMatch(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/);
    expect(problems).toMatch(/MS_CLIENT_SECRET is missing/);
    expect(problems).not.toContain('bm90LTMyLWJ5dGVz');
    expect(problems).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('answers every other route with 503 and no internals', async () => {
    const response = await worker.fetch(
      new Request('https://gateway.test/mcp', { method: 'POST', body: '{}' }),
      broken,
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
    const body = (await response.json()) as Record<string, string>;
    expect(body.error).toBe('gateway_misconfigured');
    expect(JSON.stringify(body)).not.toMatch(/TOKEN_ENCRYPTION_KEY|stack/);
  });

  it('names an enabled plugin that is not installed', async () => {
    const unknown = { ...env, ENABLED_PLUGINS: 'mail,calender', HEALTH_TOKEN: OPERATOR_TOKEN } as unknown as Env;
    const response = await worker.fetch(operatorHealth(), unknown, createExecutionContext());
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).toMatch(/calender.*not installed|GATEWAY_PLUGIN_UNKNOWN/);
  });

  it('names a plugin config variable that is not JSON, without echoing its value', async () => {
    const broken = {
      ...env,
      PLUGIN_CONFIG_MAIL: '{"signature": "s3cret-value",',
      HEALTH_TOKEN: OPERATOR_TOKEN,
    } as unknown as Env;
    const response = await worker.fetch(operatorHealth(), broken, createExecutionContext());
    expect(response.status).toBe(503);
    const { config } = (await response.json()) as { config: { problems: string[] } };
    expect(config.problems).toEqual([
      'PLUGIN_CONFIG_MAIL is not valid JSON: set it to a JSON object with plugin "mail"\'s settings (see its README), or remove it',
    ]);
    expect(JSON.stringify(config)).not.toContain('s3cret');
  });

  it("names each setting that does not fit a plugin's config schema, and passes the checked settings on", () => {
    const calendar = definePlugin({
      name: 'calendar',
      version: '1.0.0',
      description: 'Calendar.',
      requires: '^1.0.0',
      tools: [sampleTool('listEvents', ['Calendars.Read'])],
      config: v.object({ workdayStart: v.pipe(v.number(), v.maxValue(23)), weeks: v.optional(v.number(), 2) }),
    });
    const gateways = gatewayFactory([calendar]);
    const wrong = gateways({
      ...env,
      ENABLED_PLUGINS: 'calendar',
      PLUGIN_CONFIG_CALENDAR: '{"weeks":"x"}',
    } as unknown as Env);
    expect(wrong).toEqual({
      ok: false,
      problems: [
        'PLUGIN_CONFIG_CALENDAR does not fit plugin "calendar"\'s settings: workdayStart is missing; ' +
          "weeks must be number. Fix the value (see the plugin's README).",
      ],
    });
    const right = gateways({
      ...env,
      ENABLED_PLUGINS: 'calendar',
      PLUGIN_CONFIG_CALENDAR: '{"workdayStart":8}',
    } as unknown as Env);
    expect(right.ok).toBe(true);
  });
});

describe('configuration per isolate', () => {
  /** The env as the runtime hands it, recording which variables are read. */
  const counted = () => {
    const reads: string[] = [];
    const proxy = new Proxy(
      { ...env },
      {
        get(target, key, receiver) {
          if (typeof key === 'string') reads.push(key);
          return Reflect.get(target, key, receiver);
        },
      },
    ) as Env;
    return { proxy, reads };
  };

  it('parses and validates an env once: later requests of the isolate reuse the gateway', () => {
    const { proxy, reads } = counted();
    const gatewayFor = gatewayFactory(plugins);
    const first = gatewayFor(proxy);
    expect(first.ok).toBe(true);
    expect(reads).toContain('PUBLIC_BASE_URL');
    reads.length = 0;
    expect(gatewayFor(proxy)).toBe(first);
    expect(reads).toEqual([]);
    // Another env (another deployment's settings, a test's variant) is read afresh.
    expect(gatewayFor({ ...env } as Env)).toMatchObject({ ok: true });
  });
});
