/**
 * Failures the gateway's Graph middleware raises itself (as opposed to Graph's own error answers,
 * which arrive as `GraphError`). They extend the library's `GraphClientError` because the client
 * rethrows those unchanged; any other error thrown inside the middleware chain would be wrapped in
 * a `GraphError` with status -1 and lose its meaning.
 */
import { GraphClientError } from '@microsoft/microsoft-graph-client';

abstract class GatewayGraphFailure extends GraphClientError {
  constructor(message: string) {
    super(message);
    // GraphClientError resets the prototype to its own; restore the subclass for `instanceof`.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

/** The user's Microsoft sign-in is gone (refresh token revoked or expired): reconnect needed. */
export class MicrosoftSignInRequired extends GatewayGraphFailure {
  constructor(readonly detail: string) {
    super(`Microsoft sign-in required: ${detail}`);
  }
}

/**
 * Microsoft wants the user in a browser once (MFA, conditional access, a password change); the
 * sign-in and the app's connection are intact. The message says where to sign in.
 */
export class MicrosoftInteractionRequired extends GatewayGraphFailure {}

/** Microsoft's token endpoint is unreachable or failing; nothing to do but wait. */
export class MicrosoftUnavailable extends GatewayGraphFailure {}

/** Still throttled after the allowed retries, or Graph asked for a longer wait than the budget. */
export class GraphThrottled extends GatewayGraphFailure {
  constructor(
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(`Microsoft Graph is throttling (${attempts} attempt${attempts === 1 ? '' : 's'}).`);
  }
}

/** How a write's outcome was lost: Graph's own failure answer, a dropped connection, or a cancel/timeout. */
export type UnknownOutcomeReason = 'answer' | 'connection' | 'cancelled';

/**
 * A non-idempotent request (a send, a create, a move, a `$batch` with writes) reached Graph but no
 * success came back: Graph answered 500/502/503/504, the connection dropped, or the call was
 * cancelled or timed out while waiting for the answer. Graph may or may not have carried it out,
 * so it is never repeated automatically.
 */
export class GraphOutcomeUnknown extends GatewayGraphFailure {
  constructor(
    readonly reason: UnknownOutcomeReason,
    /** Graph's status when it answered (`reason` "answer"). */
    readonly status: number | undefined,
    readonly method: string,
    readonly path: string,
  ) {
    super(
      `${method} ${path}: ${reason === 'answer' ? `Microsoft Graph answered ${status}` : reason === 'connection' ? 'the connection dropped' : 'cancelled while waiting for the answer'}; the request may or may not have taken effect.`,
    );
  }
}

/** The request was about to carry the user's Microsoft token to a host other than Graph. */
export class ForeignHostRefused extends GatewayGraphFailure {}
