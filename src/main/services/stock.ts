/**
 * The stock ledger: append-only movements, each of one state (on hand, damaged, committed, in transit), with a
 * balance projection moved in the same transaction; a check that rebuilds every state from the movements; and
 * the figures the counter and the Stock screen show.
 *
 * Every document that moves stock (a sale, a return, an adjustment, later counts, receipts and transfers) calls
 * `record` inside its own transaction, once per state it changes: a move between states is two movements of the
 * same document (−1 on hand, +1 damaged).
 */
import { kindOf, type DocumentType } from '../../shared/documents/registry.ts';
import type {
  Availability,
  StockCheckReport,
  StockDifference,
  StockLine,
  StockMovementView,
} from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import {
  adjustmentReasons,
  availableToSell,
  noStock,
  stockStates,
  type AdjustmentReason,
  type MovementReason,
  type StockFigures,
  type StockState,
} from '../../shared/stock.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from './catalog.ts';
import { createStoreStockView } from '../sync/store-stock.ts';

/** A document kind of the registry, or stock that arrived with a catalog import (never sent to head office). */
export type MovementDocumentKind = DocumentType | 'catalog.import';

export interface Movement {
  productId: number;
  /** Default on hand. */
  state?: StockState;
  /** Signed change in base units; a COUNT records the difference the count found. */
  delta: number;
  reason: MovementReason;
  /** The document it belongs to. */
  document: { kind: MovementDocumentKind; id: string };
  /** The seq of the document's outbox event; null for a document head office never gets. */
  outboxSeq: number | null;
  /** Who made the document. */
  userId: string | null;
  occurredAt: string;
}

/** Appends a movement and moves the balance of its state with it. Call it inside the document's transaction. */
export type RecordMovement = (movement: Movement) => void;

