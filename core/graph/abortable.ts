/**
 * Waiting that ends when a call is cancelled or runs out of its budget. A tool call's signal
 * must end every wait it is in — for a token from the vault, for a concurrency slot — not only
 * the Graph fetch itself, or a slow Microsoft keeps the call hanging past its 60 s budget.
 */

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as the signal aborts (the
 * promise itself keeps running; a shared token refresh, for one, still serves other callers).
 *
 * @example
 * const token = await untilAborted(tokens.getToken(), ctx.signal);
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
