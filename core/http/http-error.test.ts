import { describe, expect, it } from 'vitest';
import { HttpError, renderHttpError } from './http-error';

describe('HttpError', () => {
  it('renders an OAuth error as { error, error_description } JSON with its status, Retry-After and no-store', async () => {
    const response = HttpError.oauth(429, 'temporarily_unavailable', 'Slow down.', {
      retryAfterSeconds: 60,
    }).toResponse();
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('retry-after')).toBe('60');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'temporarily_unavailable', error_description: 'Slow down.' });
  });

  it('renders a JSON-RPC error with its code, message and request id (null when unknown)', async () => {
    const withId = HttpError.jsonRpc(400, -32600, 'Bad request.', { id: 7, headers: { allow: 'GET, POST' } });
    const response = withId.toResponse();
    expect(response.status).toBe(400);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.json()).toEqual({ jsonrpc: '2.0', error: { code: -32600, message: 'Bad request.' }, id: 7 });
    expect(await HttpError.jsonRpc(404, -32001, 'Gone.').toResponse().json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Gone.' },
      id: null,
    });
    const withData = HttpError.jsonRpc(400, -32022, 'Unsupported.', { data: { supported: ['a'] } });
    expect(await withData.toResponse().json()).toMatchObject({ error: { data: { supported: ['a'] } } });
  });

  it('renders a page with the title and message escaped, keeping cookies it carries', async () => {
    const response = HttpError.page('Nope <b>', 'Try "again" & see', 403, {
      headers: [
        ['Set-Cookie', 'a=; Max-Age=0'],
        ['Set-Cookie', 'b=; Max-Age=0'],
      ],
    }).toResponse();
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.getSetCookie()).toEqual(['a=; Max-Age=0', 'b=; Max-Age=0']);
    const html = await response.text();
    expect(html).toContain('<h1>Nope &#60;b&#62;</h1>');
    expect(html).toContain('Try &#34;again&#34; &#38; see');
  });

  it('renderHttpError renders an HttpError and rethrows anything else (never a 4xx for a bug)', () => {
    expect(renderHttpError(HttpError.page('Not found', 'Nothing.', 404)).status).toBe(404);
    const bug = new TypeError('undefined is not a function');
    expect(() => renderHttpError(bug)).toThrow(bug);
    expect(() => renderHttpError(Object.assign(new Error('x'), { status: 400 }))).toThrow('x');
  });
});
