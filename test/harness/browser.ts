/**
 * Debian Chromium driven by playwright-core, for the end-to-end tests. Collects everything that should never
 * happen on the register's screen (console errors, uncaught exceptions, CSP violations, failed requests) so a
 * test can assert there were none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from './built-app.ts';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const screenshotDir = join(repoRoot, 'test-results/screenshots');

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Console errors, page errors, CSP violations and failed requests, in the order they happened. */
  problems: string[];
  /**
   * Types a code the way a keyboard-wedge scanner does: a burst of keys 5 ms apart ending in Enter, into
   * whatever has focus; it focuses nothing itself.
   */
  scan(code: string): Promise<void>;
  /**
   * Arms a scan of `code` that fires the instant an element matching `selector` appears, as a scanner pressed
   * at that moment: in a microtask after the DOM change, before paint and often before React's deferred effects.
   */
  scanWhenShown(selector: string, code: string): Promise<void>;
  /** Saves test-results/screenshots/<name>.png. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Saves test-results/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * For an afterEach: fails the test on what the page reported during it. Taken out, so each problem fails the
 * step it happened in and not every step after it.
 */
export function expectNoNewProblems(session: BrowserSession | undefined): void {
  const problems = session?.problems.splice(0) ?? [];
  expect(problems, 'console errors, CSP violations or failed requests in the page').toEqual([]);
}

/** `extraArgs`: more Chromium switches, e.g. a fake camera fed from a file. */
export async function openBrowser(url: string, extraArgs: string[] = []): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...extraArgs],
    headless: true,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught in page: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText;
    // Aborted: the page moved on before it loaded (a favicon when a test navigates), not a failure of the app.
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${why})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  // Chromium logs CSP violations to the console too; this names the directive and the blocked resource.
  await page.addInitScript(
    `document.addEventListener('securitypolicyviolation', (event) =>
       console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code')));`,
  );
  await page.goto(url);
  const cdp = await page.context().newCDPSession(page);

  return {
    browser,
    page,
    problems,
    scan: async (code) => typeBurst(cdp, code),
    scanWhenShown: async (selector, code) => {
      await page.evaluate(armScan(selector, code));
    },
    screenshot: (name) => saveScreenshot(page, name),
    close: () => browser.close(),
  };
}

/**
 * Page script (a string: the harness is typed for Node, not the DOM). The keys are dispatched from a
 * MutationObserver, a microtask straight after the DOM change: untrusted, so they type into no field, but the
 * wedge listener reads them as it reads a scanner's.
 */
function armScan(selector: string, code: string): string {
  return `(() => {
    const selector = ${JSON.stringify(selector)};
    const keys = [...${JSON.stringify(code)}, 'Enter'];
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      for (const key of keys)
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`;
}

const scannerKeyIntervalSeconds = 0.005;

/**
 * Real key events (isTrusted, typed into a focused field) through the DevTools protocol, each stamped with its
 * own time like a hardware scanner's, because the wedge detector reads `event.timeStamp`. With
 * page.keyboard.type the stamps are delivery times, and on a busy 2-core machine gaps of 60-150 ms were
 * measured inside a 5 ms-delay burst, which turns a scan into slow typing at random.
 */
async function typeBurst(cdp: CDPSession, code: string): Promise<void> {
  const start = Date.now() / 1000;
  const keys = [...code, 'Enter'];
  for (const [index, key] of keys.entries()) {
    const timestamp = start + index * scannerKeyIntervalSeconds;
    const event = keyDescription(key);
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event, timestamp });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: event.key, code: event.code, timestamp });
  }
}

function keyDescription(key: string): {
  key: string;
  code?: string;
  text: string;
  windowsVirtualKeyCode?: number;
} {
  if (key === 'Enter') return { key, code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 };
  if (/^\d$/.test(key))
    return { key, code: `Digit${key}`, text: key, windowsVirtualKeyCode: key.charCodeAt(0) };
  if (/^[a-z]$/i.test(key)) {
    const upper = key.toUpperCase();
    return { key, code: `Key${upper}`, text: key, windowsVirtualKeyCode: upper.charCodeAt(0) };
  }
  return { key, text: key };
}
