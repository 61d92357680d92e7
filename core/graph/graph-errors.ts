/**
 * One mapping from Graph failures to messages a model can act on, used for every plugin's tools
 * (as the registry's `mapError`). Unknown failures are left to the registry, which answers with a
 * generic message and a reference id instead of leaking internals.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { ToolError, type ToolCall } from '../plugin';
import {
  GraphOutcomeUnknown,
  GraphThrottled,
  MicrosoftInteractionRequired,
  MicrosoftSignInRequired,
  MicrosoftUnavailable,
} from './graph-failures';

export { MicrosoftInteractionRequired, MicrosoftSignInRequired, MicrosoftUnavailable } from './graph-failures';

/**
 * @example
 * createRegistry(plugins, { mapError: (error, call) => describeGraphError(error, call, registry.scopesFor(call.tool)) });
 */
export function describeGraphError(
  error: unknown,
  call: ToolCall,
  scopes: readonly string[] = [],
): ToolError | undefined {
  if (error instanceof MicrosoftSignInRequired) {
    return new ToolError(
      `Your Microsoft 365 sign-in has ended (${error.detail}). Reconnect this app to the gateway (sign in again), then retry.`,
      'SIGN_IN_REQUIRED',
    );
  }
  if (error instanceof MicrosoftInteractionRequired)
    return new ToolError(error.message, 'SIGN_IN_INTERACTION_REQUIRED');
  if (error instanceof MicrosoftUnavailable)
    return new ToolError(`${error.message} Try again in a minute.`, 'UNAVAILABLE');
  if (error instanceof GraphOutcomeUnknown) return outcomeUnknown(error, call);
  if (error instanceof GraphThrottled) {
    const wait = error.retryAfterSeconds === undefined ? 'a minute' : `${error.retryAfterSeconds} seconds`;
    return new ToolError(
      `Microsoft Graph is throttling this mailbox and did not carry out the request for ${call.tool} (still after ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}). Wait ${wait}, then try again.`,
      'THROTTLED',
    );
  }
  if (isAbort(error))
    return new ToolError(`${call.tool} was cancelled or ran out of time before Microsoft Graph answered.`, 'TIMEOUT');
  if (!(error instanceof GraphError)) return undefined;

  const said = error.message ? ` Microsoft Graph said: ${error.message}` : '';
  switch (error.statusCode) {
    case 400:
      if (error.code === 'ErrorInvalidIdMalformed') {
        return new ToolError(
          `An id given to ${call.tool} is malformed${describeIds(call)}. Pass ids exactly as a previous result gave them.`,
          'BAD_ID',
        );
      }
      return new ToolError(
        `Microsoft Graph refused the request for ${call.tool} (${error.code ?? 'BadRequest'}) and did not carry it out.${said}`,
        'BAD_REQUEST',
      );
    case 401:
      return new ToolError(
        'Microsoft rejected the sign-in even after a refresh. Reconnect this app to the gateway, then retry.',
        'SIGN_IN_REQUIRED',
      );
    case 403:
      return new ToolError(
        `Access denied for ${call.tool}: it needs the Microsoft Graph permission${scopes.length === 1 ? '' : 's'} ${scopes.join(', ') || '(unknown)'}, ` +
          'which this sign-in does not have or the tenant does not allow. Ask an administrator to grant it, then reconnect.',
        'INSUFFICIENT_SCOPE',
      );
    case 404:
      return new ToolError(
        `Not found${describeIds(call)}: it does not exist or is no longer there (moved items get new ids). List the items again to get current ids.`,
        'NOT_FOUND',
      );
    case 409:
    case 412:
      return new ToolError(
        `The item changed while ${call.tool} was working on it (conflict). Read it again and retry.`,
        'CONFLICT',
      );
    case 413:
      return new ToolError(
        `The request for ${call.tool} is too large for Microsoft Graph (attachments over about 3 MB cannot be sent this way).`,
        'TOO_LARGE',
      );
    case 429:
      return new ToolError(
        `Microsoft Graph is throttling this mailbox and did not carry out the request for ${call.tool}. Wait a minute before trying again.`,
        'THROTTLED',
      );
    // Reads only: a write that meets these is a GraphOutcomeUnknown (the throttle middleware).
    case 500:
    case 502:
    case 503:
    case 504:
      return new ToolError(
        `Microsoft Graph is temporarily unavailable (${error.statusCode}). Try again in a minute.`,
        'UNAVAILABLE',
      );
    case -1:
      // The client's wrapping of a failed fetch (a TypeError): no answer came. Writes never get here.
      if (error.code === 'TypeError') {
        return new ToolError(
          'The connection to Microsoft Graph failed before it answered. Try again in a minute.',
          'UNAVAILABLE',
        );
      }
      return undefined;
    default:
      return undefined;
  }
}

const STATUS_NAMES: Record<number, string> = {
  500: 'internal error',
  502: 'bad gateway',
  503: 'unavailable',
  504: 'gateway timeout',
};

/**
 * A write may have happened: say so, say it was not repeated, and where to look first. Where is
 * told by the Graph request itself, so it holds for every plugin.
 */
function outcomeUnknown(error: GraphOutcomeUnknown, call: ToolCall): ToolError {
  const how =
    error.reason === 'answer'
      ? `Microsoft Graph answered ${error.status} (${STATUS_NAMES[error.status ?? 0] ?? 'error'}) after receiving the request`
      : error.reason === 'connection'
        ? 'the connection to Microsoft Graph dropped after the request was sent, before the answer arrived'
        : 'the call was cancelled or ran out of time after the request was sent, before Microsoft Graph answered';
  return new ToolError(
    `${call.tool} may have happened: ${how}. The gateway does not repeat a request whose outcome is unknown. ` +
      `Check ${whereToCheck(error.method, error.path)} before trying again, and call ${call.tool} again only if it did not happen.`,
    'OUTCOME_UNKNOWN',
  );
}

/**
 * Where the effect of a write shows: Sent Items for a send, the conversation for a Teams post, Drafts
 * for a new draft, else the items.
 */
function whereToCheck(method: string, path: string): string {
  if (/\/(sendMail|send|reply|replyAll|forward)$/.test(path)) return 'Sent Items (getEmails with folder "sentitems")';
  // A Teams post or reply (channel or chat) shows in its conversation, not in a mail folder.
  if (/^\/(teams\/[^/]+\/channels|chats|me\/chats)\/[^/]+\/messages(\/[^/]+\/replies)?$/.test(path))
    return 'the channel or chat (getChannelMessages or getChatMessages)';
  if (/\/(createReply|createReplyAll|createForward)$/.test(path) || (method === 'POST' && /\/messages$/.test(path)))
    return 'Drafts (getEmails with folder "drafts")';
  if (/\/events(?:\/[^/]+\/(?:cancel|accept|tentativelyAccept|decline))?$/.test(path))
    return 'the calendar (getCalendarEvents)';
  return 'the item (or the items and their folders)';
}

/** The id-like arguments of the call, so "not found" says which one. */
function describeIds(call: ToolCall): string {
  const ids = Object.entries(call.args)
    .filter(
      ([name, value]) =>
        typeof value === 'string' && (/(^id|Id)$/.test(name) || name === 'folder' || name === 'destination'),
    )
    .map(([name, value]) => `${name} "${String(value).slice(0, 200)}"`);
  return ids.length > 0 ? ` (${ids.join(', ')})` : '';
}

function isAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  // The Graph client wraps a fetch abort in a GraphError whose code is the original error's name.
  return error instanceof GraphError && (error.code === 'AbortError' || error.code === 'TimeoutError');
}
