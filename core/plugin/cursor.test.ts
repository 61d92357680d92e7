import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

const RULES = { path: /^\/me\/messages\?/, maxTop: 50, omit: ['$select'] };
const next =
  'https://graph.microsoft.com/v1.0/me/messages?%24select=id%2Csubject&%24top=10&%24skip=10&%24filter=from%2FemailAddress%2Faddress+eq+%27a%40b.com%27';

describe('paging cursors', () => {
  it('round-trips a nextLink without the omitted options, as an opaque base64url string', () => {
    const cursor = encodeCursor(next, RULES)!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, RULES, 'searchEmails')).toBe(
      "/me/messages?$top=10&$skip=10&$filter=from/emailAddress/address%20eq%20'a@b.com'",
    );
    expect(encodeCursor(undefined, RULES)).toBeUndefined();
    expect(encodeCursor('https://graph.microsoft.com/v1.0/users/x/messages?$top=10', RULES)).toBeUndefined();
  });

  it.each([
    ['another path', btoa('/users/someone/messages?$top=10')],
    ['a $top over the bound', btoa('/me/messages?$top=500')],
    ['a host', btoa('//evil.example/me/messages?$top=5')],
    ['garbage', 'not a cursor!'],
    ['truncated base64', encodeCursor(next, RULES)!.slice(0, 7)],
  ])('refuses %s with a tool error that says to start over', (_what, cursor) => {
    expect(() => decodeCursor(cursor.replace(/=+$/, ''), RULES, 'searchEmails')).toThrow(
      /cursor is not valid.*Call searchEmails without a cursor/,
    );
  });
});
