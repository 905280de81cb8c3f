/**
 * An open sale put straight into a register's ledger as the draft it restores at its next start: how a sale rung
 * up by an earlier version (before a line limit, say) looks to the version after an update.
 */
import type Database from 'better-sqlite3';
import type { ProductHit } from '../../src/shared/domain.ts';
import { newId } from '../../src/shared/ids.ts';

/**
 * Replaces the open sale with one of `count` lines of `product`, each changed by `line` (name, discount…); the
 * register must be closed and started again to see it. Returns the sale id.
 */
export function writeOpenSaleDraft(
  db: Database.Database,
  product: ProductHit,
  count: number,
  line: Record<string, unknown> = {},
): string {
  const lines = Array.from({ length: count }, () => ({
    lineId: newId(),
    productId: product.id,
    sku: product.sku,
    name: product.name,
    unit: product.unit,
    quantity: product.unit === 'kg' ? 1000 : 1,
    unitPriceMinor: product.priceMinor,
    taxCode: product.taxCode,
    ...line,
  }));
  const saleId = newId();
  const at = new Date().toISOString();
  db.prepare('DELETE FROM open_sales').run();
  db.prepare('INSERT INTO open_sales (sale_id, started_at, updated_at, draft) VALUES (?, ?, ?, ?)').run(
    saleId,
    at,
    at,
    JSON.stringify({ saleId, startedAt: at, lines, tenders: [] }),
  );
  return saleId;
}
