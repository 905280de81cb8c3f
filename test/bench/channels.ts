/**
 * Channels (issue 18, "Benchmark"): a register's sale until the web shop shows the new figure, through the push
 * queue (coalescing window of a second, a drain every 50 ms), beside a direct push without the queue (the sale
 * acknowledged, then the figure set by the same Shopify connection); and the reconcile of 100,000 mapped SKUs
 * against the local Shopify, beside reading the shop's 100,000 figures alone. Head office in this process on
 * SQLite, with the local Shopify's cost bucket made large enough never to throttle (the real one does: see README).
 */
import { randomBytes } from 'node:crypto';
import { shopify } from '../../src/headoffice/channels/shopify.ts';
import { reconcileChannel } from '../../src/headoffice/channels/reconcile.ts';
import { openSecrets } from '../../src/headoffice/channels/secrets.ts';
import { foldForSearch } from '../../src/shared/search.ts';
import { FakeShopify, SHOPIFY_LOCATION } from '../support/fake-shopify.ts';
import {
  connectRegister,
  createStore,
  enrollRegister,
  saleEvent,
  startTestHeadOffice,
} from '../integration/headoffice/helpers.ts';
import type { BenchSection } from './report.ts';
import { summarize, type Stats } from './stats.ts';

export const name = 'channels';

const saleSamples = 100;
const reconcileSkus = 100_000;
const p99Goal = 5_000;

