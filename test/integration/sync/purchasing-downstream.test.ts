/**
 * Purchasing downstream against the scripted head office: the store's open purchase orders, the suppliers and
 * the reorder levels reach the register without a restart; a receipt against the order goes up naming it; an
 * order head office expects nothing more of stops being incoming; a bad item is skipped and said.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { pairingCodeAccepted, peerStore, startSyncPeer } from '../../harness/sync-peer.ts';
import { openRegister, waitForStatus, waitUntil } from '../../harness/sync-register.ts';
import { purchaseOrderItem, supplierItem } from '../inventory/purchase-order-fixture.ts';

const afterTest = cleanUpAfterEachTest();

async function connectedRegister() {
  const headOffice = await startSyncPeer();
  afterTest(() => headOffice.close());
  const reg = openRegister();
  afterTest(() => reg.destroy());
  await reg.app.sync.enrollUnattended({
    headOfficeUrl: headOffice.url,
    pairingCode: pairingCodeAccepted,
    registerName: 'Till 1',
  });
  await waitForStatus(reg.app, (s) => s.connected);
  return { reg, headOffice };
}

describe('purchasing streams', () => {
  it('brings the open order, its supplier and reorder levels; the receipt goes up; a closed order stops', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { purchaseOrders, purchaseDrafting, lowStock, receiving, catalog, people } = reg.app.services;
    const product = catalog.lookupCode('PAN-000001')!;
    const order = purchaseOrderItem({
      id: 'po-9',
      storeId: peerStore.storeId,
      lines: [{ sku: product.sku, name: product.name, quantity: 6, unitCostMinor: 120 }],
    });
    headOffice.publish('purchaseOrders', { key: `${peerStore.storeId}:po-9`, data: order });
    // Another store's order never lands here, even if sent.
    headOffice.publish('purchaseOrders', {
      key: 'OTHER:po-x',
      data: { ...order, id: 'po-x', storeId: 'OTHER' },
    });
    headOffice.publish('suppliers', {
      key: 'sup-dairy',
      data: supplierItem('sup-dairy', 'Dairy Co'),
    });
    headOffice.publish('reorder', {
      key: `${peerStore.storeId}:sku:${product.sku}`,
      data: {
        kind: 'sku',
        storeId: peerStore.storeId,
        sku: product.sku,
        levels: { reorderPoint: 10_000, desiredLevel: 10_010, safetyStock: 0 },
      },
    });
    await waitUntil(reg.app, () => purchaseDrafting.suppliers().length === 1 && lowStock.list().length === 1);
    expect(purchaseOrders.openOrders().map((each) => each.purchaseOrderId)).toEqual(['po-9']);
    expect(purchaseOrders.incoming(product.sku)).toBe(6);
    expect(lowStock.list()[0]).toMatchObject({ sku: product.sku, incoming: 6, reorderPoint: 10_000 });

    people.login({ pin: '9999' });
    const receipt = receiving.complete({
      purchaseOrderId: 'po-9',
      lines: [{ productId: product.id, quantity: 4 }],
      unknownLines: [],
    });
    await waitUntil(reg.app, () => headOffice.applied.some((event) => event.seq === receipt.outboxSeq));
    const sent = headOffice.applied.find((event) => event.seq === receipt.outboxSeq)!;
    expect(sent.type).toBe('receipt.completed');
    expect(JSON.parse(sent.payload)).toMatchObject({ purchaseOrderId: 'po-9', lines: [{ quantity: 4 }] });
    expect(purchaseOrders.incoming(product.sku)).toBe(2);

    // Head office counted it and then closed the order short: nothing more is incoming.
    headOffice.publish('purchaseOrders', {
      key: `${peerStore.storeId}:po-9`,
      data: {
        ...order,
        state: 'partly_received',
        receiptIds: [receipt.receiptId],
        lines: [{ ...order.lines[0]!, receivedQuantity: 4 }],
      },
    });
    headOffice.publish('purchaseOrders', { key: `${peerStore.storeId}:po-9`, data: null });
    await waitUntil(reg.app, () => purchaseOrders.openOrders().length === 0);
    expect(purchaseOrders.incoming(product.sku)).toBe(0);
  });

  it('skips an order that does not read and says so, and goes on with the next', async () => {
    const { reg, headOffice } = await connectedRegister();
    const { purchaseOrders, catalog } = reg.app.services;
    const product = catalog.lookupCode('PAN-000001')!;
    headOffice.publish('purchaseOrders', { key: `${peerStore.storeId}:po-bad`, data: { id: 'po-bad' } });
    headOffice.publish('purchaseOrders', {
      key: `${peerStore.storeId}:po-good`,
      data: purchaseOrderItem({
        id: 'po-good',
        storeId: peerStore.storeId,
        lines: [{ sku: product.sku, name: product.name, quantity: 3, unitCostMinor: 100 }],
      }),
    });
    await waitUntil(reg.app, () => purchaseOrders.openOrders().length === 1);
    expect(reg.app.sync.status().lastError).toMatch(/purchase order S1:po-bad/);
  });
});
