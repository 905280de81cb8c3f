/**
 * What a count may cover, on SQLite and PostgreSQL: a SKU named twice is refused (it would be reviewed, and its
 * variance counted, twice), at head office and at the register alike; a SKU no product has, or a category no
 * product is in, is refused when head office opens the count, so approving it cannot make stock of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputs } from '../../../src/shared/contract.ts';
import { countOpened } from '../../../src/shared/documents/count.ts';
import type { PushReply } from '../../../src/shared/sync/protocol.ts';
import type { CountDetail } from '../../../src/shared/sync/counts-api.ts';
import type { Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import {
  connectRegister,
  countOpening,
  createStore,
  dialects,
  enrollRegister,
  outboxEvent,
  putProducts,
  startTestHeadOffice,
  type TestHeadOffice,
} from './helpers.ts';

describe('a count scope naming a SKU twice', () => {
  it('is refused at the register too, by the same schema', () => {
    const scope = { kind: 'skus', skus: ['TEA-1', 'MUG-1', 'TEA-1'] };
    const opened = inputs['count.open'].safeParse({ scope, blind: false });
    expect(opened.success).toBe(false);
    expect(opened.error?.issues.map((issue) => issue.message)).toEqual([
      'SKU TEA-1 is listed twice: name each SKU once',
    ]);
  });
});

describe.each(dialects)('count scopes on %s', (dialect) => {
  let ho: TestHeadOffice;

  beforeAll(async () => {
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'WH');
    await putProducts(ho.admin, [
      { sku: 'TEA-1', priceMinor: 300, category: 'Tea' },
      { sku: 'MUG-1', priceMinor: 500, category: 'Kitchen' },
    ]);
    const received = await ho.admin('POST', '/api/stores/WH/stock-movements', {
      sku: 'TEA-1',
      kind: 'receive',
      quantity: 100,
      occurredAt: new Date().toISOString(),
    });
    expect(received.status).toBe(201);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
  });

  const open = (scope: unknown) => ho.admin('POST', '/api/counts', { storeId: 'WH', scope, blind: false });

  it('refuses a SKU listed twice, naming it', async () => {
    const reply = await open({ kind: 'skus', skus: ['TEA-1', 'TEA-1'] });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('SKU TEA-1 is listed twice');
  });

  it('refuses SKUs no product has, naming them, and makes no stock of them', async () => {
    const reply = await open({ kind: 'skus', skus: ['MUG-1', 'TEA-1', 'NOPE', 'NADA'] });
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({
      error: {
        code: 'NOT_FOUND',
        message: expect.stringMatching(/^No product has the SKUs NOPE, NADA: /),
      },
    });
    const stock = await ho.admin<Page<StockView>>('GET', '/api/stores/WH/stock?sku=NOPE');
    expect(stock.body.items).toEqual([]);
  });

  it('refuses a category no product is in, saying which there are', async () => {
    const reply = await open({ kind: 'categories', categories: ['Tea', 'Nope'] });
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe(
      'No product is in the category Nope: the categories are Kitchen, Tea.',
    );
  });

  it('reviews once a SKU a count opened at an older register named twice', async () => {
    const { token, registerId } = await enrollRegister(ho.admin, 'WH');
    const socket = await connectRegister(ho.url, token);
    const opening = countOpening({ storeId: 'WH', registerId }, 'old-count', {
      kind: 'skus',
      skus: ['TEA-1', 'TEA-1'],
    });
    const reply: PushReply = await socket.emitWithAck('push', {
      events: [outboxEvent(1, opening, countOpened.type)],
    });
    socket.close();
    expect(reply).toMatchObject({ status: 'ok', lastAppliedSeq: 1 });
    const review = await ho.admin<CountDetail>('GET', '/api/counts/old-count');
    expect(review.body.items.map((item) => [item.sku, item.variance])).toEqual([['TEA-1', -100]]);
    expect(review.body.varianceUnits).toBe(-100);
  });

  it('opens a count of SKUs and categories that exist', async () => {
    const skus = await open({ kind: 'skus', skus: ['TEA-1', 'MUG-1'] });
    expect(skus.status).toBe(201);
    const categories = await open({ kind: 'categories', categories: ['Tea'] });
    expect(categories.status).toBe(201);
  });
});
