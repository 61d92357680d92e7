/**
 * GET /health: liveness plus what this deployment runs. Configuration problems can name secrets'
 * variables and the deployment's settings, so the public answer says only "misconfigured"; the
 * details go to the log and to an operator presenting `Authorization: Bearer <HEALTH_TOKEN>`.
 */
import { GATEWAY_VERSION } from '../version';

export interface HealthReport {
  status: 'ok' | 'misconfigured';
  version: string;
  plugins: string[];
  tools: number;
  /** `{ problems }` only for the operator's token; anyone else sees the word. */
  config: 'ok' | 'misconfigured' | { problems: string[] };
}

export type HealthState = { plugins: string[]; tools: number } | { problems: string[] };

/**
 * @example
 * await healthResponse(request, env.HEALTH_TOKEN, { plugins: ['mail'], tools: 10 }); // 200 {status:'ok',…}
 * await healthResponse(request, env.HEALTH_TOKEN, { problems }); // 503, problems only with the bearer token
 */
export async function healthResponse(
  request: Request,
  healthToken: string | undefined,
  state: HealthState,
): Promise<Response> {
  const authorization = request.headers.get('Authorization');
  let operator = false;
  if (authorization !== null) {
    operator = await isOperator(authorization, healthToken);
    // A wrong or unusable token is the operator's mistake: say so rather than answer as to anyone.
    if (!operator)
      return Response.json(
        {
          error: 'invalid_token',
          error_description: healthToken
            ? "The bearer token is not this deployment's HEALTH_TOKEN."
            : 'This deployment has no HEALTH_TOKEN secret; set one (`wrangler secret put HEALTH_TOKEN`) to see details.',
        },
        { status: 401, headers: { 'Cache-Control': 'no-store', 'WWW-Authenticate': 'Bearer realm="health"' } },
      );
  }
  const report: HealthReport =
    'problems' in state
      ? {
          status: 'misconfigured',
          version: GATEWAY_VERSION,
          plugins: [],
          tools: 0,
          config: operator ? { problems: state.problems } : 'misconfigured',
        }
      : { status: 'ok', version: GATEWAY_VERSION, plugins: state.plugins, tools: state.tools, config: 'ok' };
  return Response.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}

/** Compares digests of equal length in constant time, so the comparison leaks neither content nor length. */
async function isOperator(authorization: string, healthToken: string | undefined): Promise<boolean> {
  if (!healthToken) return false;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return false;
  const [given, expected] = await Promise.all(
    [match[1], healthToken].map((value) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))),
  );
  return crypto.subtle.timingSafeEqual(given as ArrayBuffer, expected as ArrayBuffer);
}
