/**
 * The gateway's consent page (MCP confused-deputy defence): before anything is sent to
 * Microsoft, the user sees which app is asking, where its tokens will go, and which plugins and
 * Graph permissions it will use. The form carries only the helper's browser-bound handle.
 */
import type { ConsentDescription } from '@cloudflare/workers-oauth-provider';
import { mixedScriptWarningHtml, nameHtml, showName } from './client-name';
import { escapeHtml, htmlResponse } from './html';

export interface ConsentPlugin {
  name: string;
  description: string;
  tools: string[];
  scopes: string[];
}

export function consentPage(
  details: ConsentDescription,
  handle: string,
  plugins: readonly ConsentPlugin[],
  headers: Headers,
): Response {
  const shown = showName(details.clientName);
  const name = `<em>${nameHtml(shown)}</em>`;
  const origin = details.clientDomain
    ? `Published by <strong>${escapeHtml(details.clientDomain)}</strong>.`
    : 'This app registered itself: its name is not verified.';
  const loopback = details.redirectIsLoopback
    ? `<div class="box warn"><strong>This sends access to an app on your computer</strong> (${escapeHtml(details.redirectHost)}).
       Continue only if you just started connecting from that app.</div>`
    : '';
  const pluginItems = plugins
    .map(
      (plugin) =>
        `<li><strong>${escapeHtml(plugin.name)}</strong> — ${escapeHtml(plugin.description)}<br>
         <span class="muted">Tools: ${plugin.tools.map(escapeHtml).join(', ')}. Microsoft permissions: ${plugin.scopes.map((scope) => `<code>${escapeHtml(scope)}</code>`).join(' ')}</span></li>`,
    )
    .join('');
  const body = `<h1>Allow ${name} to use your Microsoft 365?</h1>
${mixedScriptWarningHtml(shown)}
<p>${origin} Access will be sent to <strong>${escapeHtml(details.redirectHost)}</strong>.</p>
${loopback}
<div class="box"><p>If you allow it, you will sign in with Microsoft, and ${name} can act for you through this gateway with:</p>
<ul>${pluginItems}</ul></div>
<form method="post" action="/authorize">
  <input type="hidden" name="handle" value="${escapeHtml(handle)}">
  <p><button class="primary" name="decision" value="approve">Allow and sign in with Microsoft</button>
  <button name="decision" value="deny">Deny</button></p>
</form>
<p class="muted">You can revoke this app's access at any time.</p>`;
  // same-origin: the form's POST then carries this origin, which /authorize checks
  // (no-referrer would make it "null").
  const pageHeaders = new Headers(headers);
  pageHeaders.set('Referrer-Policy', 'same-origin');
  return htmlResponse({ title: `Allow ${shown.text}?`, body }, { headers: pageHeaders });
}
