/**
 * Layer 3: what a shop worker trips over on the register's screens (issue 14), in Chromium against the real
 * register: the lock screen taking the PIN of whoever types it, Enter and empty reasons in forms, receipt
 * numbers typed without their prefix, return receipts under Receipts, messages in shop words, parked sales.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Output } from '../../src/shared/contract.ts';
import { startBridge, type Bridge } from '../harness/bridge-server.ts';
import { expectNoNewProblems, openBrowser, type BrowserSession } from '../harness/browser.ts';
import { demoUsers, openSaleScreen } from '../harness/register-session.ts';

let bridge: Bridge;
let session: BrowserSession;
let page: Page;

/** A call straight to the register, for the state the screen is expected to show. */
async function call<C extends Channel>(channel: C, input?: unknown): Promise<Output<C>> {
  const envelope = await bridge.app.dispatch(channel, input);
  if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.message}`);
  return envelope.value as Output<C>;
}

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const text = (locator: Locator) => async () => (await locator.textContent())?.trim();

beforeAll(async () => {
  bridge = await startBridge({});
  session = await openBrowser(bridge.url);
  page = session.page;
  await openSaleScreen(session, demoUsers.cashier);
});

afterAll(async () => {
  await session?.close();
  await bridge?.close();
});

afterEach(() => expectNoNewProblems(session));

describe('the lock screen', () => {
  const tile = (name: string) => page.locator(`[data-testid="login-user"][data-name="${name}"]`);

  it('logs in whoever the PIN belongs to, though another person is chosen', async () => {
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    // Alex locked the register, so Alex is chosen; the manager types their own PIN.
    expect(await tile(demoUsers.cashier.name).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type(demoUsers.manager.pin);
    await page.keyboard.press('Enter');
    await page.getByTestId('search-input').waitFor();
    await eventually(text(page.getByTestId('current-user'))).toBe(demoUsers.manager.name);
    expect((await call('auth.current')).user?.name).toBe(demoUsers.manager.name);
  });

  it('takes the digits typed after a name is clicked as the PIN', async () => {
    await page.keyboard.press('F9');
    await page.getByTestId('lock-screen').waitFor();
    await tile(demoUsers.supervisor.name).click();
    await page.keyboard.type(demoUsers.supervisor.pin);
    await eventually(() => page.getByTestId('pin-input').inputValue()).toBe(demoUsers.supervisor.pin);
    await page.keyboard.press('Enter');
    await eventually(text(page.getByTestId('current-user'))).toBe(demoUsers.supervisor.name);
  });
});
