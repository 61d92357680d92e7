/**
 * The browser for browser tests, found without a system package: on Linux the Chromium that the
 * `@sparticuz/chromium` npm package ships (unpacked on first use), elsewhere an installed
 * Chrome, Edge or Chromium. `CHROME_PATH` overrides the lookup on any system.
 *
 * On Linux and in CI a missing browser is an error, so a green run always includes the browser
 * tests; on a developer's macOS or Windows machine without one, they are skipped with one line
 * that names what to install.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export interface FoundBrowser {
  executablePath: string;
  args: string[];
  /** Where it came from, for messages. */
  source: string;
}

/** Keeps the browser off the network: the tests talk to local servers only. */
const QUIET_ARGS = [
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Flags the serverless build recommends that would weaken what a browser test checks (same-origin
 * policy, mixed content); the test browser must enforce what a user's browser enforces.
 */
const WEAKENING_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

const INSTALL_HINT =
  'install Google Chrome, Microsoft Edge or Chromium, or set CHROME_PATH to a Chromium-based browser';

function installedCandidates(): string[] {
  if (process.platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge'];
    apps.push('Chromium.app/Contents/MacOS/Chromium');
    return ['/Applications', join(homedir(), 'Applications')].flatMap((dir) => apps.map((app) => join(dir, app)));
  }
  if (process.platform === 'win32') {
    const roots = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA];
    const exes = ['Google/Chrome/Application/chrome.exe', 'Microsoft/Edge/Application/msedge.exe'];
    exes.push('Chromium/Application/chrome.exe');
    return roots.filter((root): root is string => !!root).flatMap((root) => exes.map((exe) => join(root, exe)));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge'];
}

async function packagedChromium(): Promise<FoundBrowser> {
  const { default: Chromium } = await import('@sparticuz/chromium');
  // WebGL is not needed; this also skips unpacking the software GPU.
  Chromium.setGraphicsMode = false;
  const args = Chromium.args.filter((arg) => !WEAKENING_ARGS.has(arg));
  return {
    executablePath: await Chromium.executablePath(),
    args: [...args, ...QUIET_ARGS],
    source: '@sparticuz/chromium',
  };
}

/**
 * Finds a browser, or returns undefined (after printing which one to install) where the tests
 * may be skipped; throws where they must run (Linux, CI).
 *
 * @example
 * const found = await findBrowser();
 * describe.skipIf(!found)('in a real browser', () => { ... });
 */
export async function findBrowser(): Promise<FoundBrowser | undefined> {
  const override = process.env.CHROME_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROME_PATH=${override} does not exist`);
    return { executablePath: override, args: QUIET_ARGS, source: 'CHROME_PATH' };
  }
  // The package ships an x64 Linux build only.
  if (process.platform === 'linux' && process.arch === 'x64') return packagedChromium();
  const installed = installedCandidates().find((path) => existsSync(path));
  if (installed) return { executablePath: installed, args: QUIET_ARGS, source: installed };
  if (process.platform === 'linux' || process.env.CI) {
    throw new Error(`No browser for the browser tests on ${process.platform}/${process.arch}: ${INSTALL_HINT}.`);
  }
  process.stderr.write(`\n!!! Browser tests SKIPPED: no Chrome, Edge or Chromium found; ${INSTALL_HINT}.\n\n`);
  return undefined;
}

/**
 * Launches `found` headless with a fresh profile that is deleted on close.
 *
 * @example
 * const browser = await launchBrowser(found);
 * const page = await browser.newPage();
 */
export async function launchBrowser(found: FoundBrowser): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'browser-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: found.executablePath,
    args: found.args,
    headless: true,
  });
  context.on('close', () => rmSync(profile, { recursive: true, force: true }));
  return context;
}