export function createMovementRecorder(db: Db): RecordMovement {
  const insertMovement = db.prepare<
    [number, StockState, number, MovementReason, string, string, number | null, string | null, string]
  >(
    `INSERT INTO stock_movements (product_id, state, delta, reason, document_kind, document_id, outbox_seq, user_id,
       occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const moveBalance = db.prepare<[number, number, number, number, number]>(
    `INSERT INTO stock_balances (product_id, on_hand, damaged, committed, in_transit) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(product_id) DO UPDATE SET on_hand = on_hand + excluded.on_hand,
       damaged = damaged + excluded.damaged, committed = committed + excluded.committed,
       in_transit = in_transit + excluded.in_transit`,
  );
  return ({ productId, state = 'on_hand', delta, reason, document, outboxSeq, userId, occurredAt }) => {
    insertMovement.run(
      productId,
      state,
      delta,
      reason,
      document.kind,
      document.id,
      outboxSeq,
      userId,
      occurredAt,
    );
    const by = (each: StockState): number => (each === state ? delta : 0);
    moveBalance.run(productId, by('on_hand'), by('damaged'), by('committed'), by('in_transit'));
  };
}

export interface StockService {
  /** On hand from the balance projection; 0 for a product that never moved. */
  onHand(productId: number): number;
  /** Every state of the ledger's own balance (not head office's figure). */
  ledgerFigures(productId: number): StockFigures;
  /** Every state here as the counter shows it: head office's figure plus what it has not applied yet. */
  figuresHere(productId: number): StockFigures;
  availability(productId: number): Availability;
  /** The Stock screen's list: a search (code or name words) or a category, each product with its figures here. */
  list(query: { search?: string; category?: string; limit?: number }): StockLine[];
  /** The categories of the catalog, for the Stock screen's picker. */
  categories(): string[];
  /** The latest movements of one product here, newest first; `beforeId` pages on. */
  movements(productId: number, page?: { beforeId?: number; limit?: number }): StockMovementView[];
  /** Rebuilds every state from the movements and reports where the projection differs; `repair` rewrites it. */
  check(options?: { repair?: boolean }): StockCheckReport;
  record: RecordMovement;
}

export interface StockServiceDeps {
  db: Db;
  events: EventBus;
  catalog: Pick<CatalogService, 'productById' | 'search'>;
  record: RecordMovement;
  /** Units of a SKU on this store's open purchase orders, not received yet. */
  incoming: (sku: string) => number;
}

const defaultListLimit = 50;
const defaultMovementLimit = 30;

export function createStockService({
  db,
  events,
  catalog,
  record,
  incoming,
}: StockServiceDeps): StockService {
  const balance = db.prepare<[number], StockFigures>(
    'SELECT on_hand, damaged, committed, in_transit FROM stock_balances WHERE product_id = ?',
  );
  const productCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM products');
  // Every product × state whose balance is not the sum of its movements.
  const differences = db.prepare<[], StockDifference>(
    `WITH states(state) AS (VALUES ${stockStates.map((state) => `('${state}')`).join(', ')}),
     moved AS (SELECT product_id, state, sum(delta) AS total FROM stock_movements GROUP BY product_id, state),
     projected AS (
       ${stockStates.map((state) => `SELECT product_id, '${state}' AS state, ${state} AS quantity FROM stock_balances`).join(' UNION ALL ')})
     SELECT p.id AS productId, p.sku, s.state, coalesce(b.quantity, 0) AS projected,
       coalesce(m.total, 0) AS fromMovements
     FROM products p CROSS JOIN states s
     LEFT JOIN projected b ON b.product_id = p.id AND b.state = s.state
     LEFT JOIN moved m ON m.product_id = p.id AND m.state = s.state
     WHERE coalesce(b.quantity, 0) <> coalesce(m.total, 0)
     ORDER BY p.id, s.state`,
  );
  const ensureBalance = db.prepare<[number]>(
    'INSERT INTO stock_balances (product_id, on_hand) VALUES (?, 0) ON CONFLICT(product_id) DO NOTHING',
  );
  const setState = Object.fromEntries(
    stockStates.map((state) => [
      state,
      db.prepare<[number, number]>(`UPDATE stock_balances SET ${state} = ? WHERE product_id = ?`),
    ]),
  ) as Record<StockState, ReturnType<typeof db.prepare<[number, number]>>>;
  const inCategory = db.prepare<[string, number], { id: number }>(
    `SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
     WHERE c.name = ? AND p.active = 1 ORDER BY p.name, p.id LIMIT ?`,
  );
  const categoryNames = db.prepare<[], { name: string }>(
    `SELECT c.name FROM categories c WHERE EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id)
     ORDER BY c.name`,
  );
  const movementRows = db.prepare<
    { productId: number; beforeId: number; limit: number },
    {
      id: number;
      state: StockState;
      delta: number;
      reason: MovementReason;
      document_kind: string | null;
      document_id: string | null;
      adjustment_reason: AdjustmentReason | null;
      custom_reason: string | null;
      user_name: string | null;
      occurred_at: string;
    }
  >(
    `SELECT m.id, m.state, m.delta, m.reason, m.document_kind, m.document_id, a.reason AS adjustment_reason,
       a.custom_reason, u.name AS user_name, m.occurred_at
     FROM stock_movements m
     LEFT JOIN adjustments a ON m.reason = 'ADJUST' AND a.adjustment_id = m.document_id
     LEFT JOIN users u ON u.user_id = m.user_id
     WHERE m.product_id = @productId AND m.id < @beforeId
     ORDER BY m.id DESC LIMIT @limit`,
  );

  const ledgerFigures = (productId: number): StockFigures => balance.get(productId) ?? { ...noStock };
  // Head office's figures (this store's and the others'), once sync has brought any.
  const storeStock = createStoreStockView(db);
  const figuresHere = (productId: number, sku: string): StockFigures =>
    storeStock.figuresHere(productId, sku, ledgerFigures(productId));
  const lineOf = (productId: number): StockLine | null => {
    const hit = catalog.productById(productId);
    if (!hit) return null;
    const { onHand: _shown, ...product } = hit;
    const here = figuresHere(product.id, product.sku);
    return { product, here, availableHere: availableToSell(here), incomingHere: incoming(product.sku) };
  };

  // Read and rewrite in one transaction, so no sale can slip in between the comparison and the repair.
  const checkAndRepair = db.transaction((repair: boolean): StockCheckReport => {
    const found = differences.all();
    if (repair) {
      for (const difference of found) {
        ensureBalance.run(difference.productId);
        setState[difference.state].run(difference.fromMovements, difference.productId);
      }
    }
    return {
      productsChecked: productCount.get()?.n ?? 0,
      differences: found,
      repaired: repair && found.length > 0,
    };
  });

  return {
    onHand: (productId) => balance.get(productId)?.on_hand ?? 0,
    ledgerFigures,
    figuresHere: (productId) => {
      const line = lineOf(productId);
      if (!line) throw notInCatalog();
      return line.here;
    },
    record,
    availability: (productId) => {
      const line = lineOf(productId);
      if (!line) throw notInCatalog();
      return {
        product: line.product,
        onHandHere: line.here.on_hand,
        here: line.here,
        availableHere: line.availableHere,
        incomingHere: line.incomingHere,
        otherStores: storeStock.otherStores(line.product.sku),
      };
    },
    list: ({ search, category, limit = defaultListLimit }) => {
      const ids =
        category !== undefined
          ? inCategory.all(category, limit).map((row) => row.id)
          : catalog.search(search ?? '', limit).map((hit) => hit.id);
      return ids.map(lineOf).filter((line) => line !== null);
    },
    categories: () => categoryNames.all().map((row) => row.name),
    movements: (productId, { beforeId = Number.MAX_SAFE_INTEGER, limit = defaultMovementLimit } = {}) =>
      movementRows.all({ productId, beforeId, limit }).map((row) => ({
        id: row.id,
        state: row.state,
        delta: row.delta,
        reason: row.reason,
        documentLabel: documentLabel(row.document_kind),
        documentId: row.document_id,
        detail: row.adjustment_reason ? adjustmentReasons[row.adjustment_reason].label : row.custom_reason,
        userName: row.user_name,
        occurredAt: row.occurred_at,
      })),
    check: (options = {}) => {
      const report = checkAndRepair.immediate(options.repair ?? false);
      if (report.repaired) {
        events.emit('stock.changed', {
          productIds: [...new Set(report.differences.map((difference) => difference.productId))],
        });
      }
      return report;
    },
  };
}

const notInCatalog = (): CounterError =>
  new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');

function documentLabel(kind: string | null): string | null {
  if (kind === null) return null;
  if (kind === 'catalog.import') return 'Catalog import';
  return kindOf(kind)?.label ?? kind;
}
