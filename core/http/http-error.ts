/**
 * The gateway's one HTTP error: thrown anywhere a request must end with a client-facing error,
 * rendered once at the Worker edge (core/worker.ts), where the security headers and CORS policy
 * are applied like on any response. Modelled on Hono's `HTTPException` and the OAuth library's
 * `OAuthError` (status, headers such as `Retry-After`, a typed body).
 *
 * The body's kind picks the shape the client understands:
 * - `oauth`: `{ error, error_description }` JSON (RFC 6749 §5.2) for OAuth and API clients;
 * - `json-rpc`: `{ jsonrpc: '2.0', error: { code, message }, id }` for MCP clients;
 * - `page`: an HTML page (title and message, escaped) for a person in a browser.
 *
 * Only mistakes of the client (or states it can act on: 401, 403, 404, 429, 503) are HttpErrors.
 * Anything else thrown stays an unknown error: it is never rendered as a 4xx (the runtime's 500).
 */
import { escapeHtml, htmlResponse } from './html';

export type HttpErrorBody =
  | { kind: 'oauth'; error: string; description: string }
  | { kind: 'json-rpc'; code: number; message: string; id?: string | number | null; data?: unknown }
  | { kind: 'page'; title: string; message: string };

export interface HttpErrorInit {
  /** Extra response headers (e.g. `Allow`, `Set-Cookie`); `Cache-Control: no-store` is the default. */
  headers?: HeadersInit;
  /** Sets `Retry-After` (seconds), as for 429 and 503. */
  retryAfterSeconds?: number;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly headers: Headers;

  /**
   * @example
   * throw new HttpError(403, { kind: 'oauth', error: 'forbidden_origin', description: 'Requests from … are not allowed.' });
   */
  constructor(
    readonly status: number,
    readonly body: HttpErrorBody,
    init: HttpErrorInit = {},
  ) {
    super(
      body.kind === 'page' ? `${body.title}: ${body.message}` : body.kind === 'oauth' ? body.description : body.message,
    );
    this.headers = new Headers(init.headers);
    if (!this.headers.has('Cache-Control')) this.headers.set('Cache-Control', 'no-store');
    if (init.retryAfterSeconds !== undefined) this.headers.set('Retry-After', String(init.retryAfterSeconds));
  }

  /**
   * An OAuth-style JSON error.
   *
   * @example
   * throw HttpError.oauth(429, 'temporarily_unavailable', 'Too many requests to /token.', { retryAfterSeconds: 60 });
   */
  static oauth(status: number, error: string, description: string, init?: HttpErrorInit): HttpError {
    return new HttpError(status, { kind: 'oauth', error, description }, init);
  }

  /**
   * A JSON-RPC error for MCP clients (`-32700` parse error, `-32600` invalid request, `-32001` session).
   *
   * @example
   * return HttpError.jsonRpc(400, -32700, 'Parse error: the request body is not valid JSON.').toResponse();
   */
  static jsonRpc(
    status: number,
    code: number,
    message: string,
    init?: HttpErrorInit & { id?: string | number | null; data?: unknown },
  ): HttpError {
    const id = init?.id ?? null;
    const body = init?.data === undefined ? { code, message, id } : { code, message, id, data: init.data };
    return new HttpError(status, { kind: 'json-rpc', ...body }, init);
  }

  /**
   * An HTML error page for a person (default 400).
   *
   * @example
   * throw HttpError.page('Sign-in expired', 'Open /apps and sign in again.');
   */
  static page(title: string, message: string, status = 400, init?: HttpErrorInit): HttpError {
    return new HttpError(status, { kind: 'page', title, message }, init);
  }

  /** The response this error stands for. */
  toResponse(): Response {
    const { body, status } = this;
    if (body.kind === 'page') {
      return htmlResponse(
        { title: body.title, body: `<h1>${escapeHtml(body.title)}</h1><p>${escapeHtml(body.message)}</p>` },
        { status, headers: this.headers },
      );
    }
    const headers = new Headers(this.headers);
    headers.set('Content-Type', 'application/json');
    const json =
      body.kind === 'oauth'
        ? { error: body.error, error_description: body.description }
        : {
            jsonrpc: '2.0',
            error: { code: body.code, message: body.message, ...(body.data === undefined ? {} : { data: body.data }) },
            id: body.id ?? null,
          };
    return new Response(JSON.stringify(json), { status, headers });
  }
}

/**
 * The response for an error thrown while handling a request: an `HttpError` renders itself;
 * anything else is rethrown (an unknown error is a bug, never a client's 4xx).
 *
 * @example
 * const response = await handle(request).catch(renderHttpError);
 */
export function renderHttpError(error: unknown): Response {
  if (error instanceof HttpError) return error.toResponse();
  throw error;
}
