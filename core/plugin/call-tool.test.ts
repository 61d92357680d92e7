import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineTool } from './define-tool';
import { ToolError, UnknownToolError } from './errors';
import { createRegistry } from './registry';
import { fakeContext, samplePlugin } from './test-fixtures';
import type { CallToolResult, RegistryOptions, ToolMiddleware } from './types';

const getEmails = defineTool({
  name: 'getEmails',
  title: 'Get emails',
  description: 'Lists recent messages.',
  input: v.strictObject({
    folder: v.optional(v.string(), 'inbox'),
    count: v.optional(v.pipe(v.number(), v.integer(), v.maxValue(50)), 10),
    from: v.optional(v.object({ address: v.pipe(v.string(), v.email()) })),
    to: v.optional(v.array(v.object({ address: v.string() }))),
  }),
  scopes: ['Mail.Read'],
  annotations: { readOnlyHint: true },
  async run(args) {
    return JSON.stringify(args);
  },
});

const sendEmail = defineTool({
  name: 'sendEmail',
  title: 'Send email',
  description: 'Sends a message.',
  input: v.object({ to: v.string(), subject: v.pipe(v.string(), v.minLength(1)) }),
  scopes: ['Mail.Send'],
  annotations: { destructiveHint: false },
  async run() {
    return 'sent';
  },
});

function text(result: CallToolResult): string {
  return result.content.map((item) => (item.type === 'text' ? item.text : '')).join('');
}

