/**
 * Getting past the way in, as a person at the register does it: log in with a PIN on the login screen and, when
 * no shift is open, count a float and open one. For end-to-end tests that start at the sale screen.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BrowserSession } from './browser.ts';

/** The demo users the register seeds (src/main/services/demo-seed.ts). */
export const demoUsers = {
  cashier: { name: 'Alex', pin: '1111' },
  supervisor: { name: 'Sam', pin: '2222' },
  manager: { name: 'Morgan', pin: '9999' },
} as const;

export type DemoUser = (typeof demoUsers)[keyof typeof demoUsers];

/** A float counted by denomination: value in minor units → how many. */
export type FloatCount = Record<number, number>;

/** €100 in the drawer: 2 × €20, 4 × €10, 3 × €5, 5 × €1 (in any currency with these values). */
export const defaultFloat: FloatCount = { 2000: 2, 1000: 4, 500: 3, 100: 5 };

/** Chooses the user on the login (or lock) screen and types their PIN on the keyboard. */
export async function logIn(page: Page, user: DemoUser): Promise<void> {
  await page.locator('[data-testid="login-screen"], [data-testid="lock-screen"]').waitFor();
  await page.locator(`[data-testid="login-user"][data-name="${user.name}"]`).click();
  await page.getByTestId('pin-input').fill(user.pin);
  await page.getByTestId('pin-input').press('Enter');
}

/** Types the count into the cash count on screen (open or close shift). */
export async function enterCount(page: Page, count: FloatCount): Promise<void> {
  for (const [value, howMany] of Object.entries(count)) {
    await page
      .locator(`[data-testid="count-row"][data-value="${value}"] [data-testid="count-input"]`)
      .fill(String(howMany));
  }
}

/**
 * Logs `user` in and, if the register asks for it, opens the shift with `float`. Resolves once the sale screen
 * is up.
 */
export async function logInAndOpenShift(
  page: Page,
  user: DemoUser,
  float: FloatCount = defaultFloat,
): Promise<void> {
  await logIn(page, user);
  const saleScreen = page.getByTestId('search-input');
  const openShift = page.getByTestId('open-shift-screen');
  await saleScreen.or(openShift).first().waitFor();
  if (await openShift.isVisible()) {
    await enterCount(page, float);
    await page.getByTestId('open-shift').click();
  }
  await saleScreen.waitFor();
}

/** logInAndOpenShift for a test's set-up: when the sale screen never comes, says what the page reported. */
export async function openSaleScreen(session: BrowserSession, user: DemoUser): Promise<void> {
  await logInAndOpenShift(session.page, user).catch((error: unknown) => {
    throw new Error(
      `Logging in and opening the shift did not reach the checkout screen. The page reported:\n${session.problems.join('\n')}`,
      { cause: error },
    );
  });
}

/**
 * Pays what the open sale is due in cash (exactly) or on the card and completes it; the receipt stays on screen.
 * Returns the receipt number it shows. `nothingDue` is zero as the screen formats it.
 */
export async function payAndShowReceipt(
  page: Page,
  kind: 'cash' | 'card',
  nothingDue: string,
): Promise<string> {
  if (kind === 'cash') {
    await page.getByTestId('pay-cash').click();
    await page.getByTestId('cash-confirm').click();
  } else {
    await page.getByTestId('pay-card').click();
  }
  await expect
    .poll(async () => (await page.getByTestId('due').textContent())?.trim(), { timeout: 15_000 })
    .toBe(nothingDue);
  await page.getByTestId('complete-sale').click();
  await page.getByTestId('receipt').waitFor();
  return (await page.getByTestId('receipt-number').innerText()).trim();
}

/** payAndShowReceipt, then on to a new sale. Returns the receipt number the receipt showed. */
export async function payAndComplete(page: Page, kind: 'cash' | 'card', nothingDue: string): Promise<string> {
  const receiptNumber = await payAndShowReceipt(page, kind, nothingDue);
  await page.getByTestId('new-sale').click();
  await page.getByTestId('receipt').waitFor({ state: 'hidden' });
  return receiptNumber;
}
