/**
 * One mapping from Graph failures to messages a model can act on, used for every plugin's tools
 * (as the registry's `mapError`). Unknown failures are left to the registry, which answers with a
 * generic message and a reference id instead of leaking internals.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { ToolError, type ToolCall } from '../plugin';

/** The user's Microsoft sign-in is gone (refresh token revoked or expired): reconnect needed. */
export class MicrosoftSignInRequired extends Error {
  constructor(readonly detail: string) {
    super(`Microsoft sign-in required: ${detail}`);
  }
}

/** Microsoft's token endpoint is unreachable or failing; nothing to do but wait. */
export class MicrosoftUnavailable extends Error {}

/**
 * @example
 * createRegistry(plugins, { mapError: (error, call) => describeGraphError(error, call, scopesFor(call.tool)) });
 */
export function describeGraphError(error: unknown, call: ToolCall, scopes: readonly string[] = []): ToolError | undefined {
  if (error instanceof MicrosoftSignInRequired) {
    return new ToolError(
      `Your Microsoft 365 sign-in has ended (${error.detail}). Reconnect this app to the gateway (sign in again), then retry.`,
    );
  }
  if (error instanceof MicrosoftUnavailable) {
    return new ToolError(`${error.message} Try again in a minute.`);
  }
  if (isAbort(error)) return new ToolError(`${call.tool} was cancelled or ran out of time before Microsoft Graph answered.`);
  if (!(error instanceof GraphError)) return undefined;

  const graphMessage = error.message ? ` Microsoft Graph said: ${error.message}` : '';
  switch (error.statusCode) {
    case 400:
      return new ToolError(`Microsoft Graph refused the request for ${call.tool} (${error.code ?? 'BadRequest'}).${graphMessage}`);
    case 401:
      return new ToolError('Microsoft rejected the sign-in even after a refresh. Reconnect this app to the gateway, then retry.');
    case 403:
      return new ToolError(
        `Access denied for ${call.tool}: it needs the Microsoft Graph permission${scopes.length === 1 ? '' : 's'} ${scopes.join(', ') || '(unknown)'}, ` +
          'which this sign-in does not have or the tenant does not allow. Ask an administrator to grant it, then reconnect.',
      );
    case 404:
      return new ToolError(`Not found: the id or name given to ${call.tool} does not exist (or is no longer there).${graphMessage} List the items again to get current ids.`);
    case 409:
    case 412:
      return new ToolError(`The item changed while ${call.tool} was working on it (conflict). Read it again and retry.`);
    case 429:
      return new ToolError('Microsoft Graph is throttling this mailbox. Wait a minute before trying again.');
    case 503:
    case 504:
      return new ToolError('Microsoft Graph is temporarily unavailable. Try again in a minute.');
    default:
      return undefined;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}
