/**
 * Worker entry and composition root: the only module that knows which plugins are installed
 * (core/generated/plugins.ts, written by scripts/build-plugins.ts). It hands them to the gateway
 * and the session class, and exports the Durable Object classes.
 */
import { gatewayFactory } from './gateway';
import { plugins } from './generated/plugins';
import { healthResponse } from './http/health';
import { McpSessionBase } from './mcp/mcp-session';
import type { Registry } from './plugin';
import { applySecurityHeaders } from './http/security-headers';
import { installOutboundGuard } from './auth/outbound-guard';
import { TokenVault as TokenVaultBase } from './auth/token-vault';
import { applyCorsPolicy, guardRequest } from './http/web-guards';

export { HandleStore } from './handles/handle-store';

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
  async fetch(request, env, ctx): Promise<Response> {
    const result = gatewayFor(env);
    if (!result.ok) {
      if (!reported) {
        reported = true;
        console.error(`Gateway configuration is invalid:\n- ${result.problems.join('\n- ')}`);
      }
      const { pathname } = new URL(request.url);
      const response =
        pathname === '/health'
          ? healthResponse({ problems: result.problems })
          : Response.json(
              {
                error: 'gateway_misconfigured',
                error_description:
                  'The gateway is not configured correctly; its operator can see the problems at /health.',
              },
              { status: 503 },
            );
      return applySecurityHeaders(response, request);
    }
    const { config } = result.gateway;
    installOutboundGuard([new URL(config.authority).origin, new URL(config.graphBaseUrl).origin]);
    const response = (await guardRequest(request, env, config)) ?? (await result.gateway.fetch(request, env, ctx));
    return applySecurityHeaders(applyCorsPolicy(response, request, config), request);
  },
} satisfies ExportedHandler<Env>;