describe('argument validation', () => {
  const registry = createRegistry([samplePlugin('mail', [getEmails, sendEmail])]);
  const call = (name: string, args: unknown) => registry.callTool(name, args, fakeContext());

  it('names each failing field with the rule and what was received, in one message', async () => {
    const result = await call('getEmails', { count: 80, folder: 3 });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'Invalid arguments for getEmails: "folder" must be a string (received number); "count" must be ≤ 50 (received 80).',
    );
  });

  it('says which required field is missing', async () => {
    expect(text(await call('sendEmail', { to: 'a@b.c' }))).toBe(
      'Invalid arguments for sendEmail: "subject" is required.',
    );
  });

  it('names an unknown key on a strict object and the allowed ones', async () => {
    expect(text(await call('getEmails', { cnt: 5 }))).toBe(
      'Invalid arguments for getEmails: unknown argument "cnt" (allowed: folder, count, from, to).',
    );
  });

  it('gives nested paths with dots and indexes', async () => {
    const result = await call('getEmails', { from: { address: 'nope' }, to: [{ address: 'a' }, { address: 7 }] });
    expect(text(result)).toBe(
      'Invalid arguments for getEmails: "from.address" must be an email address (received "nope"); ' +
        '"to[1].address" must be a string (received number).',
    );
  });

  it('words length and integer rules', async () => {
    expect(text(await call('sendEmail', { to: 'x', subject: '' }))).toContain(
      '"subject" must have at least 1 characters (received "")',
    );
    expect(text(await call('getEmails', { count: 2.5 }))).toContain('"count" must be an integer (received 2.5)');
  });

  it('refuses non-object arguments and treats missing arguments as {}', async () => {
    expect(text(await call('getEmails', [1]))).toBe(
      'Invalid arguments for getEmails: arguments must be an object (received array).',
    );
    const result = await call('getEmails', undefined);
    expect(result).toEqual({ content: [{ type: 'text', text: '{"folder":"inbox","count":10}' }] });
  });

  it('refuses __proto__, constructor and prototype keys for every schema kind, as unknown arguments', async () => {
    const loose = defineTool({
      name: 'tagMessage',
      title: 'Tag',
      description: 'Tags a message.',
      input: v.looseObject({ tag: v.optional(v.string()), meta: v.optional(v.looseObject({})) }),
      scopes: ['Mail.ReadWrite'],
      annotations: {},
      async run(args) {
        // What a loose schema would hand on: a copy whose prototype an own __proto__ key replaced.
        return String((args as { polluted?: unknown }).polluted ?? 'clean');
      },
    });
    const registry = createRegistry([samplePlugin('mail', [getEmails, sendEmail, loose])]);
    const raw = (name: string, json: string) => registry.callTool(name, JSON.parse(json), fakeContext());
    const cases: Array<[string, string, string]> = [
      ['getEmails', '{"__proto__":{"count":50}}', '"__proto__" (allowed: folder, count, from, to)'],
      ['getEmails', '{"constructor":{"prototype":{}}}', '"constructor" (allowed: folder, count, from, to)'],
      ['sendEmail', '{"to":"a@b.c","subject":"s","__proto__":{"polluted":1}}', '"__proto__" (allowed: to, subject)'],
      ['sendEmail', '{"to":"a@b.c","subject":"s","prototype":1}', '"prototype" (allowed: to, subject)'],
      ['tagMessage', '{"__proto__":{"polluted":"yes"}}', '"__proto__" (allowed: tag, meta)'],
      ['tagMessage', '{"meta":{"__proto__":{"polluted":"yes"}}}', '"meta.__proto__" (allowed: tag, meta)'],
      ['tagMessage', '{"constructor":"x"}', '"constructor" (allowed: tag, meta)'],
    ];
    for (const [name, json, named] of cases) {
      const result = await raw(name, json);
      expect(result.isError, json).toBe(true);
      expect(text(result)).toBe(`Invalid arguments for ${name}: unknown argument ${named}.`);
    }
    // Ordinary keys of a loose schema still pass, and the run sees a clean object.
    expect(text(await raw('tagMessage', '{"tag":"x","extra":1}'))).toBe('clean');
  });

  it('hands the tool lone surrogates as U+FFFD, so text put in a URL cannot fail the call', async () => {
    const lookUp = defineTool({
      name: 'findPeople',
      title: 'Find people',
      description: 'Looks people up.',
      input: v.strictObject({ query: v.string(), also: v.optional(v.array(v.string())) }),
      scopes: ['People.Read'],
      annotations: { readOnlyHint: true },
      async run(args) {
        // What a plugin does with a query: encodeURIComponent throws URIError on a lone surrogate.
        return [args.query, ...(args.also ?? [])].map((part) => encodeURIComponent(part)).join('&');
      },
    });
    const registry = createRegistry([samplePlugin('people', [lookUp])]);
    const result = await registry.callTool(
      'findPeople',
      JSON.parse('{"query":"a\\ud800","also":["\\udfff😀"]}'),
      fakeContext(),
    );
    expect(result.isError).toBeUndefined();
    expect(text(result)).toBe(`${encodeURIComponent('a\ufffd')}&${encodeURIComponent('\ufffd😀')}`);
  });

  it('keeps a refusal short however much was sent: at most six problems, each cut to 240 characters', async () => {
    const addresses = defineTool({
      name: 'sendEmail',
      title: 'Send',
      description: 'Sends.',
      input: v.strictObject({
        to: v.array(
          v.pipe(
            v.string(),
            v.check((value) => value.includes('@'), 'must be an address'),
          ),
        ),
        subject: v.optional(
          v.pipe(
            v.string(),
            v.check(
              () => false,
              (issue) => `is wrong: ${String(issue.input)}`,
            ),
          ),
        ),
      }),
      scopes: ['Mail.Send'],
      annotations: {},
      async run() {
        return 'sent';
      },
    });
    const registry = createRegistry([samplePlugin('mail', [addresses])]);
    const huge = 'x'.repeat(100_000);
    const message = text(
      await registry.callTool(
        'sendEmail',
        { to: Array.from({ length: 500 }, (_, i) => `user${i}`), subject: huge },
        fakeContext(),
      ),
    );
    expect(message).toMatch(/^Invalid arguments for sendEmail: "to\[0\]" must be an address \(received "user0"\); /);
    expect(message).toMatch(/; and 495 more problems\.$/);
    expect(message.split('; ')).toHaveLength(7);
    expect(message.length).toBeLessThan(2_000);
    const long = text(await registry.callTool('sendEmail', { to: ['a@b.c'], subject: huge }, fakeContext()));
    expect(long).toMatch(/^Invalid arguments for sendEmail: "subject" is wrong: x{100,}…\.$/);
    expect(long.length).toBeLessThan(300);
  });

  it('throws UnknownToolError listing the available tools', async () => {
    await expect(call('getEmail', {})).rejects.toThrow(new UnknownToolError('getEmail', ['getEmails', 'sendEmail']));
    await expect(call('getEmail', {})).rejects.toThrow(
      'Unknown tool: "getEmail". Available tools: getEmails, sendEmail',
    );
  });
});

