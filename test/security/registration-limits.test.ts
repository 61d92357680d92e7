/**
 * Dynamic client registration is bounded (RFC 7591 §3.2.2 `invalid_client_metadata`): the whole
 * metadata like a Client ID Metadata Document (5 KiB), the name, the number and length of
 * redirect URIs and the other URI fields — refused before anything is stored.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CLIENT_REDIRECT, GATEWAY, registerClient } from './support';

async function storedClients(): Promise<number> {
  return (await env.OAUTH_KV.list({ prefix: 'client:' })).keys.length;
}

async function expectRefused(response: Response, description: RegExp): Promise<void> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string; error_description: string };
  expect(body.error).toBe('invalid_client_metadata');
  expect(body.error_description).toMatch(description);
}

describe('registration limits (RFC 7591 §3.2.2)', () => {
  it('registration limits: the attack sizes (200,000-character name, 5,000 redirect URIs) are refused and nothing is stored', async () => {
    const before = await storedClients();
    await expectRefused(await registerClient({ client_name: 'A'.repeat(200_000) }), /larger than 5120 bytes/);
    const many = Array.from({ length: 5000 }, (_, index) => `http://127.0.0.1:${1024 + index}/cb`);
    await expectRefused(await registerClient({ redirect_uris: many }), /larger than 5120 bytes/);
    expect(await storedClients()).toBe(before);
  });

  it('registration limits: client_name at most 200 characters (also its language variants)', async () => {
    const empty = await storedClients();
    expect((await registerClient({ client_name: 'N'.repeat(200) })).status).toBe(201);
    const before = await storedClients();
    expect(before).toBe(empty + 1);
    await expectRefused(await registerClient({ client_name: 'N'.repeat(201) }), /client_name is longer than 200/);
    await expectRefused(
      await registerClient({ 'client_name#ja': '名'.repeat(201) }),
      /client_name#ja is longer than 200/,
    );
    expect(await storedClients()).toBe(before);
  });

  it('registration limits: at most 10 redirect URIs of at most 2,000 characters', async () => {
    const uris = (count: number) => Array.from({ length: count }, (_, index) => `${CLIENT_REDIRECT}${index}`);
    expect((await registerClient({ redirect_uris: uris(10) })).status).toBe(201);
    await expectRefused(await registerClient({ redirect_uris: uris(11) }), /11 entries; at most 10/);
    const long = `http://127.0.0.1:33418/${'p'.repeat(2000)}`;
    await expectRefused(await registerClient({ redirect_uris: [long] }), /redirect URI is longer than 2000/);
  });

  it('registration limits: other URI fields at most 2,000 characters', async () => {
    for (const field of ['logo_uri', 'client_uri', 'policy_uri', 'tos_uri']) {
      const uri = `https://app.example/${'x'.repeat(2000)}`;
      await expectRefused(await registerClient({ [field]: uri }), new RegExp(`${field} is longer than 2000`));
    }
    expect((await registerClient({ client_uri: `https://app.example/${'x'.repeat(1900)}` })).status).toBe(201);
  });

  it('registration limits: the body is bounded whether declared or chunked, before it is read to its end', async () => {
    const padding = JSON.stringify({
      client_name: 'Padded',
      redirect_uris: [CLIENT_REDIRECT],
      token_endpoint_auth_method: 'none',
      software_statement_note: ' '.repeat(6000),
    });
    const declared = await SELF.fetch(`${GATEWAY}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: padding,
    });
    await expectRefused(declared, /larger than 5120 bytes/);
    let pulled = 0;
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    const chunked = await SELF.fetch(`${GATEWAY}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
    });
    await expectRefused(chunked, /larger than 5120 bytes/);
    expect(pulled).toBeLessThan(512 * 1024);
  });
});
