/**
 * Receiving goods, against a purchase order or without one: one transaction writes the 'receipt.completed'
 * document, its outbox event, its stock movements (good units on hand, damaged units to the damaged state, both
 * RECEIVE) and the audit entry, and throws away the receipt in progress it was resumed from. A barcode nobody
 * could match is kept as an unknown line in the document for head office to resolve; it moves no stock here.
 *
 * Against an order (one open here, from the 'purchaseOrders' stream): a line without a unit cost takes the
 * order's; a SKU not on the order is received and flagged (`notOnOrder`); a line that takes the SKU's received
 * total beyond ordered + the store's tolerance needs 'receiving.overTolerance' (a manager), audited with the
 * lines it allowed.
 */
import { createListeners, type StockDocumentDeps } from './stock-documents.ts';
import { receiptCompleted, type GoodsReceiptPayload } from '../../shared/documents/goods-receipt.ts';
import type { ProductHit } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import {
  defaultReceivingTolerancePercent,
  type ShelfLabel,
  type ShelfLabelMode,
} from '../../shared/purchase-receiving.ts';
import type { GoodsReceiptDocument, GoodsReceiptInput } from '../../shared/receiving.ts';
import type { ScannedUnits } from '../../shared/purchase-receiving.ts';
import type { PurchaseOrdersService } from './purchase-orders.ts';
import { pickedProduct } from './catalog.ts';
import { resolveScan } from './sale/scan.ts';
import type { SettingsService } from './settings.ts';
import { CounterError } from '../../shared/errors.ts';

export interface ReceivingService {
  /**
   * A scanned or typed code: the product it is and how many units it counts for (a case barcode on the order
   * being received counts a whole pack, a scale label the grams it weighs, a weighed product's plain code 0:
   * type its weight), or null (the screen keeps it as an unknown line).
   */
  lookup(code: string, purchaseOrderId?: string): ScannedUnits | null;
  /** `input` as the contract's schema checked it. */
  complete(input: GoodsReceiptInput): GoodsReceiptDocument;
  /** This register's receipts, newest first. */
  recent(limit: number): GoodsReceiptDocument[];
  /** Called after each receipt commits (its summary prints). A throwing listener is only logged. */
  onReceived(listener: (receipt: GoodsReceiptDocument) => void): () => void;
}

export interface ReceivingDeps extends StockDocumentDeps {
  settings: Pick<SettingsService, 'store' | 'register' | 'barcodeOptions'>;
  purchaseOrders: Pick<PurchaseOrdersService, 'figures' | 'discardDraft' | 'caseOf'>;
}

