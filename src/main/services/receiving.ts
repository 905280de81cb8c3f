/**
 * Receiving goods without a purchase order: one transaction writes the 'receipt.completed' document, its outbox
 * event, its stock movements (good units on hand, damaged units to the damaged state, both RECEIVE) and the audit
 * entry. A barcode nobody could match is kept as an unknown line in the document for head office to resolve;
 * it moves no stock here.
 */
import { createListeners, type StockDocumentDeps } from './stock-documents.ts';
import { receiptCompleted, type GoodsReceiptPayload } from '../../shared/documents/goods-receipt.ts';
import type { ProductHit } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { GoodsReceiptDocument, GoodsReceiptInput } from '../../shared/receiving.ts';

export interface ReceivingService {
  /** A scanned or typed code: the product it is, or null (the screen keeps it as an unknown line). */
  lookup(code: string): ProductHit | null;
  /** `input` as the contract's schema checked it. */
  complete(input: GoodsReceiptInput): GoodsReceiptDocument;
  /** This register's receipts, newest first. */
  recent(limit: number): GoodsReceiptDocument[];
  /** Called after each receipt commits (its summary prints). A throwing listener is only logged. */
  onReceived(listener: (receipt: GoodsReceiptDocument) => void): () => void;
}

export type ReceivingDeps = StockDocumentDeps;

export function createReceivingService(deps: ReceivingDeps): ReceivingService {
  const { db, events, now, settings, catalog, record, people, audit, appendOutbox } = deps;
  const nextNumber = db
    .prepare<[], number>(
      `INSERT INTO counters (name, value) VALUES ('goods-receipt', 1)
       ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
    )
    .pluck();
  const insert = db.prepare<[string, string, string, string, number, string]>(
    `INSERT INTO goods_receipts (receipt_id, number, user_id, completed_at, outbox_seq, document)
     VALUES (?, ?, ?, ?, ?, ?)`,
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
    const lines = input.lines.map((line) => {
      const product = catalog.productById(line.productId);
      if (!product)
        throw new CounterError(
          'NOT_FOUND',
          'A product on the list is not in the catalog any more: remove it and scan it again.',
        );
      return {
        productId: product.id,
        sku: product.sku,
        name: product.name,
        quantity: line.quantity,
        damaged: line.damaged ?? 0,
        unitCostMinor: line.unitCostMinor ?? null,
      };
    });
    const payload: GoodsReceiptPayload = {
      receiptId: newId(),
      storeId: register.storeId,
      registerId: register.registerId,
      userId: who.userId,
      number: `${register.receiptPrefix}GR-${String(nextNumber.get()!).padStart(6, '0')}`,
      completedAt,
      currency: settings.store().currency,
      supplier: input.supplier ?? null,
      deliveryNote: input.deliveryNote ?? null,
      note: input.note ?? null,
      purchaseOrderId: null,
      lines,
      unknownLines: input.unknownLines,
    };
    const outboxSeq = appendOutbox(receiptCompleted.type, completedAt, payload);
    const receipt: GoodsReceiptDocument = {
      ...payload,
      outboxSeq,
      userName: people.userRef(who.userId).name,
    };
    insert.run(
      payload.receiptId,
      payload.number,
      who.userId,
      completedAt,
      outboxSeq,
      JSON.stringify(receipt),
    );
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
        units: lines.reduce((sum, line) => sum + line.quantity, 0),
        damaged: lines.reduce((sum, line) => sum + line.damaged, 0),
        unknownLines: payload.unknownLines.length,
      },
    });
    return receipt;
  });

  return {
    lookup: (code) => catalog.lookupCode(code),
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
