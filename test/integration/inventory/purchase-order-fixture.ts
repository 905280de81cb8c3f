/** A purchase order and a supplier as head office sends them down ('purchaseOrders', 'suppliers'), for register tests. */
import type { PurchaseOrderItem, SupplierStreamItem } from '../../../src/shared/purchasing.ts';

export function supplierItem(id: string, name: string): SupplierStreamItem {
  return { id, name, contact: null, email: null, currency: 'EUR', leadTimeDays: 2, minimumOrderMinor: 0 };
}

type LineOf = Pick<PurchaseOrderItem['lines'][number], 'sku' | 'name' | 'quantity' | 'unitCostMinor'> &
  Partial<PurchaseOrderItem['lines'][number]>;

export function purchaseOrderItem(
  order: Partial<Omit<PurchaseOrderItem, 'lines'>> & { lines: LineOf[] },
): PurchaseOrderItem {
  const lines = order.lines.map((line) => ({
    supplierCode: null,
    packSize: 1,
    caseBarcode: null,
    receivedQuantity: 0,
    flagged: false,
    ...line,
  }));
  return {
    id: 'po-1',
    number: 'PO-000123',
    supplierId: 'sup-dairy',
    supplierName: 'Dairy Co',
    storeId: 'DEMO-01',
    state: 'ordered',
    currency: 'EUR',
    totalMinor: lines.reduce((sum, line) => sum + line.quantity * line.unitCostMinor, 0),
    note: null,
    createdBy: 'user:buyer',
    createdAt: '2026-12-06T09:00:00.000Z',
    orderedAt: '2026-12-06T10:00:00.000Z',
    expectedAt: '2026-12-08',
    updatedAt: '2026-12-06T10:00:00.000Z',
    updatedBy: 'user:buyer',
    receiptIds: [],
    ...order,
    lines,
  };
}
