/**
 * 'sale.completed': a row in `sales` (its lines stay in the payload, received.ts reads them there), its goods
 * leave the store's stock, and head office compares its prices with the catalog's and its currency with the
 * store's. A sale names no other document that head office acts on.
 */
import type { Insertable } from 'kysely';
import type { saleCompleted, SalePayload } from '../../shared/documents/sale.ts';
import type { SalesTable } from '../db/schema.ts';
import { currencyFindings } from './currency.ts';
import { insertDocuments, type Origin } from './document-rows.ts';
import { foundAt, lineMovements, type DocumentHandler, type RegisterFinding } from './handler.ts';

/** A sale's row: its header and totals. */
export function saleRow(sale: SalePayload, origin: Origin, receivedAt: string): Insertable<SalesTable> {
  return {
    sale_id: sale.saleId,
    ...origin,
    receipt_number: sale.receiptNumber,
    completed_at: sale.completedAt,
    received_at: receivedAt,
    currency: sale.currency,
    prices_include_tax: sale.totals.pricesIncludeTax ? 1 : 0,
    subtotal_minor: sale.totals.subtotalMinor,
    tax_minor: sale.totals.taxMinor,
    total_minor: sale.totals.totalMinor,
    change_minor: sale.changeMinor,
    tenders: JSON.stringify(sale.tenders),
    user_id: sale.userId,
    shift_id: sale.shiftId,
    customer_id: sale.customerId ?? null,
  };
}

const describe = (sale: SalePayload): string => `Sale ${sale.saleId} (receipt ${sale.receiptNumber})`;

export const saleHandler: DocumentHandler<typeof saleCompleted.type> = {
  rows: {
    key: (sale) => sale.saleId,
    describe,
    insert: (batch, docs) =>
      insertDocuments(batch, 'sales', 'sale_id', docs, (sale, origin) =>
        saleRow(sale, origin, batch.receivedAt),
      ),
  },

  movements: ({ register, seq, payload: sale }) =>
    lineMovements({ register, seq, ref: sale.saleId, occurredAt: sale.completedAt }, sale.lines, (line) => [
      { reason: 'SALE', quantity: -line.quantity },
    ]),

  async check(batch, docs) {
    const findings: RegisterFinding[] = await currencyFindings(
      batch,
      docs,
      (sale) => sale.currency,
      describe,
    );
    for (const { register, seq, payload: sale } of docs) {
      for (const line of sale.lines) {
        const price = batch.prices.get(line.sku);
        if (price === undefined || price === line.unitPriceMinor) continue;
        findings.push(
          foundAt(register)({
            seq,
            kind: 'price_mismatch',
            sku: line.sku,
            details:
              `Sale ${sale.receiptNumber} sold SKU ${line.sku} at ${line.unitPriceMinor}; head office's price is ${price} (minor units)` +
              (line.priceOverride ? `. Changed at the register: ${line.priceOverride.reason}.` : '.'),
          }),
        );
      }
    }
    return findings;
  },

  countInShift: (_db, _register, shiftId, docs) => ({
    documents: { sales: docs.map((doc) => doc.payload).filter((sale) => sale.shiftId === shiftId) },
    missing: [],
  }),
};
