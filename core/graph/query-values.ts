/**
 * `$filter` and `$search` values are encoded by the Graph client, not by each plugin: the library
 * pastes them into the URL as given, so a raw `&`, `#`, `+` or space would cut or change the
 * query. Encoding is idempotent: a valid `%XX` is kept, so a value a plugin already encoded with
 * `encodeURIComponent` is sent unchanged (never encoded twice).
 */
import type { GraphRequest } from '@microsoft/microsoft-graph-client';

/** Everything but URI-unreserved characters and valid `%XX` escapes. */
const UNSAFE = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-_.!~*'()%]/gu;

/**
 * @example
 * encodeQueryValue("from/emailAddress/address eq 'a+b@contoso.com'"); // "from%2FemailAddress%2Faddress%20eq%20'a%2Bb%40contoso.com'"
 * encodeQueryValue('isRead%20eq%20false'); // unchanged: already encoded
 */
export function encodeQueryValue(value: string): string {
  return value.replace(UNSAFE, (char) => encodeURIComponent(char));
}

/** Makes `request.filter()` and `request.search()` encode their value (see above). */
export function withEncodedQueryValues(request: GraphRequest): GraphRequest {
  const filter = request.filter.bind(request);
  const search = request.search.bind(request);
  request.filter = (value: string) => filter(encodeQueryValue(value));
  request.search = (value: string) => search(encodeQueryValue(value));
  return request;
}
