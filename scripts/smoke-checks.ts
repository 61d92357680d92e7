/**
 * Checks of a deployed gateway from outside, as a client and a browser meet it: /health, the
 * protected-resource (RFC 9728) and authorization-server (RFC 8414) metadata, the 401 challenge
 * naming `resource_metadata`, CORS refused for an origin nobody listed, and the landing page. Each
 * check says what it found when it fails, so the line is enough to act on.
 */

export interface SmokeResult {
  name: string;
  ok: boolean;
  /** What was wrong (failed checks), or what was seen (passed ones). */
  detail: string;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** An origin no deployment lists in ALLOWED_ORIGINS (`.invalid` never resolves). */
const FOREIGN_ORIGIN = 'https://smoke-check.invalid';

/** The OAuth library serves the gateway's metadata only at its configured origin. */
const MISMATCH_HINT = ' (is PUBLIC_BASE_URL the address you reached?)';

class CheckFailed extends Error {}
function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CheckFailed(`${what} is not JSON (HTTP ${response.status}): ${text.slice(0, 120)}`);
  }
}

/**
 * @example
 * const results = await runSmokeChecks('https://m365.example.com');
 * const failed = results.filter((result) => !result.ok);
 */
export async function runSmokeChecks(
  target: string,
  options: { fetch?: Fetch; healthToken?: string } = {},
): Promise<SmokeResult[]> {
  const base = new URL(target).origin;
  const get: Fetch = options.fetch ?? ((input, init) => fetch(input, { redirect: 'manual', ...init }));
  const checks: Array<[string, () => Promise<string>]> = [
    [
      'health',
      async () => {
        const headers: Record<string, string> = options.healthToken
          ? { authorization: `Bearer ${options.healthToken}` }
          : {};
        const response = await get(`${base}/health`, { headers });
        const body = await json(response, '/health');
        const problems = (body.config as { problems?: string[] } | undefined)?.problems;
        expectThat(
          response.status === 200 && body.status === 'ok',
          `/health answered ${response.status} ${String(body.status)}${problems ? `: ${problems.join('; ')}` : ' (the Worker log, or --health-token, names the problem)'}`,
        );
        return `version ${String(body.version)}, plugins ${(body.plugins as string[]).join(', ')}, ${String(body.tools)} tools`;
      },
    ],
    [
      'protected resource metadata (RFC 9728)',
      async () => {
        // The resource is the gateway's origin (every MCP path sits under it), so its metadata is here.
        const path = '/.well-known/oauth-protected-resource';
        const response = await get(`${base}${path}`);
        expectThat(response.status === 200, `${path} answered ${response.status}${MISMATCH_HINT}`);
        const body = await json(response, path);
        expectThat(
          body.resource === base,
          `${path} names resource "${String(body.resource)}", not ${base}: PUBLIC_BASE_URL does not match the address you reached`,
        );
        expectThat(
          Array.isArray(body.authorization_servers) && body.authorization_servers.includes(base),
          `${path} names authorization servers ${JSON.stringify(body.authorization_servers)}, not ${base}`,
        );
        return `resource ${base}`;
      },
    ],
    [
      'authorization server metadata (RFC 8414)',
      async () => {
        const path = '/.well-known/oauth-authorization-server';
        const response = await get(`${base}${path}`);
        expectThat(response.status === 200, `${path} answered ${response.status}`);
        const body = await json(response, path);
        expectThat(
          body.issuer === base,
          `issuer is "${String(body.issuer)}", not ${base}: PUBLIC_BASE_URL does not match the address you reached`,
        );
        for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint'])
          expectThat(String(body[endpoint]).startsWith(`${base}/`), `${endpoint} is "${String(body[endpoint])}"`);
        expectThat(
          Array.isArray(body.code_challenge_methods_supported) &&
            body.code_challenge_methods_supported.includes('S256'),
          'code_challenge_methods_supported lacks S256',
        );
        return `issuer ${base}`;
      },
    ],
    [
      '401 challenge with resource_metadata',
      async () => {
        const response = await get(`${base}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        });
        const challenge = response.headers.get('www-authenticate') ?? '';
        expectThat(response.status === 401, `POST /mcp without a token answered ${response.status}, not 401`);
        const metadata = /resource_metadata="([^"]+)"/.exec(challenge)?.[1];
        expectThat(metadata, `the 401 challenge names no resource_metadata: "${challenge}"${MISMATCH_HINT}`);
        expectThat(metadata.startsWith(`${base}/`), `resource_metadata points to ${metadata}, outside ${base}`);
        const followed = await get(metadata);
        expectThat(followed.status === 200, `resource_metadata ${metadata} answered ${followed.status}`);
        return metadata;
      },
    ],
    [
      'CORS refused for an unlisted origin',
      async () => {
        const metadata = await get(`${base}/.well-known/oauth-authorization-server`, {
          headers: { origin: FOREIGN_ORIGIN },
        });
        const allowed = metadata.headers.get('access-control-allow-origin');
        expectThat(
          allowed === null,
          `metadata answered ${FOREIGN_ORIGIN} with Access-Control-Allow-Origin: ${allowed}`,
        );
        const mcp = await get(`${base}/mcp`, {
          method: 'POST',
          headers: { origin: FOREIGN_ORIGIN, 'content-type': 'application/json' },
          body: '{}',
        });
        expectThat(mcp.status === 403, `POST /mcp from ${FOREIGN_ORIGIN} answered ${mcp.status}, not 403`);
        return `${FOREIGN_ORIGIN} gets no CORS headers and 403 on /mcp`;
      },
    ],
    [
      'landing page',
      async () => {
        const response = await get(`${base}/`, { headers: { accept: 'text/html' } });
        const html = await response.text();
        expectThat(response.status === 200, `GET / for a browser answered ${response.status}`);
        expectThat(
          (response.headers.get('content-type') ?? '').startsWith('text/html'),
          `GET / for a browser answered ${response.headers.get('content-type')}, not a page`,
        );
        expectThat(
          html.includes(`${base}/mcp`),
          `the page does not show ${base}/mcp: PUBLIC_BASE_URL does not match the address you reached`,
        );
        const csp = response.headers.get('content-security-policy') ?? '';
        expectThat(csp.includes("default-src 'none'"), `the page's CSP is "${csp}"`);
        return `shows ${base}/mcp`;
      },
    ],
  ];
  const results: SmokeResult[] = [];
  for (const [name, check] of checks) {
    try {
      results.push({ name, ok: true, detail: await check() });
    } catch (error) {
      const detail = error instanceof CheckFailed ? error.message : `could not reach ${base}: ${String(error)}`;
      results.push({ name, ok: false, detail });
    }
  }
  return results;
}
