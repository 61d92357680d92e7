/** Headers every gateway response carries (pages set their own stricter CSP). */
export function applySecurityHeaders(response: Response, request: Request): Response {
  if (response.status === 101 || response.webSocket) return response;
  const secured = new Response(response.body, response);
  const headers = secured.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  // Pages that post forms to themselves set `same-origin`, so browsers send a real Origin (not "null").
  if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'no-referrer');
  if (!headers.has('Content-Security-Policy'))
    headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  if (new URL(request.url).protocol === 'https:')
    headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return secured;
}
