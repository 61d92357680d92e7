/**
 * Reading a small request body (a registration, a token request) without trusting its size: the
 * declared length is checked first and the stream is counted while read, cancelled as soon as it
 * passes the limit (a chunked body declares no length).
 */

/**
 * The body as text, or undefined once it passes `limit` bytes. Pass a clone to leave the
 * original readable for the handler.
 *
 * @example
 * const text = await readTextUpTo(request.clone(), 5 * 1024);
 * if (text === undefined) return tooLarge();
 */
export async function readTextUpTo(request: Request, limit: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) {
    await request.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text + decoder.decode();
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}
