/**
 * `defineResource`: binary or long content (mail attachments, recordings) offered as MCP
 * resources addressed by a URI template, instead of base64 inside tool text (docs/architecture.md §7).
 * A tool hands out the URI (a `resource_link`); the client reads it with `resources/read`.
 */
import { PluginError } from './errors';
import type { Resource, ResourceDefinition } from './types';

const RESOURCE_BRAND: unique symbol = Symbol.for('m365-gateway.resource') as never;
const TEMPLATE = /^[a-z][a-z0-9+.-]*:\/\/[^{}\s]*(?:\{[A-Za-z][A-Za-z0-9]*\}[^{}\s]*)+$/;

/** Whether `value` was made by `defineResource` (of any copy of the contract). */
export function isDefinedResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOURCE_BRAND] === true;
}

/**
 * Declares a resource family. Each `{variable}` of the template matches one URI path segment
 * (no `/`), URI-decoded before `read` gets it.
 *
 * @example
 * export const attachment = defineResource({
 *   name: 'mailAttachment',
 *   title: 'Mail attachment',
 *   description: 'A file attached to a message; URIs come from getAttachment.',
 *   uriTemplate: 'm365://mail/{messageId}/attachments/{attachmentId}',
 *   scopes: ['Mail.Read'],
 *   async read({ messageId, attachmentId }, ctx) {
 *     const file = await ctx.graph.api(`/me/messages/${messageId}/attachments/${attachmentId}`).get();
 *     return { uri: attachment.uri({ messageId, attachmentId }), mimeType: file.contentType, blob: file.contentBytes };
 *   },
 * });
 */
export function defineResource(def: ResourceDefinition): Resource {
  if (typeof def.uriTemplate !== 'string' || !TEMPLATE.test(def.uriTemplate)) {
    throw new PluginError(
      'GATEWAY_PLUGIN_INVALID_MANIFEST',
      undefined,
      `Resource ${JSON.stringify(def.name)}: uriTemplate ${JSON.stringify(def.uriTemplate)} must be "scheme://…" with at least ` +
        'one {variable}, e.g. "m365://mail/{messageId}/attachments/{attachmentId}".',
    );
  }
  const names: string[] = [];
  const pattern = def.uriTemplate
    .split(/(\{[A-Za-z][A-Za-z0-9]*\})/)
    .map((part) => {
      const variable = /^\{(.+)\}$/.exec(part)?.[1];
      if (variable === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(variable);
      return '([^/?#]+)';
    })
    .join('');
  const matcher = new RegExp(`^${pattern}$`);
  const resource: Resource = {
    ...def,
    scopes: Object.freeze([...def.scopes]),
    match(uri) {
      const found = matcher.exec(uri);
      if (!found) return undefined;
      const params: Record<string, string> = {};
      try {
        names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] ?? '');
        });
      } catch {
        return undefined; // malformed percent-encoding
      }
      return params;
    },
    uri(params) {
      return def.uriTemplate.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_whole, name: string) =>
        encodeURIComponent(params[name] ?? ''),
      );
    },
  };
  Object.defineProperty(resource, RESOURCE_BRAND, { value: true });
  return Object.freeze(resource);
}
