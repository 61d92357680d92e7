/**
 * The client snippets of README.md are what people paste: every JSON and TOML block must parse
 * and point at the gateway's `/mcp` (the deployed or the local URL), and every `claude mcp add`
 * line must too.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({
  lang: match[1]!,
  text: match[2]!,
}));
const DEPLOYED = 'https://m365.example.com/mcp';
const LOCAL = 'http://127.0.0.1:8787/mcp';

/** Every string inside a parsed value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const config = blocks.filter((block) => ['json', 'jsonc', 'toml'].includes(block.lang));

describe('README client snippets', () => {
  it('has the JSON snippets of each client that takes a file, for both URLs', () => {
    expect(config.length).toBeGreaterThanOrEqual(8);
    const all = config.map((block) => block.text).join('\n');
    for (const key of ['"httpUrl"', '"servers"', '"type": "http"', '"mcp-remote"']) expect(all).toContain(key);
  });

  it.each(config.map((block, index) => [index + 1, block] as const))(
    'snippet %i parses and every URL in it is the gateway’s /mcp',
    (_index, block) => {
      const value: unknown = block.lang === 'toml' ? parseToml(block.text) : JSON.parse(block.text);
      const urls = strings(value).filter((text) => /^https?:\/\//.test(text));
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect([DEPLOYED, LOCAL]).toContain(url);
    },
  );

  it('every claude mcp add line uses the http transport and a /mcp URL', () => {
    const lines = readme.split('\n').filter((line) => line.includes('claude mcp add'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatch(/claude mcp add --transport http m365 (\S+\/mcp)(\s|$|`)/);
    expect(lines.join('\n')).toContain(DEPLOYED);
    expect(lines.join('\n')).toContain(LOCAL);
  });
});
