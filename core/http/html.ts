/**
 * Server-rendered pages. Everything interpolated is escaped; styles carry a per-response nonce
 * so the CSP can forbid every other style and all script.
 */
import { escapeHtml } from '../encoding/html';

export { escapeHtml };

export interface Page {
  title: string;
  /** Already-escaped HTML for the body. */
  body: string;
}

/** Renders a page with its CSP; `headers` (e.g. the consent helpers' cookie headers) are kept. */
export function htmlResponse(
  page: Page,
  init: { status?: number; headers?: Headers /** CSP with a `{nonce}` placeholder. */; csp?: string } = {},
): Response {
  const nonce = crypto.randomUUID().replace(/-/g, '');
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'text/html; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  headers.set(
    'Content-Security-Policy',
    (
      init.csp ??
      "default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"
    ).replace('{nonce}', nonce),
  );
  headers.set('X-Frame-Options', 'DENY');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}
.box{border:1px solid #ddd;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
.warn{background:#fff4ce;border-color:#f2c94c}ul{padding-left:1.2rem}
button,.button{font:inherit;text-decoration:none;display:inline-block;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer}
button.primary,.button.primary{background:#0f6cbd;border-color:#0f6cbd;color:#fff}.muted{color:#616161;font-size:.9rem}ul.apps{list-style:none;padding:0}
</style></head><body>
${page.body}
</body></html>`;
  return new Response(html, { status: init.status ?? 200, headers });
}
