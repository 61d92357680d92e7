/**
 * Shared fixtures for this folder's tests (not exported from the contract).
 */
import * as v from 'valibot';
import { defineTool } from './define-tool';
import { definePlugin } from './define-plugin';
import type { ResolvedHandle } from './handles';
import type { Plugin, PluginDefinition, Tool, ToolContext } from './types';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/**
 * A context whose log records lines, with a graph client that must not be used, and handles that
 * resolve from `known` (each lookup is counted in `lookups`).
 */
export function fakeContext(
  signal: AbortSignal = new AbortController().signal,
  known: Record<string, ResolvedHandle | 'ambiguous'> = {},
): ToolContext & { lines: LogLine[]; lookups: string[][] } {
  const lines: LogLine[] = [];
  const lookups: string[][] = [];
  const record = (level: LogLine['level']) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return {
    lines,
    lookups,
    graph: {
      api: () => {
        throw new Error('graph not available in this test');
      },
      batch: () => Promise.reject(new Error('graph not available in this test')),
    },
    user: {
      key: 't.o',
      tenantId: 't',
      objectId: 'o',
      upn: 'adele@contoso.com',
      name: 'Adele Vance',
      timeZone: 'Europe/Berlin',
    },
    signal,
    log: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    config: {},
    handles: {
      show: (kind, id) => `${kind[0]}0${id.slice(0, 4).toLowerCase()}`,
      resolve: async (handles) => {
        lookups.push([...handles]);
        return new Map(handles.flatMap((h) => (known[h] ? [[h, known[h]] as const] : [])));
      },
    },
    progress: () => undefined,
    audit: () => undefined,
  };
}

/** A minimal valid tool; `run` echoes its arguments as JSON. */
export function sampleTool(name: string, scopes: readonly string[] = ['Mail.Read']): Tool {
  return defineTool({
    name,
    title: name,
    description: `The ${name} tool.`,
    input: v.object({}),
    scopes,
    annotations: { readOnlyHint: true },
    async run(args) {
      return JSON.stringify(args);
    },
  });
}

/** A minimal valid plugin with the named tools. */
export function samplePlugin(
  name: string,
  tools: readonly (string | Tool)[],
  extra: Partial<PluginDefinition> = {},
): Plugin {
  return definePlugin({
    name,
    version: '1.0.0',
    description: `The ${name} plugin.`,
    requires: '^1.0.0',
    tools: tools.map((tool) => (typeof tool === 'string' ? sampleTool(tool) : tool)),
    ...extra,
  });
}
