/**
 * The answer when a request fails in a way no handler expected. The client learns only that
 * the gateway failed and a short reference; the real error (message and stack) goes to the log
 * under the same reference, so an operator can find it and an attacker learns nothing about the
 * code or its storage.
 */

/**
 * Logs `error` with a fresh reference and returns the generic 500 that names it.
 *
 * @example
 * try {
 *   return await handle(request);
 * } catch (error) {
 *   return unexpectedErrorResponse(error, request);
 * }
 */
export function unexpectedErrorResponse(error: unknown, request: Request): Response {
  const reference = crypto.randomUUID().slice(0, 8);
  const { pathname } = new URL(request.url);
  console.error(`Unexpected error ${reference} on ${request.method} ${pathname}:`, error);
  return Response.json(
    {
      error: 'server_error',
      error_description: `The gateway failed to handle this request. Try again later; if it keeps failing, give the gateway operator the reference ${reference}.`,
      reference,
    },
    { status: 500, headers: { 'Cache-Control': 'no-store' } },
  );
}
