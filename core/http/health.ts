/** GET /health: liveness plus what this deployment runs, and every configuration problem. */
import { GATEWAY_VERSION } from '../version';

export interface HealthReport {
  status: 'ok' | 'misconfigured';
  version: string;
  plugins: string[];
  tools: number;
  config: 'ok' | { problems: string[] };
}

export function healthResponse(state: { plugins: string[]; tools: number } | { problems: string[] }): Response {
  const report: HealthReport =
    'problems' in state
      ? {
          status: 'misconfigured',
          version: GATEWAY_VERSION,
          plugins: [],
          tools: 0,
          config: { problems: state.problems },
        }
      : { status: 'ok', version: GATEWAY_VERSION, plugins: state.plugins, tools: state.tools, config: 'ok' };
  return Response.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
