/** Graph-shaped responses: JSON with OData content type and request ids, and Graph's error body. */

const JSON_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function requestIdHeaders(): Record<string, string> {
  const id = crypto.randomUUID();
  return {
    'request-id': id,
    'client-request-id': id,
    'x-ms-ags-diagnostic':
      '{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"EMU"}}',
  };
}

export function graphJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': JSON_TYPE, ...requestIdHeaders(), ...init.headers },
  });
}

export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const ids = requestIdHeaders();
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ids['request-id'],
        'client-request-id': ids['client-request-id'],
      },
    },
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...ids, ...headers },
  });
}