describe('middleware', () => {
  function recorder(name: string, order: string[]): ToolMiddleware {
    return async (_call, _ctx, next) => {
      order.push(`${name}:before`);
      const result = await next();
      order.push(`${name}:after`);
      return result;
    };
  }

  it('runs gateway middleware outside plugin middleware, each in array order', async () => {
    const order: string[] = [];
    const tool = defineTool({
      ...getEmails,
      async run() {
        order.push('tool');
        return 'ok';
      },
    });
    const plugin = samplePlugin('mail', [tool], { middleware: [recorder('p1', order), recorder('p2', order)] });
    const registry = createRegistry([plugin], { middleware: [recorder('g1', order), recorder('g2', order)] });
    await registry.callTool('getEmails', {}, fakeContext());
    expect(order).toEqual([
      'g1:before',
      'g2:before',
      'p1:before',
      'p2:before',
      'tool',
      'p2:after',
      'p1:after',
      'g2:after',
      'g1:after',
    ]);
  });

  it('can short-circuit: the tool and inner middleware do not run', async () => {
    const order: string[] = [];
    const deny: ToolMiddleware = async (call) => ({
      content: [{ type: 'text', text: `${call.tool} is disabled` }],
      isError: true,
    });
    const plugin = samplePlugin('mail', [getEmails], { middleware: [recorder('p1', order)] });
    const registry = createRegistry([plugin], { middleware: [deny] });
    const result = await registry.callTool('getEmails', {}, fakeContext());
    expect(result).toEqual({ content: [{ type: 'text', text: 'getEmails is disabled' }], isError: true });
    expect(order).toEqual([]);
  });

  it('can change the arguments the tool receives and post-process the result', async () => {
    const cap: ToolMiddleware = async (call, _ctx, next) => {
      call.args = { ...call.args, count: 3 };
      const result = await next();
      return typeof result === 'string' ? `${result}!` : result;
    };
    const registry = createRegistry([samplePlugin('mail', [getEmails], { middleware: [cap] })]);
    const result = await registry.callTool('getEmails', { count: 40 }, fakeContext());
    expect(text(result)).toBe('{"folder":"inbox","count":3}!');
  });

  it('hands the context factory the tool and its plugin', async () => {
    const registry = createRegistry([samplePlugin('mail', [getEmails])]);
    const seen: string[] = [];
    await registry.callTool('getEmails', {}, (entry) => {
      seen.push(`${entry.plugin}/${entry.tool.name}`);
      return fakeContext();
    });
    expect(seen).toEqual(['mail/getEmails']);
  });
});

describe('errors', () => {
  function registryWith(run: () => Promise<never>, mapError?: RegistryOptions['mapError']) {
    const tool = defineTool({ ...getEmails, run });
    return createRegistry([samplePlugin('mail', [tool])], { mapError });
  }

  it('shows a ToolError message to the model as a tool error', async () => {
    const registry = registryWith(async () => {
      throw new ToolError('No folder "Archive2". Folders: Inbox, Archive.', 'NOT_FOUND');
    });
    const ctx = fakeContext();
    const result = await registry.callTool('getEmails', {}, ctx);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'No folder "Archive2". Folders: Inbox, Archive.' }],
      isError: true,
    });
    expect(ctx.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('never leaks an unexpected error: generic message with a reference that is in the log', async () => {
    const registry = registryWith(async () => {
      throw new TypeError('Cannot read properties of undefined (reading "secretToken") at /src/vault.ts:42');
    });
    const ctx = fakeContext();
    const result = await registry.callTool('getEmails', {}, ctx);
    const message = text(result);
    expect(result.isError).toBe(true);
    expect(message).not.toMatch(/secretToken|vault|TypeError/);
    const ref = /\(ref ([0-9a-f]{8})\)/.exec(message)?.[1];
    expect(ref).toBeDefined();
    expect(ctx.lines).toHaveLength(1);
    expect(ctx.lines[0]).toMatchObject({ level: 'error', fields: { ref, plugin: 'mail', tool: 'getEmails' } });
    expect(String(ctx.lines[0]?.fields?.error)).toContain('secretToken');
  });

  it('uses mapError to turn a known failure into a ToolError', async () => {
    const graphError = Object.assign(new Error('Graph 404'), { statusCode: 404 });
    const registry = registryWith(
      async () => {
        throw graphError;
      },
      (error, call) =>
        (error as { statusCode?: number }).statusCode === 404 ? new ToolError(`${call.tool}: not found.`) : undefined,
    );
    expect(await registry.callTool('getEmails', {}, fakeContext())).toEqual({
      content: [{ type: 'text', text: 'getEmails: not found.' }],
      isError: true,
    });
  });

  it('reports a cancelled call as such, not as an internal error', async () => {
    const controller = new AbortController();
    const registry = registryWith(async () => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    });
    const result = await registry.callTool('getEmails', {}, fakeContext(controller.signal));
    expect(text(result)).toBe('getEmails was cancelled or ran out of time before it finished.');
  });

  it('treats structuredContent that breaks the output schema as a bug', async () => {
    const tool = defineTool({
      ...getEmails,
      output: v.object({ total: v.number() }),
      async run() {
        return { content: [{ type: 'text', text: 'x' }], structuredContent: { total: 'many' } };
      },
    });
    const ctx = fakeContext();
    const result = await createRegistry([samplePlugin('mail', [tool])]).callTool('getEmails', {}, ctx);
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^Internal error in getEmails \(ref [0-9a-f]{8}\)/);
    expect(ctx.lines[0]?.message).toContain('does not match its output schema');
  });

  it('passes valid structuredContent through', async () => {
    const tool = defineTool({
      ...getEmails,
      output: v.object({ total: v.number() }),
      async run() {
        return { content: [{ type: 'text', text: '3' }], structuredContent: { total: 3 } };
      },
    });
    const result = await createRegistry([samplePlugin('mail', [tool])]).callTool('getEmails', {}, fakeContext());
    expect(result).toEqual({ content: [{ type: 'text', text: '3' }], structuredContent: { total: 3 } });
  });
});
