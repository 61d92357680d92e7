/**
 * Every Graph request asks for immutable Outlook ids (`Prefer: IdType="ImmutableId"`): a message,
 * event, contact or attachment then keeps its id when it moves, so the short handle the model was
 * shown keeps working. Graph ignores the preference where it does not apply. It is merged with the
 * `Prefer` values a tool sets (`outlook.body-content-type="text"`), and added to every sub-request
 * of a JSON `$batch`, where Graph reads each sub-request's own headers.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export const IMMUTABLE_IDS = 'IdType="ImmutableId"';

/**
 * `existing` plus `IdType="ImmutableId"`, unless it already names an IdType (a caller's explicit choice wins).
 *
 * @example
 * withImmutableIds('outlook.body-content-type="text"'); // 'outlook.body-content-type="text", IdType="ImmutableId"'
 */
export function withImmutableIds(existing: string | null | undefined): string {
  const value = (existing ?? '').trim();
  if (/(^|[\s,])IdType\s*=/i.test(value)) return value;
  return value ? `${value}, ${IMMUTABLE_IDS}` : IMMUTABLE_IDS;
}

interface WireSubRequest {
  headers?: Record<string, string>;
}

export class PreferMiddleware implements Middleware {
  private next: Middleware | undefined;

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    context.options ??= {};
    const headers = new Headers(context.options.headers as HeadersInit | undefined);
    headers.set('Prefer', withImmutableIds(headers.get('Prefer')));
    context.options.headers = Object.fromEntries(headers);
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const body = context.options.body;
    if (/\/\$batch(\?|$)/.test(new URL(url).pathname) && typeof body === 'string') {
      context.options.body = preferInBatch(body);
    }
    await this.next!.execute(context);
  }
}

/** The `$batch` payload with the preference on each sub-request (left as is when it is not a batch payload). */
function preferInBatch(body: string): string {
  let payload: { requests?: WireSubRequest[] };
  try {
    payload = JSON.parse(body) as typeof payload;
  } catch {
    return body;
  }
  if (!Array.isArray(payload.requests)) return body;
  for (const request of payload.requests) {
    const headers = { ...request.headers };
    const name = Object.keys(headers).find((key) => key.toLowerCase() === 'prefer');
    const merged = withImmutableIds(name ? headers[name] : undefined);
    if (name) delete headers[name];
    request.headers = { ...headers, Prefer: merged };
  }
  return JSON.stringify(payload);
}
