/**
 * docs/troubleshooting.md quotes the gateway's own words for each AADSTS error it explains; they
 * must stay the words the /callback error page shows (core/auth/aadsts-fixes.ts).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { signInFix } from '../core/auth/aadsts-fixes';

const doc = readFileSync(new URL('../docs/troubleshooting.md', import.meta.url), 'utf8');
/** The doc's text without Markdown quoting, emphasis, code marks or line breaks. */
const flat = doc
  .replace(/^> ?/gm, '')
  .replace(/\*\*\d+\*\* — /g, '')
  .replace(/[`*]/g, '')
  .replace(/\s+/g, ' ');

it.each([50011, 65001, 90094, 700016])('the doc quotes what the page says for AADSTS%i', (code) => {
  const fix = signInFix(code, '<base>');
  expect(flat).toContain(fix.problem);
  expect(flat).toContain(`What to do: ${fix.fix.replace(/`/g, '')}`);
});
