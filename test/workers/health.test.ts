/**
 * /health: version, plugins, tool count and config state for anyone; the details of a
 * configuration problem only for the operator's `Authorization: Bearer <HEALTH_TOKEN>`.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../core/worker';

const TOKEN = 'health-token-0123456789abcdef0123456789';
const broken = { ...env, HEALTH_TOKEN: TOKEN, TOKEN_ENCRYPTION_KEY: 'bm90LTMyLWJ5dGVz' } as unknown as Env;
const healthy = { ...env, HEALTH_TOKEN: TOKEN } as unknown as Env;

const health = (target: Env, authorization?: string) =>
  worker.fetch(
    new Request('https://gateway.test/health', authorization ? { headers: { authorization } } : {}),
    target,
    createExecutionContext(),
  );

describe('/health', () => {
  it('the public answer to a misconfigured deployment says only "misconfigured"', async () => {
    const response = await health(broken);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 'misconfigured',
      version: expect.any(String),
      plugins: [],
      tools: 0,
      config: 'misconfigured',
    });
    expect(text).not.toMatch(/TOKEN_ENCRYPTION_KEY|problems/);
  });

  it("the operator's HEALTH_TOKEN sees every problem, naming the variable", async () => {
    const response = await health(broken, `Bearer ${TOKEN}`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { config: { problems: string[] } };
    expect(body.config.problems).toEqual([expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 random bytes/)]);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['a wrong token', 'Bearer not-the-health-token'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with more after it', `Bearer ${TOKEN}x`],
    ['another scheme', `Basic ${TOKEN}`],
  ])('%s gets 401 and no details', async (_name, authorization) => {
    const response = await health(broken, authorization);
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'invalid_token' });
    expect(text).not.toMatch(/TOKEN_ENCRYPTION_KEY must/);
  });

  it('a bearer token where no HEALTH_TOKEN is set gets 401 saying how to set one', async () => {
    const response = await health({ ...broken, HEALTH_TOKEN: undefined } as unknown as Env, 'Bearer anything');
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(
      /wrangler secret put HEALTH_TOKEN/,
    );
  });

  it('a healthy deployment answers the same to everyone: version, plugins, tool count, config ok', async () => {
    const anyone = await health(healthy);
    const operator = await health(healthy, `Bearer ${TOKEN}`);
    expect(anyone.status).toBe(200);
    const body = await anyone.json();
    expect(body).toMatchObject({ status: 'ok', plugins: ['mail'], config: 'ok' });
    expect((body as { tools: number }).tools).toBeGreaterThan(1);
    expect(await operator.json()).toEqual(body);
  });
});
