/**
 * One `resources/read`, end to end: find the template that matches, build the context, read, and
 * turn failures into `ResourceError`s with messages for the model (same rules as tool calls:
 * `ToolError` and mapped Graph errors are shown, anything else is logged with a reference).
 */
import { isToolError, ResourceError } from './errors';
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
    const known = isToolError(error) ? error : safeMap(mapError, error, call);
    if (isToolError(known)) throw new ResourceError(known.code === 'NOT_FOUND' ? 'not_found' : 'failed', known.message);
    if (ctx.signal.aborted)
      throw new ResourceError('failed', `Reading ${uri.slice(0, 300)} was cancelled or ran out of time.`);
    const ref = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
    ctx.log.error(`Resource ${entry.resource.name} failed`, {
      ref,
      plugin: entry.plugin,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    throw new ResourceError(
      'failed',
      `Internal error reading the resource (ref ${ref}). Try again later, or report the reference to the gateway's operator.`,
    );
  }
}

function safeMap(
  mapError: RegistryOptions['mapError'],
  error: unknown,
  call: { plugin: string; tool: string; args: Record<string, unknown> },
) {
  try {
    return mapError?.(error, call);
  } catch {
    return undefined;
  }
}
