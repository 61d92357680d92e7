/**
 * Paging cursors handed to the model: Graph's @odata.nextLink, made relative to the Graph base
 * URL and base64url-encoded, so it is opaque, short-ish, and can only ever point back into the
 * same kind of Graph request (checked when decoded).
 */
import { ToolError } from '../../core/plugin';

export function encodeCursor(nextLink: string | undefined, graphPathPrefix: RegExp): string | undefined {
  if (!nextLink) return undefined;
  const url = new URL(nextLink);
  const versionless = url.pathname.replace(/^\/[^/]+/, ''); // drop `/v1.0`
  if (!graphPathPrefix.test(versionless)) return undefined;
  const bytes = new TextEncoder().encode(`${versionless}${url.search}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, graphPathPrefix: RegExp, tool: string): string {
  let decoded = '';
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    decoded = new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
  } catch {
    decoded = '';
  }
  if (!graphPathPrefix.test(decoded) || /[\s]/.test(decoded)) {
    throw new ToolError(`The cursor is not valid (it must be passed back exactly as ${tool} returned it). Call ${tool} without a cursor to start again.`);
  }
  return decoded;
}
