/**
 * The page a person sees when Microsoft ends a sign-in with an AADSTS error: what went wrong and
 * who does what to fix it, in plain words, with a way back to the app (which then gets
 * `access_denied`, as OAuth requires).
 */
import type { SignInFix } from '../auth/aadsts-fixes';
import { escapeHtml, htmlResponse } from './html';

/**
 * @example
 * return signInErrorPage(signInFix(50011, config.publicBaseUrl), { back: clientErrorUrl, headers });
 */
export function signInErrorPage(fix: SignInFix, options: { back?: string; headers?: Headers } = {}): Response {
  const back = options.back
    ? `<p><a class="button" href="${escapeHtml(options.back)}">Return to your app</a></p>`
    : '<p>Then start connecting again from your app.</p>';
  const body = `<h1>Microsoft sign-in did not finish</h1>
<p>${escapeHtml(fix.problem)}</p>
<div class="box warn"><strong>What to do:</strong> ${escapeHtml(fix.fix)}</div>
${back}
<p class="muted">Microsoft error AADSTS${fix.code}.</p>`;
  return htmlResponse(
    { title: 'Microsoft sign-in did not finish', body },
    { status: 400, ...(options.headers ? { headers: options.headers } : {}) },
  );
}
