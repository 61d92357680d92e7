import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../core/worker';

describe('misconfigured deployment', () => {
  const broken = {
    ...env,
    PUBLIC_BASE_URL: 'ftp://gateway.test',
    TOKEN_ENCRYPTION_KEY: 'bm90LTMyLWJ5dGVz',
    MS_CLIENT_SECRET: undefined,
  } as unknown as Env;

  it('answers /health with 503 listing every problem, without secrets or a stack trace', async () => {
    const response = await worker.fetch(new Request('https://gateway.test/health'), broken, createExecutionContext());
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
    const unknown = { ...env, ENABLED_PLUGINS: 'mail,calender' } as unknown as Env;
    const response = await worker.fetch(new Request('https://gateway.test/health'), unknown, createExecutionContext());
    expect(response.status).toBe(503);
    expect(JSON.stringify(await response.json())).toMatch(/calender.*not installed|GATEWAY_PLUGIN_UNKNOWN/);
  });
});
