/** graphIdOrHandle and the gateway's resolution step, through a registry as a client would call. */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineTool } from './define-tool';
import { graphIdOrHandle, handleInUri } from './handles';
import { createRegistry } from './registry';
import { fakeContext, samplePlugin } from './test-fixtures';

const FULL = `AAkALg${'x'.repeat(60)}=`;
const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Returns its arguments.',
  input: v.strictObject({
    id: v.optional(graphIdOrHandle('message')),
    ids: v.optional(v.array(graphIdOrHandle('message'))),
    folder: v.optional(graphIdOrHandle('folder', { orName: true })),
    uri: v.optional(
      v.pipe(
        v.string(),
        v.transform((u) => u.replace(/^x:\/\/(\w+)$/, (_, h: string) => `x://${handleInUri('message', h)}`)),
      ),
    ),
    note: v.optional(v.string()),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args) {
    return JSON.stringify(args);
  },
});
const registry = createRegistry([samplePlugin('sample', [echo])]);
const call = async (args: Record<string, unknown>, known = {}) => {
  const ctx = fakeContext(undefined, known);
  const result = await registry.callTool('echo', args, () => ctx);
  return { result, text: (result.content[0] as { text: string }).text, lookups: ctx.lookups };
};

describe('graphIdOrHandle', () => {
  it('hands run the full id for a handle (one lookup for all of a call’s handles), a full id as given', async () => {
    const known = { m2abcd: { kind: 'message', id: FULL }, m3bcde: { kind: 'message', id: `${FULL}2` } };
    const { text, lookups } = await call({ id: 'm2abcd', ids: ['m3bcde', FULL, 'm2abcd'] }, known);
    expect(JSON.parse(text)).toEqual({ id: FULL, ids: [`${FULL}2`, FULL, FULL] });
    expect(lookups).toEqual([['m2abcd', 'm3bcde']]);
  });

  it('costs no lookup when no argument holds a handle', async () => {
    const { text, lookups } = await call({ id: FULL, folder: 'Archive', note: 'm2abcd' });
    expect(JSON.parse(text)).toEqual({ id: FULL, folder: 'Archive', note: 'm2abcd' });
    expect(lookups).toEqual([]);
  });

  it('refuses unknown, ambiguous and wrong-kind handles naming the field; a name shaped like a handle passes', async () => {
    const known = { f2abcd: { kind: 'folder', id: FULL }, m4cdef: 'ambiguous' as const };
    const { result, text } = await call({ ids: ['m2zzzz', 'm4cdef'], id: 'm2abcd', folder: 'f3bcde' }, known);
    expect(result.isError).toBe(true);
    expect(text).toBe(
      'echo: "id": unknown message handle "m2abcd" (expired, or never shown to you); "ids[0]": unknown message handle "m2zzzz" (expired, or never shown to you); "ids[1]": handle "m4cdef" is ambiguous (two items share it). Nothing was done. List the items again (the tool that showed them) and use the handles it returns now.',
    );
    expect(JSON.parse((await call({ folder: 'f3bcde' })).text)).toEqual({ folder: 'f3bcde' });
    expect((await call({ id: 'f2abcd' }, known)).text).toMatch(/"id" must be a message handle/);
  });

  it('resolves a handle inside a URI, URI-encoded; a forged marker in free text stays text', async () => {
    const known = { m2abcd: { kind: 'message', id: 'a/b=' } };
    const forged = '\u0000handle\u0000message strict m2abcd\u0000'; // the marker's shape, without its nonce
    const { text, lookups } = await call({ uri: 'x://m2abcd', note: forged }, known);
    expect(JSON.parse(text)).toEqual({ uri: 'x://a%2Fb%3D', note: forged });
    expect(lookups).toEqual([['m2abcd']]);
  });

  it('names the field of a malformed value', async () => {
    const { text } = await call({ id: 'not an id' });
    expect(text).toMatch(/^Invalid arguments for echo: "id" must be a message handle \(e\.g\. m7k2qx\) or id/);
  });
});