export function createReceivingService(deps: ReceivingDeps): ReceivingService {
  const { db, events, now, settings, catalog, record, people, audit, appendOutbox } = deps;
  const { counters, purchaseOrders } = deps;
  const insert = db.prepare<[string, string, string, string, number, string, string | null]>(
    `INSERT INTO goods_receipts (receipt_id, number, user_id, completed_at, outbox_seq, document,
       purchase_order_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const recentRows = db
    .prepare<[number], string>(
      'SELECT document FROM goods_receipts ORDER BY completed_at DESC, number DESC LIMIT ?',
    )
    .pluck();
  const listeners = createListeners<GoodsReceiptDocument>('receiving');

  const documentOf = (json: string): GoodsReceiptDocument => JSON.parse(json) as GoodsReceiptDocument;

  const commit = db.transaction((input: GoodsReceiptInput): GoodsReceiptDocument => {
    const who = people.check('stock.receive', input.approval);
    const register = settings.register();
    const completedAt = now().toISOString();
    const purchaseOrderId = input.purchaseOrderId ?? null;
    const order = purchaseOrderId === null ? null : purchaseOrders.figures(purchaseOrderId);
    const products = input.lines.map((line) => {
      const product = pickedProduct(
        catalog,
        line.productId,
        'A product on the list is not in the catalog any more: remove it and scan it again.',
      );
      return product;
    });
    const lines = input.lines.map((line, i) => {
      const product = products[i]!;
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        damaged: line.damaged ?? 0,
        unitCostMinor: line.unitCostMinor ?? order?.get(product.sku)?.unitCostMinor ?? null,
      };
    });
    const notOnOrder = order ? lines.filter((line) => !order.has(line.sku)).map((line) => line.sku) : [];
    const tolerance = settings.store().receivingTolerancePercent ?? defaultReceivingTolerancePercent;
    const over = order
      ? lines.flatMap((line) => {
          const figures = order.get(line.sku);
          if (!figures) return [];
          const total = figures.receivedSoFar + line.quantity;
          return total * 100 > figures.ordered * (100 + tolerance)
            ? [{ sku: line.sku, ordered: figures.ordered, received: total }]
            : [];
        })
      : [];
    if (over.length > 0) {
      const allowed = people.check('receiving.overTolerance', input.approval);
      audit.record({
        action: 'receiving.overTolerance',
        ...allowed,
        details: { purchaseOrderId, tolerancePercent: tolerance, lines: over },
      });
    }
    const payload: GoodsReceiptPayload = {
      receiptId: newId(),
      storeId: register.storeId,
      registerId: register.registerId,
      userId: who.userId,
      number: counters.nextNumber('goods-receipt', `${register.receiptPrefix}GR-`),
      completedAt,
      currency: settings.store().currency,
      supplier: input.supplier ?? null,
      deliveryNote: input.deliveryNote ?? null,
      note: input.note ?? null,
      purchaseOrderId,
      lines,
      unknownLines: input.unknownLines,
    };
    const outboxSeq = appendOutbox(receiptCompleted.type, completedAt, payload);
    const receipt: GoodsReceiptDocument = {
      ...payload,
      outboxSeq,
      userName: people.userRef(who.userId).name,
      notOnOrder,
      labels: shelfLabels(input.labels ?? 'none', lines, products),
    };
    insert.run(
      payload.receiptId,
      payload.number,
      who.userId,
      completedAt,
      outboxSeq,
      JSON.stringify(receipt),
      purchaseOrderId,
    );
    purchaseOrders.discardDraft(purchaseOrderId);
    const movement = {
      reason: 'RECEIVE',
      document: { kind: receiptCompleted.type, id: payload.receiptId },
      outboxSeq,
      userId: who.userId,
      occurredAt: completedAt,
    } as const;
    for (const line of lines) {
      const good = line.quantity - line.damaged;
      if (good > 0) record({ ...movement, productId: line.productId, delta: good });
      if (line.damaged > 0)
        record({ ...movement, productId: line.productId, state: 'damaged', delta: line.damaged });
    }
    audit.record({
      action: 'stock.receive',
      ...who,
      details: {
        receiptId: payload.receiptId,
        number: payload.number,
        supplier: payload.supplier,
        deliveryNote: payload.deliveryNote,
        purchaseOrderId,
        notOnOrder,
        units: lines.reduce((sum, line) => sum + line.quantity, 0),
        damaged: lines.reduce((sum, line) => sum + line.damaged, 0),
        unknownLines: payload.unknownLines.length,
      },
    });
    return receipt;
  });

  return {
    lookup: (code, purchaseOrderId) => {
      const pack = purchaseOrderId === undefined ? null : purchaseOrders.caseOf(purchaseOrderId, code);
      if (pack) {
        const product = catalog.lookupCode(pack.sku);
        return product === null ? null : { product, units: pack.packSize };
      }
      try {
        // Read as the sale reads it: a scale label gives the grams it weighs (or its price works them out).
        const { product, quantity } = resolveScan(catalog, code, settings.barcodeOptions(), now());
        // A weighed product's plain code says nothing of its weight: 0, and the screen asks for it.
        return { product, units: quantity ?? (product.unit === 'kg' ? 0 : 1) };
      } catch (error) {
        if (error instanceof CounterError && error.code === 'UNKNOWN_BARCODE') return null;
        throw error;
      }
    },
    complete: (input) => {
      const receipt = commit.immediate(input);
      events.emit('stock.changed', { productIds: [...new Set(receipt.lines.map((line) => line.productId))] });
      listeners.tell(receipt);
      return receipt;
    },
    recent: (limit) => recentRows.all(limit).map(documentOf),
    onReceived: listeners.add,
  };
}

/** The labels of the good units received: one per unit or one per line, with the product's shelf price. */
function shelfLabels(
  mode: ShelfLabelMode,
  lines: { quantity: number; damaged: number }[],
  products: ProductHit[],
): ShelfLabel[] {
  if (mode === 'none') return [];
  return lines.flatMap((line, i) => {
    const product = products[i]!;
    const good = line.quantity - line.damaged;
    if (good <= 0) return [];
    return [
      {
        sku: product.sku,
        name: product.name,
        priceMinor: product.priceMinor,
        code: product.barcodes[0] ?? product.sku,
        copies: mode === 'unit' ? good : 1,
      },
    ];
  });
}
