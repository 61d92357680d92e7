/**
 * One `resources/read`, end to end: find the template that matches, build the context, read, and
 * turn failures into `ResourceError`s with messages for the model (same rules as tool calls:
 * `ToolError` and mapped Graph errors are shown, anything else is logged with a reference).
 */
import { ResourceError } from './errors';
import { classifyFailure } from './failure';
import type { RegisteredResource, RegistryOptions, ResourceContents, ToolContext } from './types';

/**
 * @example
 * const contents = await readRegisteredResource(entries, 'm365://mail/AAMk…/attachments/AAMk…', () => ctx, mapError);
 */
export async function readRegisteredResource(
  entries: readonly RegisteredResource[],
  uri: string,
  makeContext: (entry: RegisteredResource) => ToolContext,
  mapError: RegistryOptions['mapError'],
): Promise<ResourceContents> {
  let entry: RegisteredResource | undefined;
  let params: Record<string, string> | undefined;
  for (const candidate of entries) {
    params = candidate.resource.match(uri);
    if (params) {
      entry = candidate;
      break;
    }
  }
  if (!entry || !params) {
    const templates = entries.map((e) => e.resource.uriTemplate).join(', ') || '(none)';
    throw new ResourceError(
      'not_found',
      `No resource at "${uri.slice(0, 300)}". Resource URIs come from tool results; templates served here: ${templates}.`,
    );
  }
  const ctx = makeContext(entry);
  const call = { plugin: entry.plugin, tool: entry.resource.name, args: params };
  try {
    const contents = await entry.resource.read(params, ctx);
    return { ...contents, uri: contents.uri || uri };
  } catch (error) {
    if (error instanceof ResourceError) throw error;
    const failed = classifyFailure(error, call, ctx, mapError, `Resource ${entry.resource.name}`);
    if (failed.kind === 'shown')
      throw new ResourceError(failed.error.code === 'NOT_FOUND' ? 'not_found' : 'failed', failed.error.message);
    if (failed.kind === 'cancelled')
      throw new ResourceError('failed', `Reading ${uri.slice(0, 300)} was cancelled or ran out of time.`);
    throw new ResourceError(
      'failed',
      `Internal error reading the resource (ref ${failed.ref}). Try again later, or report the reference to the gateway's operator.`,
    );
  }
}
