/**
 * A scripted "browser" for tests and demos: follows the gateway's OAuth flow the way a person
 * would (consent page → Microsoft sign-in page → back to the client) with a cookie jar and manual
 * redirects. Runtime-neutral: works in workerd (gateway via SELF.fetch) and on Node (real HTTP).
 */
export type FetchLike = (input: Request) => Promise<Response>;

export interface BrowserOptions {
  /** How to reach a URL: pick the gateway's fetch or the network by origin. */
  fetchFor(url: URL): FetchLike;
}

/** Minimal cookie jar: name=value per host, enough for __Host- cookies with Path=/. */
export class TestBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly options: BrowserOptions) {}

  /** One request, no redirect following; stores Set-Cookie. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookies = this.jar.get(target.host);
    if (cookies?.size) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await this.options.fetchFor(target)(new Request(target, { ...init, headers, redirect: 'manual' }));
    for (const line of getSetCookies(response.headers)) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      if (index < 0) continue;
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const hostJar = this.jar.get(target.host) ?? new Map<string, string>();
      if (/max-age=0/i.test(line) || value === '') hostJar.delete(name);
      else hostJar.set(name, value);
      this.jar.set(target.host, hostJar);
    }
    return response;
  }

  cookieNames(host: string): string[] {
    return [...(this.jar.get(host)?.keys() ?? [])];
  }
}

function getSetCookies(headers: Headers): string[] {
  const withGetter = headers as Headers & { getSetCookie?: () => string[] };
  if (typeof withGetter.getSetCookie === 'function') return withGetter.getSetCookie();
  const single = headers.get('set-cookie');
  return single ? [single] : [];
}

/** Hidden inputs of the first form on a page (and its action), as a person's browser would post. */
export function readForm(html: string): { action: string | undefined; fields: Record<string, string> } {
  const form = /<form\b[^>]*>/i.exec(html)?.[0] ?? '';
  const action = /action="([^"]*)"/i.exec(form)?.[1];
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input\b[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(input[0])?.[1];
    const value = /value="([^"]*)"/i.exec(input[0])?.[1] ?? '';
    if (name) fields[decodeEntities(name)] = decodeEntities(value);
  }
  return { action: action === undefined ? undefined : decodeEntities(action), fields };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface ConnectOptions {
  browser: TestBrowser;
  /** The client's authorization URL (gateway /authorize?…), as an MCP client would open it. */
  authorizationUrl: string;
  /** Demo user to sign in as (UPN shown on the emulated Microsoft sign-in page). */
  user: string;
  /** Decision on the consent page. */
  decision?: 'approve' | 'deny';
}

/**
 * Walks consent → Microsoft sign-in → callback and returns the URL the gateway finally redirects
 * to (the client's redirect URI with `code` and `state`, or with `error`).
 */
export async function completeAuthorizationInBrowser(options: ConnectOptions): Promise<URL> {
  const { browser } = options;
  let url = new URL(options.authorizationUrl);
  // The flow ends when the gateway sends the browser to the client's redirect URI.
  const redirectUri = url.searchParams.get('redirect_uri');
  const isClientRedirect = (next: URL) =>
    redirectUri !== null && `${next.origin}${next.pathname}` === redirectUri.split('?')[0];
  let response = await browser.request(url);
  for (let hop = 0; hop < 10; hop++) {
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`Redirect without Location from ${url}`);
      const next = new URL(location, url);
      if (isClientRedirect(next)) return next;
      url = next;
      response = await browser.request(url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${html.slice(0, 500)}`);
    const { action, fields } = readForm(html);
    const target = new URL(action ?? url.toString(), url);
    const form = new URLSearchParams(fields);
    if ('handle' in fields) form.set('decision', options.decision ?? 'approve');
    else form.set('user', options.user);
    response = await browser.request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: target.origin },
      body: form.toString(),
    });
    url = target;
  }
  throw new Error('Too many steps in the authorization flow');
}