const fmt = (stats: Stats) =>
  `p50 ${stats.p50.toFixed(0)} ms, p99 ${stats.p99.toFixed(0)} ms (${stats.samples})`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<BenchSection> {
  const key = randomBytes(32);
  const shop = await new FakeShopify('shpat_bench', 'hook').start();
  shop.bucket = { maximumAvailable: 1e12, currentlyAvailable: 1e12, restoreRate: 1e12 };
  const ho = await startTestHeadOffice('sqlite', {
    channels: { secretsKey: key, pushIntervalMs: 50, pollIntervalMs: 0 },
  });
  try {
    await createStore(ho.admin, 'A');
    const skus = Array.from({ length: saleSamples * 2 }, (_, i) => `SKU-${String(i).padStart(6, '0')}`);
    await ho.admin('PUT', '/api/products', {
      products: skus.map((sku) => ({
        sku,
        name: sku,
        priceMinor: 100,
        taxCode: 'STD',
        category: null,
        unit: 'each',
        active: true,
        barcodes: [],
      })),
    });
    for (const sku of skus) {
      shop.addVariant(sku, 0);
      await ho.admin('POST', '/api/stores/A/stock-movements', { sku, kind: 'receive', quantity: 1000 });
    }
    await ho.admin('POST', '/api/channels', {
      id: 'WEB',
      name: 'Web',
      kind: 'shopify',
      baseUrl: shop.url,
      remoteLocationId: SHOPIFY_LOCATION,
      locationIds: ['A'],
      fulfilmentStoreId: 'A',
      secrets: { apiKey: 'shpat_bench', webhookSecret: 'hook' },
    });
    await ho.admin('POST', '/api/channels/WEB/mapping');
    while (skus.some((sku) => shop.availableOf(sku) !== 1000)) await sleep(50);

    const till = await enrollRegister(ho.admin, 'A');
    const socket = await connectRegister(ho.url, till.token);
    const who = { storeId: 'A', registerId: till.registerId };
    let seq = 0;
    const sell = async (sku: string) => {
      seq += 1;
      await socket.emitWithAck('push', { events: [saleEvent(seq, who, [{ sku }])] });
    };

    // Through the queue: a sale every 50 ms, each of its own SKU, timed until the shop shows 999.
    const queued = await Promise.all(
      skus.slice(0, saleSamples).map(async (sku, i) => {
        await sleep(i * 50);
        const start = performance.now();
        await sell(sku);
        while (shop.availableOf(sku) !== 999) await sleep(5);
        return performance.now() - start;
      }),
    );
    // Without the queue: the sale acknowledged, then the figure set directly by the same connection.
    const row = await ho.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
    const direct = shopify(
      {
        kind: 'shopify',
        baseUrl: row.base_url,
        remoteLocationId: row.remote_location_id,
        secrets: openSecrets(key, row.secrets),
      },
      fetch,
    );
    ho.channels.stop();
    const directTimes: number[] = [];
    for (const sku of skus.slice(saleSamples)) {
      const start = performance.now();
      await sell(sku);
      await direct.set([
        { itemId: shop.variantOf(sku).inventoryItemId, quantity: 999, compare: shop.availableOf(sku) },
      ]);
      directTimes.push(performance.now() - start);
    }
    socket.close();
    const viaQueue = summarize(queued);
    const withoutQueue = summarize(directTimes);
    console.log(`sale → shop figure: queue ${fmt(viaQueue)}; direct ${fmt(withoutQueue)}`);

    // 100,000 mapped SKUs, 1 % of them off at the shop.
    const many = Array.from({ length: reconcileSkus }, (_, i) => `R-${String(i).padStart(6, '0')}`);
    const now = new Date().toISOString();
    const itemIds = many.map((sku, i) => shop.addVariant(sku, i % 100 === 0 ? 7 : i % 50));
    for (let i = 0; i < many.length; i += 2_000) {
      const part = many.slice(i, i + 2_000);
      await ho.db
        .insertInto('products')
        .values(
          part.map((sku) => ({
            sku,
            name: sku,
            search_name: foldForSearch(sku),
            price_minor: 100,
            tax_code: 'STD',
            category: null,
            unit: 'each',
            active: 1,
            updated_at: now,
          })),
        )
        .execute();
      await ho.db
        .insertInto('stock_balances')
        .values(
          part.map((sku, j) => ({
            store_id: 'A',
            sku,
            on_hand: (i + j) % 50,
            damaged: 0,
            committed: 0,
            in_transit: 0,
            counted_at: null,
            updated_at: now,
            change_seq: 0,
          })),
        )
        .execute();
      await ho.db
        .insertInto('channel_items')
        .values(
          part.map((sku, j) => ({
            channel_id: 'WEB',
            sku,
            item_id: itemIds[i + j]!,
            channel_figure: null,
            pushed_at: null,
          })),
        )
        .execute();
    }
    const reconcileStart = performance.now();
    const report = await reconcileChannel(ho.channels, 'WEB');
    const reconcileMs = performance.now() - reconcileStart;
    const readStart = performance.now();
    await direct.read(itemIds);
    const readMs = performance.now() - readStart;
    console.log(
      `reconcile ${report.checked} SKUs (${report.repairedCount} repaired) in ${reconcileMs.toFixed(0)} ms; reading them alone ${readMs.toFixed(0)} ms`,
    );

    return {
      title: 'Channels: sale to web shop, and the nightly reconcile',
      method:
        `Head office in this process on SQLite with a local Shopify (test/support/fake-shopify.ts). ${saleSamples} register sales, ` +
        'one every 50 ms, each of its own mapped SKU, timed from the push until the shop shows the new figure: through the ' +
        'durable queue (coalescing window 1 s, drained every 50 ms), beside a direct push without the queue (the sale ' +
        'acknowledged, then inventorySetQuantities by the same connection). Then the reconcile of ' +
        `${reconcileSkus.toLocaleString('en-US')} mapped SKUs (1 % off at the shop), beside reading the shop's figures alone.`,
      columns: ['What', 'Ours', 'Baseline'],
      rows: [
        ['Sale → shop shows it', `queue: ${fmt(viaQueue)}`, `direct push: ${fmt(withoutQueue)}`],
        [
          `Reconcile ${reconcileSkus.toLocaleString('en-US')} SKUs`,
          `${(reconcileMs / 1000).toFixed(1)} s, ${report.repairedCount.toLocaleString('en-US')} repaired`,
          `reading them alone: ${(readMs / 1000).toFixed(1)} s`,
        ],
      ],
      targets: [
        {
          goal: `Sale → channel figure p99 < ${p99Goal / 1000} s (incl. coalescing)`,
          measured: `p99 ${(viaQueue.p99 / 1000).toFixed(2)} s`,
          pass: viaQueue.p99 < p99Goal,
        },
      ],
    };
  } finally {
    await ho.close();
    await ho.database.cleanup();
    await shop.close();
  }
}
