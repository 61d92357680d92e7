/** The emulator's $filter grammar where Graph's contacts need it: `or` with `and` binding tighter, any() on a member. */
import { describe, expect, it } from 'vitest';
import { odataHelpers } from './collection';
import { applyFilter, filterClauses, ODataError, parseFilter } from './odata';

const people = [
  { givenName: 'Megan', surname: 'Bowen', emailAddresses: [{ address: 'MeganB@contoso.com' }], categories: ['VIP'] },
  { givenName: 'Alex', surname: 'Wilber', emailAddresses: [{ address: 'alex@fabrikam.com' }], categories: [] },
  { givenName: 'Bo', surname: 'Megason', emailAddresses: [], categories: ['VIP'] },
];
const names = (filter: string) => applyFilter(people, parseFilter(filter)).map((p) => p.givenName);

describe('$filter', () => {
  it('joins alternatives with or, and binds and tighter than or', () => {
    expect(names("startswith(givenName,'meg') or startswith(surname,'meg')")).toEqual(['Megan', 'Bo']);
    expect(names("startswith(givenName,'alex') or startswith(surname,'meg') and givenName eq 'Nobody'")).toEqual([
      'Alex',
    ]);
    expect(
      names("(startswith(givenName,'alex') or startswith(surname,'meg')) and categories/any(c:c eq 'VIP')"),
    ).toEqual(['Bo']);
  });

  it('matches a member of each element in any()', () => {
    expect(names("emailAddresses/any(a:a/address eq 'meganb@contoso.com')")).toEqual(['Megan']);
    expect(names("emailAddresses/any(a:a/address eq 'megan')")).toEqual([]);
    expect(filterClauses(parseFilter("emailAddresses/any(a:a/address eq 'x@y.z') or surname eq 'B'"))).toEqual([
      { kind: 'any', property: 'emailAddresses', member: 'address', value: 'x@y.z' },
      { kind: 'compare', property: 'surname', op: 'eq', value: 'B' },
    ]);
  });

  it('still refuses what it cannot parse with a 400', () => {
    expect(() => parseFilter("emailAddresses/any(a:b/address eq 'x')")).toThrow(ODataError);
    expect(() => parseFilter('not isRead')).toThrow(/'not' is not supported/);
  });
});

describe('collections', () => {
  const list = async (filterOr: boolean) => {
    const url = `https://graph.test/v1.0/me/contacts?$filter=${encodeURIComponent("givenName eq 'Bo' or givenName eq 'Alex'")}`;
    const response = odataHelpers.list(new Request(url), people, {
      context: 'ctx',
      entityType: 'microsoft.graph.contact',
      properties: ['givenName'],
      filterable: ['givenName'],
      filterOr,
    });
    return { status: response.status, body: (await response.json()) as { value?: Array<{ givenName: string }> } };
  };

  it('take or only where the collection says Graph allows it', async () => {
    expect((await list(true)).body.value?.map((p) => p.givenName)).toEqual(['Alex', 'Bo']);
    expect((await list(false)).status).toBe(400);
  });
});
