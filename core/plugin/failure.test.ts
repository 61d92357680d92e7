/**
 * Tool calls and resource reads fail by one rule (core/plugin/failure.ts): the same failure gets
 * the same treatment whether a tool or a resource raised it.
 */
import { describe, expect, it } from 'vitest';
import { defineResource } from './define-resource';
import { defineTool } from './define-tool';
import { ResourceError, ToolError } from './errors';
import { createRegistry } from './registry';
import { fakeContext, samplePlugin } from './test-fixtures';
import type { RegistryOptions, ToolContext } from './types';
import * as v from 'valibot';

const URI = 'm365://test/item/1';

/** A registry whose one tool and one resource both run `fail`. */
function registryFailingWith(fail: (ctx: ToolContext) => Promise<never>, mapError?: RegistryOptions['mapError']) {
  const tool = defineTool({
    name: 'getItem',
    title: 'Get item',
    description: 'Gets an item.',
    input: v.object({}),
    scopes: ['Mail.Read'],
    annotations: { readOnlyHint: true },
    run: (_args, ctx) => fail(ctx),
  });
  const resource = defineResource({
    name: 'item',
    title: 'Item',
    description: 'An item.',
    uriTemplate: 'm365://test/item/{id}',
    scopes: ['Mail.Read'],
    read: (_params, ctx) => fail(ctx),
  });
  return createRegistry([samplePlugin('test', [tool], { resources: [resource] })], mapError ? { mapError } : {});
}

async function both(registry: ReturnType<typeof registryFailingWith>, ctx = fakeContext) {
  const toolCtx = ctx();
  const tool = await registry.callTool('getItem', {}, toolCtx);
  const resourceCtx = ctx();
  const resource = await registry.readResource(URI, resourceCtx).catch((error: unknown) => error);
  expect(resource).toBeInstanceOf(ResourceError);
  const toolText = tool.content[0]?.type === 'text' ? tool.content[0].text : '';
  return { tool: toolText, resource: (resource as ResourceError).message, toolCtx, resourceCtx };
}

describe('one failure rule for tools and resources', () => {
  it('a ToolError, thrown or mapped, is shown as written', async () => {
    const thrown = await both(registryFailingWith(() => Promise.reject(new ToolError('No such item.'))));
    expect([thrown.tool, thrown.resource]).toEqual(['No such item.', 'No such item.']);
    const mapped = await both(
      registryFailingWith(
        () => Promise.reject(new Error('Graph 404')),
        () => new ToolError('Mapped: not there.'),
      ),
    );
    expect([mapped.tool, mapped.resource]).toEqual(['Mapped: not there.', 'Mapped: not there.']);
  });

  it('an unexpected error is logged with a reference, and only the reference is shown', async () => {
    const result = await both(registryFailingWith(() => Promise.reject(new TypeError('secret detail'))));
    for (const [shown, ctx] of [
      [result.tool, result.toolCtx],
      [result.resource, result.resourceCtx],
    ] as const) {
      expect(shown).not.toContain('secret detail');
      const ref = /\(ref ([0-9a-f]{8})\)/.exec(shown)?.[1];
      expect(ref, shown).toBeDefined();
      expect(ctx.lines).toEqual([
        expect.objectContaining({
          level: 'error',
          fields: expect.objectContaining({ ref, plugin: 'test', error: 'TypeError: secret detail' }),
        }),
      ]);
    }
  });

  it('a mapError that throws is itself logged as the internal error, for tools and resources alike', async () => {
    const result = await both(
      registryFailingWith(
        () => Promise.reject(new Error('Graph 500')),
        () => {
          throw new RangeError('mapper broke');
        },
      ),
    );
    for (const ctx of [result.toolCtx, result.resourceCtx]) {
      expect(ctx.lines).toHaveLength(1);
      expect(ctx.lines[0]?.message).toMatch(/mapError threw/);
      expect(ctx.lines[0]?.fields?.error).toBe('RangeError: mapper broke');
    }
  });

  it('a cancelled call is reported as cancelled, not as an internal error', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await both(
      registryFailingWith(() => Promise.reject(new DOMException('aborted', 'AbortError'))),
      () => fakeContext(controller.signal),
    );
    expect(result.tool).toMatch(/cancelled/);
    expect(result.resource).toMatch(/cancelled/);
    expect(result.toolCtx.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(result.resourceCtx.lines.filter((line) => line.level === 'error')).toEqual([]);
  });
});
