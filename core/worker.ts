/**
 * Worker entry and composition root: the only module that knows which plugins are installed
 * (core/generated/plugins.ts, written by scripts/build-plugins.ts). It hands them to the gateway
 * and the session class, and exports the Durable Object classes.
 */
import { gatewayFactory } from './gateway';
import { plugins } from './generated/plugins';
import { healthResponse } from './http/health';
import { McpSessionBase } from './mcp/mcp-session';
export { SocketRegistry } from './mcp/socket-registry';
import type { Registry } from './plugin';
import { applySecurityHeaders } from './http/security-headers';
import { installOutboundGuard } from './auth/outbound-guard';
import { TokenVault as TokenVaultBase } from './auth/token-vault';
import { HttpError, renderHttpError } from './http/http-error';
import { unexpectedErrorResponse } from './http/unexpected-error';
import { applyCorsPolicy } from './http/web-guards';
import { logRequest } from './ops/request-log';
import { inRequestScope, requestScopeOf } from './ops/request-scope';

export { HandleStore } from './handles/handle-store';
export { MailboxGate } from './graph/mailbox-gate';

const gatewayFor = gatewayFactory(plugins);
let reported = false;

/** The vault of this deployment: when Microsoft ends a sign-in, the user's gateway grants end too. */
export class TokenVault extends TokenVaultBase {
  protected override async onSignInEnded(userKey: string): Promise<void> {
    const result = gatewayFor(this.env);
    if (result.ok) await result.gateway.revokeUserGrants(this.env, userKey);
  }
}

/** A session of this deployment: its tools come from the same registry as the Worker's. */
export class McpSession extends McpSessionBase {
  protected override registry(): Registry {
    const result = gatewayFor(this.env);
    if (!result.ok) throw new Error('McpSession used with invalid gateway configuration');
    return result.gateway.registry;
  }
}

export default {
  // Whatever escapes the handlers becomes a generic 500 with a logged reference and the usual
  // security headers, never the runtime's error page with a stack trace.
  // Every request leaves one structured line (core/ops/request-log.ts), whatever its answer.
  async fetch(request, env, ctx): Promise<Response> {
    const started = Date.now();
    const scope = requestScopeOf(request);
    return inRequestScope(scope, async () => {
      let response: Response;
      try {
        response = await handle(request, env, ctx);
      } catch (error) {
        response = applySecurityHeaders(unexpectedErrorResponse(error, request), request);
      }
      // Written once the answer is on its way: the client does not wait for the log.
      ctx.waitUntil(logRequest(scope, request, response.status, started));
      return response;
    });
  },
} satisfies ExportedHandler<Env>;

async function handle(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const result = gatewayFor(env);
  if (!result.ok) {
    if (!reported) {
      reported = true;
      console.error(`Gateway configuration is invalid:\n- ${result.problems.join('\n- ')}`);
    }
    const { pathname } = new URL(request.url);
    const response =
      pathname === '/health'
        ? await healthResponse(request, env.HEALTH_TOKEN, { problems: result.problems })
        : HttpError.oauth(
            503,
            'gateway_misconfigured',
            'The gateway is not configured correctly; its operator can see the problems in the log, or at /health with the HEALTH_TOKEN.',
          ).toResponse();
    return applySecurityHeaders(response, request);
  }
  const { config } = result.gateway;
  installOutboundGuard([new URL(config.authority).origin, new URL(config.graphBaseUrl).origin]);
  // The one place an HttpError thrown by a guard or handler becomes a response.
  const response = await result.gateway.fetch(request, env, ctx).catch(renderHttpError);
  return applySecurityHeaders(applyCorsPolicy(response, request, config), request);
}
