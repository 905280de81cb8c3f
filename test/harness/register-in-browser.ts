/**
 * For an end-to-end test file: the real register behind the bridge (bridge-server.ts) and Chromium on its page,
 * opened before the file's tests and closed after them, with each test failing on what the page reported while
 * it ran (console errors, CSP violations, failed requests).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Channel, Output } from '../../src/shared/contract.ts';
import { startBridge, type Bridge, type BridgeOptions } from './bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from './browser.ts';

export interface RegisterInBrowser {
  readonly bridge: Bridge;
  readonly session: BrowserSession;
  readonly page: Page;
  /** A call straight to the register, for the state the screen is expected to show; throws when refused. */
  call<C extends Channel>(channel: C, input?: unknown): Promise<Output<C>>;
}

/**
 * `prepare` runs on the register before the page opens (settings a test wants to see on screen); `options` are
 * the bridge's test seams.
 */
export function registerInBrowser(
  prepare?: (bridge: Bridge) => void,
  options: BridgeOptions = {},
): RegisterInBrowser {
  let bridge: Bridge | undefined;
  let session: BrowserSession | undefined;
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('The register and its page open in beforeAll: use them in a test.');
    return value;
  };

  beforeAll(async () => {
    bridge = await startBridge(options);
    prepare?.(bridge);
    session = await openBrowser(bridge.url);
  });
  afterAll(async () => {
    await session?.close();
    await bridge?.close();
  });
  afterEach(() => expectNoNewProblems(session));

  return {
    get bridge() {
      return opened(bridge);
    },
    get session() {
      return opened(session);
    },
    get page() {
      return opened(session).page;
    },
    async call(channel, input) {
      const envelope = await opened(bridge).app.dispatch(channel, input);
      if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
      return envelope.value as Output<typeof channel>;
    },
  };
}
