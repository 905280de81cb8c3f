/**
 * A store manager asks the warehouse for stock in the back office: the plan form offers every store to take
 * it from, not only their own, and the transfer is planned for the warehouse's registers to pick and send. In
 * Chromium against the real head office on SQLite.
 */
import { expect, it } from 'vitest';
import { startBackOffice } from '../harness/back-office.ts';
import { expectNoNewProblems, openBrowser } from '../harness/browser.ts';
import { createStore, putProducts } from '../integration/headoffice/helpers.ts';
import { addUser, PASSWORD } from '../integration/headoffice/people-helpers.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

it('a store manager plans a transfer from the warehouse into their store, for the warehouse to send', async () => {
  const server = await startBackOffice('sqlite');
  const { admin } = server.ho;
  for (const [id, name] of [
    ['WAREHOUSE', 'Central Warehouse'],
    ['DUBLIN-1', 'Dublin Harbour'],
    ['CORK-1', 'Cork City'],
  ] as const)
    await createStore(admin, id, name);
  expect((await admin('PATCH', '/api/stores/WAREHOUSE', { kind: 'warehouse' })).status).toBe(200);
  await putProducts(admin, [{ sku: 'PASTA-1KG', name: 'Fusilli pasta 1 kg', priceMinor: 450 }]);
  await addUser(server.ho, { email: 'sam@example.com', role: 'store_manager', storeIds: ['DUBLIN-1'] });
  const session = await openBrowser(`${server.ho.url}/transfers`);
  try {
    const { page } = session;
    await page.getByTestId('sign-in-email').fill('sam@example.com');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.locator('h1', { hasText: 'Transfers' }).waitFor({ timeout: 20_000 });
    // Asking who is signed in before signing in answered 401: expected, not a fault of the page.
    session.problems.splice(0);

    await page.getByTestId('transfer-plan').click();
    const plan = page.getByTestId('transfer-plan-form');
    // Into their own store by default; every store to take it from.
    await eventually(() => plan.getByTestId('plan-to').inputValue()).toBe('DUBLIN-1');
    await eventually(() => plan.getByTestId('plan-from').locator('option').allInnerTexts()).toEqual([
      'Central Warehouse',
      'Cork City',
      'Dublin Harbour',
    ]);
    await plan.getByTestId('plan-from').selectOption('WAREHOUSE');
    await plan.getByTestId('plan-sku').fill('PASTA-1KG');
    await plan.getByTestId('plan-quantity').fill('12');
    await plan.getByTestId('plan-submit').click();

    const status = page.getByTestId('transfer-detail').getByTestId('transfer-status');
    await eventually(async () => (await status.textContent())?.trim()).toBe('Planned by head office');
    const transferId = new URL(page.url()).searchParams.get('transfer')!;
    const planned = await admin('GET', `/api/transfers/${transferId}`);
    expect(planned.body).toMatchObject({
      fromStoreId: 'WAREHOUSE',
      toStoreId: 'DUBLIN-1',
      status: 'planned',
    });
    expectNoNewProblems(session);
  } finally {
    await session.close();
    await server.close();
  }
});
