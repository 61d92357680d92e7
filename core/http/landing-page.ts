/**
 * GET / for a person: what this gateway is, its MCP URL with a copy button, how to add it to each
 * client, and links to connected apps and /health. Machines (no `text/html` preference) keep the
 * JSON discovery answer. The page needs no script; the copy button is the only script, allowed by
 * its SHA-256 hash in the CSP, and exists only where that script runs.
 */
import { bytesToBase64 } from '../encoding/base64';
import { escapeHtml, htmlResponse } from './html';

/** Tool-count limits of clients that refuse or truncate beyond them. */
export const CLIENT_TOOL_LIMITS = { cursor: 40, vscode: 128 } as const;

/**
 * Adds the copy button next to the URL and copies on click; without script there is no button,
 * only the URL. Kept constant so its hash can be in the CSP.
 */
export const COPY_SCRIPT =
  "(()=>{const u=document.getElementById('mcp-url');if(!u||!navigator.clipboard)return;" +
  "const b=document.createElement('button');b.type='button';b.id='copy';b.textContent='Copy';u.after(' ',b);" +
  "b.addEventListener('click',()=>navigator.clipboard.writeText(u.textContent||'').then(" +
  "()=>{b.textContent='Copied'},()=>{b.textContent='Select the address and copy it'}))})();";

let scriptHash: Promise<string> | undefined;
/** `'sha256-…'` of COPY_SCRIPT, computed once per isolate from the script itself. */
export function copyScriptHash(): Promise<string> {
  scriptHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(COPY_SCRIPT))
    .then((digest) => `'sha256-${bytesToBase64(new Uint8Array(digest))}'`);
  return scriptHash;
}

/**
 * True when the request ranks `text/html` at least as high as JSON, as a browser's navigation
 * does; `*\/*`, no Accept or `application/json` keep the JSON answer.
 *
 * @example
 * prefersHtml(new Request(url, { headers: { Accept: 'text/html,application/xhtml+xml,*\/*;q=0.8' } })); // true
 * prefersHtml(new Request(url, { headers: { Accept: 'application/json' } })); // false
 */
export function prefersHtml(request: Request): boolean {
  const ranks = new Map<string, number>();
  for (const part of (request.headers.get('Accept') ?? '').split(',')) {
    const [type = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    if (type) ranks.set(type, Number.isFinite(quality) ? quality : 0);
  }
  const html = ranks.get('text/html') ?? 0;
  return html > 0 && html >= (ranks.get('application/json') ?? 0);
}

export interface LandingInfo {
  publicBaseUrl: string;
  plugins: string[];
  tools: number;
}

/**
 * @example
 * return landingPage({ publicBaseUrl: 'https://m365.example.com', plugins: ['mail'], tools: 10 });
 */
export async function landingPage(info: LandingInfo): Promise<Response> {
  const mcp = `${info.publicBaseUrl}/mcp`;
  const url = escapeHtml(mcp);
  const local = isLoopback(info.publicBaseUrl);
  const json = (value: unknown) => escapeHtml(JSON.stringify(value, null, 2));
  const step = (title: string, html: string, open = false) =>
    `<details${open ? ' open' : ''}><summary><strong>${title}</strong></summary>${html}</details>`;
  const cloudOnly = local
    ? '<p class="muted">Its servers connect from the internet, so it needs this gateway deployed on a public https address; from this computer, use the mcp-remote entry below instead.</p>'
    : '';
  const limitNote = (client: keyof typeof CLIENT_TOOL_LIMITS) =>
    info.tools > CLIENT_TOOL_LIMITS[client]
      ? `<p class="box warn">This gateway serves ${info.tools} tools, more than ${CLIENT_TOOL_LIMITS[client]}: ask its operator to narrow <code>ENABLED_PLUGINS</code>, <code>TOOLS_ALLOW</code> or <code>READ_ONLY</code>.</p>`
      : `<p class="muted">Uses at most ${CLIENT_TOOL_LIMITS[client]} tools; this gateway serves ${info.tools}.</p>`;
  const steps = [
    step(
      'Claude (claude.ai and Claude Desktop)',
      `<p>Settings → Connectors → <em>Add custom connector</em>: name <code>Microsoft 365</code>, URL <code>${url}</code> → <em>Add</em>, then <em>Connect</em>.</p>${cloudOnly}`,
      true,
    ),
    step('Claude Code', `<pre><code>claude mcp add --transport http m365 ${url}</code></pre>`),
    step(
      'ChatGPT',
      `<p>Settings → Apps &amp; Connectors → Advanced settings → turn on <em>Developer mode</em>; then <em>Create</em>: MCP server URL <code>${url}</code>, authentication OAuth.</p>${cloudOnly}`,
    ),
    step(
      'VS Code (GitHub Copilot)',
      `<p>In <code>.vscode/mcp.json</code>:</p><pre><code>${json({ servers: { m365: { type: 'http', url: mcp } } })}</code></pre>${limitNote('vscode')}`,
    ),
    step(
      'Cursor',
      `<p>In <code>~/.cursor/mcp.json</code>:</p><pre><code>${json({ mcpServers: { m365: { url: mcp } } })}</code></pre>${limitNote('cursor')}`,
    ),
    step(
      'Gemini CLI',
      `<p>In <code>~/.gemini/settings.json</code>:</p><pre><code>${json({ mcpServers: { m365: { httpUrl: mcp } } })}</code></pre>`,
    ),
    step(
      'Clients that start a local command (stdio), e.g. Claude Desktop’s config file',
      `<pre><code>${json({ mcpServers: { m365: { command: 'npx', args: ['-y', 'mcp-remote', mcp] } } })}</code></pre>`,
    ),
    step(
      'MCP Inspector',
      `<pre><code>npx @modelcontextprotocol/inspector</code></pre><p>Transport <em>Streamable HTTP</em>, URL <code>${url}</code>, then <em>Connect</em>.</p>`,
    ),
  ].join('\n');
  const plugins = info.plugins.length > 0 ? info.plugins.map(escapeHtml).join(', ') : 'none';
  const body = `<h1>Microsoft 365 MCP Gateway</h1>
<p>This server lets AI apps (Claude, ChatGPT, Gemini, VS Code, Cursor and others) work with your Microsoft 365 through the Model Context Protocol. Each person signs in with their own Microsoft account, and sees and approves what each app may do.</p>
<div class="box"><p>Add this address to your AI app as an MCP server:</p>
<p><code id="mcp-url">${url}</code></p>
<p class="muted">Plugins: ${plugins} · ${info.tools} tools</p></div>
<h2>Connect your app</h2>
${steps}
<h2>More</h2>
<ul><li><a href="/apps">Connected apps</a>: see the apps that can use your Microsoft 365 here, and disconnect any.</li>
<li><a href="/health">Health</a>: version, plugins and configuration state of this gateway.</li></ul>
<script>${COPY_SCRIPT}</script>`;
  const csp =
    "default-src 'none'; style-src 'nonce-{nonce}'; " +
    `script-src ${await copyScriptHash()}; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return htmlResponse({ title: 'Microsoft 365 MCP Gateway', body }, { csp });
}

function isLoopback(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
