/**
 * The landing page in headless Chromium against wrangler dev: the strict CSP lets the copy
 * button's hashed script run (no violation reported), the button copies the MCP URL, and with
 * script disabled the page still shows the URL and no dead button. Screenshots go to
 * .tmp/test-output/ (git-ignored).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../../scripts/local-gateway';
import { findBrowser, launchBrowser } from './browser';

const OUTPUT = resolve('.tmp/test-output');
const found = await findBrowser();
let gateway: LocalGateway;
let browser: BrowserContext;
let state: string;

beforeAll(async () => {
  if (!found) return;
  state = mkdtempSync(join(tmpdir(), 'gateway-landing-'));
  gateway = await startLocalGateway({ persistTo: state, emulator: true });
  browser = await launchBrowser(found);
  mkdirSync(OUTPUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.stop();
  if (state) rmSync(state, { recursive: true, force: true });
});

/** Opens the page, collecting what the browser reports about CSP. */
async function open(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${gateway.url}/`);
  return { page, violations };
}

describe.skipIf(!found)('landing page in a real browser', () => {
  it('the copy button runs under the CSP and copies the MCP URL', async () => {
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    const { page, violations } = await open();
    expect(await page.title()).toBe('Microsoft 365 MCP Gateway');
    expect(await page.locator('#mcp-url').textContent()).toBe(gateway.mcpUrl);
    const copy = page.locator('#copy');
    await expect.poll(() => copy.isVisible()).toBe(true);
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(gateway.mcpUrl);
    expect(violations).toEqual([]);
    const shot = join(OUTPUT, 'landing-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await page.close();
  });

  it('without script the URL is shown and there is no copy button', async () => {
    const page = await browser.newPage();
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(`${gateway.url}/`);
    expect(await page.locator('#mcp-url').isVisible()).toBe(true);
    expect(await page.locator('#mcp-url').textContent()).toBe(gateway.mcpUrl);
    expect(await page.locator('#copy').isVisible()).toBe(false);
    // The per-client steps open without script (<details>).
    const cursor = page.locator('details', { hasText: 'Cursor' });
    expect(await cursor.locator('pre').isVisible()).toBe(false);
    await cursor.locator('summary').click();
    expect(await cursor.locator('pre').textContent()).toContain(`"url": "${gateway.mcpUrl}"`);
    await page.screenshot({ path: join(OUTPUT, 'landing-page-no-script.png'), fullPage: true });
    await page.close();
  });

  it('a machine asking for JSON at the same URL still gets JSON', async () => {
    const response = await fetch(`${gateway.url}/`, { headers: { accept: 'application/json' } });
    expect(await response.json()).toMatchObject({ mcp: gateway.mcpUrl });
  });
});
