/**
 * GET / as a person's browser asks for it (a page under the strict CSP, its one script allowed by
 * hash) and as a machine asks for it (today's JSON discovery answer).
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../core/encoding/base64';
import { GATEWAY } from './harness';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('landing page', () => {
  it('a browser gets a page naming the MCP URL, each client, connected apps and /health', async () => {
    const response = await SELF.fetch(`${GATEWAY}/`, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain(`<code id="mcp-url">${GATEWAY}/mcp</code>`);
    expect(html).toContain(`claude mcp add --transport http m365 ${GATEWAY}/mcp`);
    for (const client of [
      'Claude Desktop',
      'ChatGPT',
      'VS Code',
      'Cursor',
      'Gemini CLI',
      'mcp-remote',
      'MCP Inspector',
    ])
      expect(html).toContain(client);
    expect(html).toContain('href="/apps"');
    expect(html).toContain('href="/health"');
    // The copy button is made by its script: without script the page shows the URL and no dead button.
    expect(html).not.toContain('<button');
  });

  it('the only script runs by its hash under a CSP without unsafe-inline, framing or forms', async () => {
    const response = await SELF.fetch(`${GATEWAY}/`, { headers: { accept: BROWSER_ACCEPT } });
    const csp = response.headers.get('content-security-policy') ?? '';
    const html = await response.text();
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
    expect(scripts).toHaveLength(1);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(scripts[0]));
    expect(csp).toContain(`script-src 'sha256-${bytesToBase64(new Uint8Array(digest))}';`);
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[0-9a-f]{32}'; /);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it.each([
    ['no Accept', undefined],
    ['application/json', 'application/json'],
    ['*/*', '*/*'],
    ['JSON ranked above HTML', 'text/html;q=0.5, application/json'],
  ])('a machine (%s) still gets the JSON discovery answer', async (_name, accept) => {
    const response = await SELF.fetch(`${GATEWAY}/`, accept ? { headers: { accept } } : {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      name: 'Microsoft 365 MCP Gateway',
      mcp: `${GATEWAY}/mcp`,
      health: `${GATEWAY}/health`,
    });
  });
});
