/**
 * For a client that accepts only JSON: reads a Streamable HTTP SSE answer to its end and returns
 * the JSON-RPC responses in it as one JSON body (notifications such as progress are dropped).
 */
export async function sseToJson(response: Response, batch: boolean): Promise<Response> {
  const text = await response.text();
  const answers: unknown[] = [];
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) continue;
    try {
      const message = JSON.parse(data) as Record<string, unknown>;
      if ('id' in message && ('result' in message || 'error' in message)) answers.push(message);
    } catch {
      // not JSON: a comment or priming event
    }
  }
  const headers = new Headers({ 'content-type': 'application/json' });
  const sessionId = response.headers.get('mcp-session-id');
  if (sessionId) headers.set('mcp-session-id', sessionId);
  const body = batch || answers.length !== 1 ? answers : answers[0];
  return new Response(JSON.stringify(body), { status: response.status, headers });
}
