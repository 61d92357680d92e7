import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineTool, isDefinedTool } from './define-tool';
import { PluginError } from './errors';

const getEmails = defineTool({
  name: 'getEmails',
  title: 'Get emails',
  description: 'Lists recent messages.',
  input: v.strictObject({
    folder: v.pipe(v.string(), v.description('Folder name or id.')),
    count: v.optional(v.pipe(v.number(), v.integer(), v.maxValue(50)), 10),
    from: v.optional(v.object({ address: v.pipe(v.string(), v.email()) })),
    kind: v.optional(v.picklist(['focused', 'other'])),
  }),
  output: v.object({ total: v.number() }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args) {
    expectTypeOf(args.count).toEqualTypeOf<number>();
    expectTypeOf(args.folder).toEqualTypeOf<string>();
    expectTypeOf(args.kind).toEqualTypeOf<'focused' | 'other' | undefined>();
    return { content: [], structuredContent: { total: args.count } };
  },
});

describe('defineTool', () => {
  it('publishes a compact JSON Schema of the input: properties, types, required, descriptions, no $schema', () => {
    const schema = getEmails.inputJsonSchema;
    expect(schema).not.toHaveProperty('$schema');
    expect(schema).toMatchObject({
      type: 'object',
      required: ['folder'],
      additionalProperties: false,
      properties: {
        folder: { type: 'string', description: 'Folder name or id.' },
        count: { type: 'integer', maximum: 50, default: 10 },
        from: { type: 'object', properties: { address: { type: 'string', format: 'email' } }, required: ['address'] },
        kind: { enum: ['focused', 'other'] },
      },
    });
  });

  it('publishes the output schema when there is one, also without $schema', () => {
    expect(getEmails.outputJsonSchema).toEqual({
      type: 'object',
      properties: { total: { type: 'number' } },
      required: ['total'],
    });
  });

  it('freezes the tool, its scopes and its schemas', () => {
    expect(Object.isFrozen(getEmails)).toBe(true);
    expect(Object.isFrozen(getEmails.scopes)).toBe(true);
    expect(Object.isFrozen(getEmails.inputJsonSchema.properties)).toBe(true);
    expect(isDefinedTool(getEmails)).toBe(true);
    expect(isDefinedTool({ ...getEmails })).toBe(false);
  });

  it.each(['GetEmails', 'get_emails', 'get-emails', 'g', `a${'b'.repeat(64)}`, ''])(
    'refuses the tool name %j',
    (name) => {
      const define = () => defineTool({ ...getEmails, name, run: getEmails.run } as Parameters<typeof defineTool>[0]);
      expect(define).toThrow(PluginError);
      expect(define).toThrow(/not camelCase.*"getEmails"/);
    },
  );
});

describe('openWorldHint', () => {
  const tool = (scopes: string[], openWorldHint: boolean) => () =>
    defineTool({
      name: 'localOrGraph',
      title: 'Local or Graph',
      description: 'Either.',
      input: v.object({}),
      scopes,
      annotations: { readOnlyHint: true, openWorldHint },
      run: async () => 'ok',
    });

  it('refuses false on a tool that reaches Graph (declares scopes), saying to leave it unset', () => {
    expect(tool(['Mail.Read'], false)).toThrow(PluginError);
    expect(tool(['Mail.Read'], false)).toThrow(
      /declares Graph scopes but sets openWorldHint: false.*leave openWorldHint unset/,
    );
  });

  it('allows false on a gateway-local tool, and true or unset on a Graph tool', () => {
    expect(tool([], false)().annotations.openWorldHint).toBe(false);
    expect(tool(['Mail.Read'], true)().annotations.openWorldHint).toBe(true);
    expect(getEmails.annotations).not.toHaveProperty('openWorldHint');
  });
});
