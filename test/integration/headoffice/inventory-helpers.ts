/** Receiving, transfer and purchase-order documents as a register sends them (ids begin with their time), for head-office tests. */
import type { GoodsReceiptPayload, UnknownGoodsLine } from '../../../src/shared/documents/goods-receipt.ts';
import type {
  TransferReceivedPayload,
  TransferRequestPayload,
  TransferSentPayload,
} from '../../../src/shared/documents/transfer.ts';
import type { PurchaseOrderDraftedPayload } from '../../../src/shared/documents/purchase-order.ts';
import { newId } from '../../../src/shared/ids.ts';
import type { Who } from './helpers.ts';

const at = (): string => new Date().toISOString();
const named = (lines: { sku: string; quantity: number }[]) =>
  lines.map(({ sku, quantity }) => ({ sku, name: `Product ${sku}`, quantity }));

/** Goods received: each line's quantity, of which `damaged` arrived damaged. */
export function goodsReceipt(
  who: Who,
  lines: { sku: string; quantity: number; damaged?: number; unitCostMinor?: number }[],
  unknownLines: UnknownGoodsLine[] = [],
): GoodsReceiptPayload {
  return {
    receiptId: newId(),
    ...who,
    userId: 'user-2',
    number: `GR-${newId().slice(0, 6)}`,
    completedAt: at(),
    currency: 'EUR',
    supplier: 'Acme Ltd',
    deliveryNote: 'DN-1',
    note: null,
    purchaseOrderId: null,
    lines: lines.map((line, i) => ({
      productId: i + 1,
      sku: line.sku,
      name: `Product ${line.sku}`,
      quantity: line.quantity,
      damaged: line.damaged ?? 0,
      unitCostMinor: line.unitCostMinor ?? null,
    })),
    unknownLines,
  };
}

export function transferRequest(
  who: Who,
  fromStoreId: string,
  lines: { sku: string; quantity: number }[],
): TransferRequestPayload {
  return {
    transferId: newId(),
    ...who,
    fromStoreId,
    userId: 'user-2',
    requestedAt: at(),
    note: null,
    lines: named(lines),
  };
}

export function transferSent(
  who: Who,
  toStoreId: string,
  lines: { sku: string; quantity: number }[],
  transferId: string = newId(),
): TransferSentPayload {
  return {
    transferId,
    ...who,
    toStoreId,
    userId: 'user-2',
    number: `TR-${transferId.slice(0, 6)}`,
    sentAt: at(),
    note: null,
    lines: named(lines),
  };
}

/** The receipt of `sent` at its destination: per SKU what arrived good and damaged (default: all good). */
export function transferReceived(
  who: Who,
  sent: TransferSentPayload,
  arrived: Record<string, { received: number; damaged?: number }> = {},
): TransferReceivedPayload {
  const skus = new Set([...sent.lines.map((line) => line.sku), ...Object.keys(arrived)]);
  return {
    transferId: sent.transferId,
    ...who,
    fromStoreId: sent.storeId,
    userId: 'user-3',
    receivedAt: at(),
    note: null,
    lines: [...skus].map((sku) => {
      const line = sent.lines.find((each) => each.sku === sku);
      const got = arrived[sku] ?? { received: line?.quantity ?? 0 };
      return {
        sku,
        name: `Product ${sku}`,
        sent: line?.quantity ?? 0,
        received: got.received,
        damaged: got.damaged ?? 0,
      };
    }),
  };
}

/** A store manager's draft purchase order; a line's unit cost left out is the supplier item's at head office. */
export function purchaseOrderDraft(
  who: Who,
  supplierId: string,
  lines: { sku: string; quantity: number; unitCostMinor?: number }[],
): PurchaseOrderDraftedPayload {
  return {
    purchaseOrderId: newId(),
    ...who,
    userId: 'user-2',
    supplierId,
    draftedAt: at(),
    expectedAt: null,
    note: null,
    lines: lines.map((line) => ({ ...named([line])[0]!, unitCostMinor: line.unitCostMinor ?? null })),
  };
}
