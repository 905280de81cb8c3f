/**
 * The stock ledger: append-only movements with a balance projection moved in the same transaction, a check that
 * rebuilds the projection from the movements, and availability at the counter.
 */
import type { Availability, StockCheckReport, StockDifference } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from './catalog.ts';
import { createStoreStockView } from '../sync/store-stock.ts';

export type MovementReason = 'SALE' | 'RETURN' | 'RECEIVE' | 'ADJUST' | 'COUNT' | 'VOID';

export interface Movement {
  productId: number;
  /** Signed change in base units; a COUNT records the difference the count found. */
  delta: number;
  reason: MovementReason;
  /** The document that caused it: a sale id, an import batch. */
  refId: string | null;
  occurredAt: string;
}

/** Appends a movement and moves the balance with it. Call it inside the business action's transaction. */
export type RecordMovement = (movement: Movement) => void;

export function createMovementRecorder(db: Db): RecordMovement {
  const insertMovement = db.prepare<[number, number, string, string | null, string]>(
    'INSERT INTO stock_movements (product_id, delta, reason, ref_id, occurred_at) VALUES (?, ?, ?, ?, ?)',
  );
  const moveBalance = db.prepare<[number, number]>(
    `INSERT INTO stock_balances (product_id, on_hand) VALUES (?, ?)
     ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
  );
  return ({ productId, delta, reason, refId, occurredAt }) => {
    insertMovement.run(productId, delta, reason, refId, occurredAt);
    moveBalance.run(productId, delta);
  };
}

export interface StockService {
  /** On hand from the balance projection; 0 for a product that never moved. */
  onHand(productId: number): number;
  availability(productId: number): Availability;
  /** Rebuilds on hand from the movements and reports where the projection differs; `repair` rewrites it. */
  check(options?: { repair?: boolean }): StockCheckReport;
  record: RecordMovement;
}

export interface StockServiceDeps {
  db: Db;
  events: EventBus;
  catalog: Pick<CatalogService, 'productById'>;
  record: RecordMovement;
}

export function createStockService({ db, events, catalog, record }: StockServiceDeps): StockService {
  const balance = db.prepare<[number], { on_hand: number }>(
    'SELECT on_hand FROM stock_balances WHERE product_id = ?',
  );
  const productCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products');
  const differences = db.prepare<[], StockDifference>(
    `SELECT p.id AS productId, p.sku, coalesce(b.on_hand, 0) AS projected, coalesce(m.total, 0) AS fromMovements
     FROM products p
     LEFT JOIN stock_balances b ON b.product_id = p.id
     LEFT JOIN (SELECT product_id, sum(delta) AS total FROM stock_movements GROUP BY product_id) m
       ON m.product_id = p.id
     WHERE coalesce(b.on_hand, 0) <> coalesce(m.total, 0)
     ORDER BY p.id`,
  );
  const setBalance = db.prepare<[number, number]>(
    `INSERT INTO stock_balances (product_id, on_hand) VALUES (?, ?)
     ON CONFLICT(product_id) DO UPDATE SET on_hand = excluded.on_hand`,
  );

  const onHand = (productId: number): number => balance.get(productId)?.on_hand ?? 0;
  // Head office's figures (this store's and the others'), once sync has brought any.
  const storeStock = createStoreStockView(db);

  // Read and rewrite in one transaction, so no sale can slip in between the comparison and the repair.
  const checkAndRepair = db.transaction((repair: boolean): StockCheckReport => {
    const found = differences.all();
    if (repair)
      for (const difference of found) setBalance.run(difference.productId, difference.fromMovements);
    return {
      productsChecked: productCount.get()?.n ?? 0,
      differences: found,
      repaired: repair && found.length > 0,
    };
  });

  return {
    onHand,
    record,
    availability: (productId) => {
      const hit = catalog.productById(productId);
      if (!hit)
        throw new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');
      const { onHand: localOnHand, ...product } = hit;
      return {
        product,
        onHandHere: storeStock.onHandHere(product.id, product.sku, localOnHand),
        otherStores: storeStock.otherStores(product.sku),
      };
    },
    check: (options = {}) => {
      const report = checkAndRepair.immediate(options.repair ?? false);
      if (report.repaired) {
        events.emit('stock.changed', {
          productIds: report.differences.map((difference) => difference.productId),
        });
      }
      return report;
    },
  };
}
