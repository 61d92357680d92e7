/** The identity platform's answers: token JSON, AADSTS error JSON and HTML pages. */
import { escapeHtml } from '../tenant/html-text';

export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

function aadTimestamp(): string {
  return new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `AADSTSnnn: message Trace ID: … Correlation ID: … Timestamp: …`, as Microsoft formats descriptions. */
export function aadDescription(code: number, message: string, ids: { trace: string; correlation: string }): string {
  return `AADSTS${code}: ${message} Trace ID: ${ids.trace} Correlation ID: ${ids.correlation} Timestamp: ${aadTimestamp()}`;
}

export function tokenError(
  authorityOrigin: string,
  error: string,
  code: number,
  message: string,
  status = 400,
  /** Microsoft's `suberror` (MFA and conditional access answers carry one, e.g. `basic_action`). */
  suberror?: string,
): Response {
  const ids = { trace: crypto.randomUUID(), correlation: crypto.randomUUID() };
  return new Response(
    JSON.stringify({
      error,
      error_description: aadDescription(code, message, ids),
      error_codes: [code],
      timestamp: aadTimestamp(),
      trace_id: ids.trace,
      correlation_id: ids.correlation,
      error_uri: `${authorityOrigin}/error?code=${code}`,
      ...(suberror ? { suberror } : {}),
    }),
    { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } },
  );
}

export function tokenJson(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), {
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

function page(title: string, inner: string, status: number): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Segoe UI,system-ui,sans-serif;background:#f2f2f2;margin:0}main{max-width:440px;margin:8vh auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 8px}p{color:#444}button{display:block;width:100%;text-align:left;margin:8px 0;padding:12px;border:1px solid #8a8886;background:#fff;cursor:pointer;font:inherit}
button:hover,button:focus{background:#f3f2f1}button.cancel{text-align:center;border:none;color:#0067b8}small{color:#666}.note{font-size:12px;color:#666}code{word-break:break-all}</style></head>
<body><main>${inner}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-store',
    },
  });
}

export function errorPage(code: number, message: string, status = 400): Response {
  const ids = { trace: crypto.randomUUID(), correlation: crypto.randomUUID() };
  return page(
    'Sign in — error (emulated Microsoft 365)',
    `<h1>Sorry, but we’re having trouble signing you in.</h1><p><code>${escapeHtml(aadDescription(code, message, ids))}</code></p>`,
    status,
  );
}

export interface LoginPageUser {
  upn: string;
  displayName: string;
  jobTitle: string;
}

/** The emulated sign-in page: one button per demo user; the form posts back to the same URL. */
export function loginPage(
  params: URLSearchParams,
  users: readonly LoginPageUser[],
  scopes: readonly string[],
): Response {
  const hint = (params.get('login_hint') ?? '').toLowerCase();
  const hidden = [...params.entries()]
    .filter(([k]) => k !== 'user' && k !== 'action')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const buttons = users
    .map(
      (u) =>
        `<button type="submit" name="user" value="${escapeHtml(u.upn)}"${u.upn.toLowerCase() === hint ? ' autofocus' : ''}>` +
        `<strong>${escapeHtml(u.displayName)}</strong><br><small>${escapeHtml(u.upn)} · ${escapeHtml(u.jobTitle)}</small></button>`,
    )
    .join('\n');
  return page(
    'Sign in — Contoso (emulated Microsoft 365)',
    `<h1>Sign in — Contoso (emulated Microsoft 365)</h1>
<p>Pick an account. This is a local emulator: no password, no real Microsoft tenant.</p>
<p class="note">Application <code>${escapeHtml(params.get('client_id') ?? '')}</code> asks for: <code>${escapeHtml(scopes.join(' '))}</code></p>
<form method="post">
${hidden}
${buttons}
<button type="submit" class="cancel" name="action" value="cancel">Cancel</button>
</form>`,
    200,
  );
}
