/**
 * Outbound guard (SSRF defence for Client ID Metadata Documents and client JWKS).
 *
 * The OAuth library fetches URLs a client chooses (its `client_id` is a URL). On Cloudflare the
 * `global_fetch_strictly_public` flag keeps those fetches on the public internet, but workerd in
 * local development does not, and the library does not check targets itself. So every outbound
 * fetch from the Worker that is not to a configured Microsoft host (identity authority, Graph,
 * which are plain http://127.0.0.1 in local development) must go to a public HTTPS host by name
 * or public address: checked before the request and again on every redirect hop, with a bounded
 * number of hops. Size (5 KB) and time (10 s) limits are the library's.
 *
 * Host names are checked as written: a Worker cannot resolve DNS before connecting, and in
 * production the compatibility flag is what stops a public name that resolves to a private address.
 */

/** Redirects followed for an untrusted target before giving up. */
export const MAX_REDIRECTS = 3;

/** Why a URL may not be fetched, or undefined when it may. */
export function outboundProblem(target: URL): string | undefined {
  if (target.protocol !== 'https:') return 'only https URLs may be fetched';
  if (target.username || target.password) return 'URLs with credentials may not be fetched';
  if (target.port && target.port !== '443') return 'only the default https port may be used';
  const host = target.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return ipv6Problem(host.slice(1, -1));
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return ipv4Problem(host.split('.').map(Number));
  if (!host.includes('.')) return 'single-label host names are internal';
  if (/(^|\.)(localhost|local|internal|intranet|lan|home|corp|private|localdomain|home\.arpa)$/.test(host)) {
    return 'internal host names may not be fetched';
  }
  return undefined;
}

function ipv4Problem([a = 0, b = 0, c = 0]: number[]): string | undefined {
  const blocked =
    a === 0 || // "this network"
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local, cloud metadata (169.254.169.254)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224; // multicast, reserved, broadcast
  return blocked ? 'private, loopback, link-local and reserved addresses may not be fetched' : undefined;
}

function ipv6Problem(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return 'unparseable IPv6 address';
  const [first = 0] = groups;
  const allZeroUntil = (index: number) => groups.slice(0, index).every((group) => group === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and 64:ff9b::/96 (NAT64) carry an IPv4 address: judge that.
  if (
    (allZeroUntil(5) && groups[5] === 0xffff) ||
    (first === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0))
  ) {
    return ipv4Problem([groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff]);
  }
  const blocked =
    allZeroUntil(8) || // ::
    (allZeroUntil(7) && groups[7] === 1) || // ::1
    allZeroUntil(6) || // IPv4-compatible (deprecated)
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xffc0) === 0xfec0 || // site-local (deprecated)
    (first & 0xff00) === 0xff00 || // multicast
    first === 0x2002 || // 6to4 embeds IPv4
    (first === 0x2001 && groups[1] === 0x0db8); // documentation
  return blocked ? 'private, loopback, link-local and reserved addresses may not be fetched' : undefined;
}

/** Eight 16-bit groups of an IPv6 address as the URL parser serialises it (no embedded IPv4 left). */
function expandIpv6(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const groups =
    halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff)
    ? groups
    : undefined;
}

export class OutboundBlockedError extends TypeError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Outbound request to ${url} refused: ${reason}`);
  }
}

/**
 * Wraps a fetch so that requests to anything but `trusted` origins obey `outboundProblem`, hop by
 * hop. Trusted origins (the configured Microsoft identity and Graph hosts) pass untouched.
 *
 * @example
 * const guarded = guardedFetch(fetch, () => new Set(['https://login.microsoftonline.com']));
 * await guarded('https://client.example/metadata.json'); // public: fetched
 * await guarded('https://169.254.169.254/latest/meta-data'); // throws OutboundBlockedError
 */
export function guardedFetch(inner: typeof fetch, trusted: () => ReadonlySet<string>): typeof fetch {
  return async (input, init) => {
    let request = new Request(input, init);
    if (trusted().has(new URL(request.url).origin)) return inner(request);
    for (let hop = 0; ; hop++) {
      const problem = outboundProblem(new URL(request.url));
      if (problem) throw new OutboundBlockedError(request.url, problem);
      const response = await inner(new Request(request, { redirect: 'manual' }));
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || response.status === 304 || !location) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new OutboundBlockedError(request.url, `more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, request.url);
      // 303, and 301/302 after POST, turn into GET as browsers do; metadata fetches are GETs anyway.
      request = new Request(next, { method: 'GET', headers: request.headers, signal: request.signal });
    }
  };
}

const trustedOrigins = new Set<string>();
const GUARDED = Symbol.for('m365-gateway.outbound-guard');

/**
 * Puts the guard around this isolate's global `fetch` (once) and trusts the given origins.
 * Called by the Worker entry with the configured Microsoft hosts before any request is handled.
 */
export function installOutboundGuard(origins: readonly string[]): void {
  for (const origin of origins) trustedOrigins.add(origin);
  // Checked on every call, not once: something else (a test's fetch interceptor) may have
  // replaced the global since.
  if ((globalThis.fetch as typeof fetch & { [GUARDED]?: true })[GUARDED]) return;
  const guarded = Object.assign(
    guardedFetch(globalThis.fetch.bind(globalThis), () => trustedOrigins),
    { [GUARDED]: true as const },
  );
  // workerd's global is read-only to assignment but configurable.
  Object.defineProperty(globalThis, 'fetch', { value: guarded, writable: true, configurable: true, enumerable: true });
}
