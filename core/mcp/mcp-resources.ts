/**
 * MCP resources from the plugin registry: `resources/templates/list` (the plugins' URI templates),
 * `resources/list` (empty: every resource is addressed through a template and handed out by a
 * tool, e.g. getAttachment) and `resources/read`.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import {
  ResourceError,
  type RegisteredResource,
  type RegisteredTool,
  type Registry,
  type ToolContext,
} from '../plugin';
import { insufficientScopeMessage, scopesLacking } from '../auth/scope-rules';

/** MCP's "resource not found" (spec: server/resources, error handling). */
export const RESOURCE_NOT_FOUND = -32002;
/** The client's grant lacks a permission the resource family needs (`data.missingScopes` names them). */
export const INSUFFICIENT_SCOPE = -32003;

export interface ResourceHandlerOptions {
  registry: Registry;
  contextFor(
    tool: RegisteredTool,
    signal: AbortSignal,
    progress: () => void,
    grantedScopes: readonly string[],
  ): ToolContext;
}

/**
 * @example
 * registerResourceHandlers(server, { registry, contextFor });
 */
export function registerResourceHandlers(server: Server, options: ResourceHandlerOptions): void {
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: options.registry.listResourceTemplates(),
  }));
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [] }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    readResourceFor(options, request.params.uri, extra),
  );
}

/**
 * resources/read for every era: the family's scopes against the calling client's grant, then the
 * plugin's reader. Errors are JSON-RPC errors (`code`, `data.uri`) both SDKs pass through.
 *
 * @example
 * server.setRequestHandler('resources/read', (request, ctx) => readResourceFor(options, request.params.uri, extra));
 */
export async function readResourceFor(
  options: ResourceHandlerOptions,
  uri: string,
  extra: { signal: AbortSignal; authInfo?: { scopes?: string[] } | undefined },
) {
  const granted = extra.authInfo?.scopes ?? [];
  // Built once the URI's family is known and before it is read: the one place a read is refused
  // for the client's grant, whatever the transport.
  const contextFor = (entry: RegisteredResource) => {
    const missing = scopesLacking(entry.resource.scopes, granted);
    if (missing.length > 0) {
      throw new McpError(INSUFFICIENT_SCOPE, insufficientScopeMessage(missing, 'Reading this resource'), {
        uri,
        missingScopes: missing,
      });
    }
    // The context factory only reads the plugin and a name (for logs and config); a resource has both.
    return options.contextFor(
      { plugin: entry.plugin, tool: entry.resource } as unknown as RegisteredTool,
      extra.signal,
      () => undefined,
      granted,
    );
  };
  try {
    const contents = await options.registry.readResource(uri, contextFor);
    return { contents: [contents] };
  } catch (error) {
    if (error instanceof ResourceError) {
      throw new McpError(error.reason === 'not_found' ? RESOURCE_NOT_FOUND : ErrorCode.InternalError, error.message, {
        uri,
      });
    }
    throw error;
  }
}
