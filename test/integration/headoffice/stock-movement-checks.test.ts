/**
 * What head office checks on a stock movement made through its admin API: a time in the future is refused (it
 * would freeze the SKU's figure or spoil later counts), the movement names who made it and shows its note as
 * the reason, and no movement takes on hand past the quantity limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUANTITY } from '../../../src/shared/limits.ts';
import { createStore, dialects, putProducts, startTestHeadOffice, type TestHeadOffice } from './helpers.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');

describe.each(dialects)('stock movement checks on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect, { now: () => NOW });
    await createStore(ho.admin, 'WH');
    await putProducts(ho.admin, [
      { sku: 'FUTURE', priceMinor: 100 },
      { sku: 'NOTED', priceMinor: 100 },
      { sku: 'BIG', priceMinor: 100 },
    ]);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const move = (body: object, token?: string) =>
    ho.admin('POST', '/api/stores/WH/stock-movements', body, token);
  const onHand = async (sku: string) =>
    (await ho.admin('GET', `/api/stores/WH/stock?sku=${sku}`)).body.items[0]?.onHand;

  it('refuses a movement dated in the future, so later movements still change the figure', async () => {
    const future = await move({
      sku: 'FUTURE',
      kind: 'count',
      quantity: 50,
      occurredAt: '2099-01-01T00:00:00Z',
    });
    expect(future).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message:
            'occurredAt 2099-01-01T00:00:00Z is in the future: send the time the stock moved, or leave it out for now.',
        },
      },
    });
    const receipt = await move({
      sku: 'FUTURE',
      kind: 'receive',
      quantity: 5,
      occurredAt: '2026-03-02T11:00:00Z',
    });
    expect(receipt.status).toBe(400);
    expect(await onHand('FUTURE')).toBeUndefined();

    // A caller's clock a little ahead of head office's is allowed; later movements count.
    expect(
      (await move({ sku: 'FUTURE', kind: 'count', quantity: 50, occurredAt: '2026-03-02T10:04:00Z' })).status,
    ).toBe(201);
    expect((await move({ sku: 'FUTURE', kind: 'receive', quantity: 5 })).status).toBe(201);
    expect(await onHand('FUTURE')).toBe(50);
    expect(
      (await move({ sku: 'FUTURE', kind: 'count', quantity: 7, occurredAt: '2026-03-02T10:05:00Z' })).status,
    ).toBe(201);
    expect(await onHand('FUTURE')).toBe(7);
  });

  it('records who made a movement and shows its note as why', async () => {
    const created = await ho.admin('POST', '/api/tokens', {
      name: 'stock script',
      scopes: ['stock.write', 'stock.read'],
    });
    const secret = (created.body as { secret: string }).secret;
    expect((await move({ sku: 'NOTED', kind: 'receive', quantity: 3 })).status).toBe(201);
    expect((await move({ sku: 'NOTED', kind: 'adjust', quantity: -1, note: 'broke' }, secret)).status).toBe(
      201,
    );

    const movements = await ho.admin('GET', '/api/stores/WH/stock/NOTED/movements');
    expect(movements.body.items).toMatchObject([
      {
        reason: 'ADJUST',
        quantity: -1,
        detail: 'broke',
        documentId: null,
        actor: 'API token "stock script"',
      },
      {
        reason: 'RECEIVE',
        quantity: 3,
        detail: null,
        documentId: null,
        actor: expect.stringMatching(/^API token /),
      },
    ]);
  });

  it('refuses a movement that would take on hand past the limit, and keeps the figure', async () => {
    expect((await move({ sku: 'BIG', kind: 'receive', quantity: MAX_QUANTITY })).status).toBe(201);
    const over = await move({ sku: 'BIG', kind: 'adjust', quantity: 1 });
    expect(over).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/would be 1000001, beyond the limit/),
        },
      },
    });
    expect(await onHand('BIG')).toBe(MAX_QUANTITY);
    expect((await move({ sku: 'BIG', kind: 'adjust', quantity: -1 })).status).toBe(201);
    expect(await onHand('BIG')).toBe(MAX_QUANTITY - 1);

    // Below zero likewise.
    expect((await move({ sku: 'BIG', kind: 'count', quantity: 0 })).status).toBe(201);
    expect((await move({ sku: 'BIG', kind: 'adjust', quantity: -MAX_QUANTITY })).status).toBe(201);
    const under = await move({ sku: 'BIG', kind: 'adjust', quantity: -1 });
    expect(under.body.error.message).toMatch(
      /would be -1000001, beyond the limit of -1000000: check the quantity/,
    );
    expect(await onHand('BIG')).toBe(-MAX_QUANTITY);
  });
});
