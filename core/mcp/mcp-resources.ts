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

/** MCP's "resource not found" (spec: server/resources, error handling). */
export const RESOURCE_NOT_FOUND = -32002;

export interface ResourceHandlerOptions {
  registry: Registry;
  contextFor(tool: RegisteredTool, signal: AbortSignal, progress: () => void): ToolContext;
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
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    // The context factory only reads the plugin and a name (for logs and config); a resource has both.
    const contextFor = (entry: RegisteredResource) =>
      options.contextFor(
        { plugin: entry.plugin, tool: entry.resource } as unknown as RegisteredTool,
        extra.signal,
        () => undefined,
      );
    try {
      const contents = await options.registry.readResource(request.params.uri, contextFor);
      return { contents: [contents] };
    } catch (error) {
      if (error instanceof ResourceError) {
        throw new McpError(error.reason === 'not_found' ? RESOURCE_NOT_FOUND : ErrorCode.InternalError, error.message, {
          uri: request.params.uri,
        });
      }
      throw error;
    }
  });
}
