/**
 * Property-based tool arguments for every tool of every plugin, generated from the inputSchema
 * tools/list publishes, and beyond it, called through the real registry against the emulated tenant.
 *
 * - Every call answers with a tool result (nothing is thrown) whose text a model can act on: never
 *   the internal-error answer, an error logged as a bug, a stack trace, or an echo of a huge value.
 * - Arguments the published schema rejects (judged by an independent JSON Schema validator) get
 *   "Invalid arguments for <tool>: …" and reach Graph not at all: no request, no write.
 * - A tool annotated read-only writes nothing, whatever it is given.
 *
 * Case counts and the seed are printed per property; `npm run fuzz` runs more (test/fuzz/fuzz-settings.ts).
 */
import { Validator } from '@cfworker/json-schema';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginMocks } from '../core/generated/mocks';
import { plugins } from '../core/generated/plugins';
import { createEmulator, createTestRegistry, createToolTestSession, type ToolTestSession } from '../core/testing';
import { fuzzSettings, runsOf, timeoutOf } from './fuzz/fuzz-settings';
import { beyondSchema, type JsonSchema, withinSchema } from './fuzz/schema-arbitraries';

const settings = fuzzSettings(process.env);
/** Cases per tool: within the schema most calls reach Graph; beyond it most stop at validation. */
const WITHIN = 25;
const BEYOND = 250;
/** An error a model reads should say what to fix in a few sentences, not repeat what it was sent. */
const MAX_ERROR_CHARS = 2_000;

const registry = createTestRegistry(plugins);
const emulator = createEmulator({
  authorityOrigin: 'https://login.fuzz.test',
  graphBaseUrl: 'https://graph.fuzz.test/v1.0',
  pluginMocks,
});
const server = setupServer(...emulator.handlers);
const addresses = [...emulator.tenant.users.map((user) => user.mail), 'someone@example.com', 'not an address'];
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** A fresh tenant and sign-in, so the writes of one property do not slow or shape the next. */
async function freshSession(): Promise<ToolTestSession> {
  emulator.reset();
  return createToolTestSession({ emulator, user: 'AdeleV@contoso.com', registry });
}

const textOf = (content: ReadonlyArray<{ type: string; text?: string }>) =>
  content.map((item) => (item.type === 'text' ? (item.text ?? '') : '')).join('\n');

/** Calls `tool` with `args` and checks what every answer must hold; returns whether it was refused. */
async function callChecked(session: ToolTestSession, tool: string, args: unknown): Promise<boolean> {
  const entry = registry.getTool(tool)!;
  const journal = emulator.journal.length;
  const requests = emulator.stats.graphRequests.length;
  const errors = session.logs.filter((line) => line.level === 'error').length;
  const schemaValid = validators.get(tool)!.validate(args).valid;

  const result = await registry.callTool(tool, args, session.context());
  // Handles are recorded after a call that read Graph; a refused call has none to wait for.
  if (emulator.stats.graphRequests.length > requests) await session.settled();

  expect(Array.isArray(result.content) && result.content.length > 0, 'a result with content').toBe(true);
  const text = textOf(result.content as Array<{ type: string; text?: string }>);
  const bugs = session.logs.filter((line) => line.level === 'error').slice(errors);
  expect(
    bugs.map((line) => `${line.message} ${JSON.stringify(line.fields)}`),
    text,
  ).toEqual([]);
  if (result.isError) {
    expect(text.trim(), 'an error says something').not.toBe('');
    expect(text).not.toMatch(/Internal error in|\n\s+at .+:\d+:\d+/);
    expect(text.length, text.slice(0, 300)).toBeLessThanOrEqual(MAX_ERROR_CHARS);
  }
  if (!schemaValid) {
    expect(result.isError, `the schema refuses this, the tool did not: ${text.slice(0, 300)}`).toBe(true);
    expect(text).toMatch(new RegExp(`^Invalid arguments for ${tool}: `));
    expect(emulator.stats.graphRequests.slice(requests), 'no Graph request').toEqual([]);
  }
  if (!schemaValid || entry.tool.annotations.readOnlyHint === true) {
    expect(emulator.journal.slice(journal), 'no write').toEqual([]);
  }
  return result.isError === true;
}

// As a client receives tools/list: JSON on the wire (and a copy the validator may annotate).
const tools = JSON.parse(JSON.stringify(registry.listTools())) as Array<{ name: string; inputSchema: JsonSchema }>;
const validators = new Map(tools.map((tool) => [tool.name, new Validator(tool.inputSchema as object, '2020-12')]));

describe.each(tools.map((tool) => [tool.name, tool.inputSchema] as const))('%s', (name, schema) => {
  it(
    'within its published schema: every answer is a result a model can act on, never an internal error',
    async () => {
      const session = await freshSession();
      const arbitrary = withinSchema(schema, addresses);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (args) => {
          expect(validators.get(name)!.validate(args).valid, 'the generator stays within the schema').toBe(true);
          await callChecked(session, name, args);
        }),
        runsOf(settings, `${name} within its schema`, WITHIN),
      );
    },
    timeoutOf(settings, 20_000),
  );

  it(
    'beyond its published schema: refused with a message, before any Graph request or write',
    async () => {
      const session = await freshSession();
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(beyondSchema(schema, addresses), async (args) => {
          if (await callChecked(session, name, args)) refused++;
        }),
        runsOf(settings, `${name} beyond its schema`, BEYOND),
      );
      // The arbitrary is hostile enough to be refused most of the time (else it tests little).
      expect(refused).toBeGreaterThan(BEYOND * settings.scale * 0.5);
    },
    timeoutOf(settings, 20_000),
  );
});
