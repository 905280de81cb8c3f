/**
 * The open sale and its completion. The open sale lives here in main and is saved as a draft on every change, so
 * a crash or restart restores the cart. `complete()` is the one place a sale is written to the ledger.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  CompletedSale,
  OpenSale,
  ProductHit,
  Receipt,
  SaleLine,
  StockWarning,
  TaxSummary,
  Tender,
  TenderKind,
  Unit,
} from '../../shared/domain.ts';
import {
  embeddedItemBarcode,
  gtinLookupKeys,
  parseBarcode,
  type BarcodeOptions,
} from '../../shared/barcode.ts';
import { CounterError } from '../../shared/errors.ts';
import { formatMoney, mulDivRound } from '../../shared/money.ts';
import { priceSale } from '../../shared/tax.ts';
import { maxCardAmount, settle } from '../../shared/tender.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { CatalogService } from './catalog.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement, StockService } from './stock.ts';

export type CompletedListener = (sale: CompletedSale) => void;

export interface SalesService {
  current(): OpenSale;
  /** Adds what a scanned or typed code refers to (barcode, then SKU). */
  scan(code: string): OpenSale;
  /** Pieces for 'each' (default 1; adds to an existing line), grams for 'kg' (required; always a new line). */
  addProduct(productId: number, quantity?: number): OpenSale;
  setQuantity(lineId: string, quantity: number): OpenSale;
  removeLine(lineId: string): OpenSale;
  /** Card may not exceed what is due; cash may, and the difference is change. */
  addTender(kind: TenderKind, amountMinor: number): OpenSale;
  removeTender(tenderId: string): OpenSale;
  /** Drops the open sale and starts a new one; nothing is written to the ledger. */
  cancel(): OpenSale;
  /** Writes the sale, its stock movements and its outbox event in one transaction. */
  complete(): CompletedSale;
  receipt(saleId: string): Receipt;
  /** Called after each completed sale commits (printing, the sync pump). A throwing listener is only logged. */
  onCompleted(listener: CompletedListener): () => void;
  close(): void;
}

export interface SalesServiceDeps {
  db: Db;
  events: EventBus;
  now: () => Date;
  settings: SettingsService;
  catalog: Pick<CatalogService, 'lookupCode' | 'productById'>;
  stock: Pick<StockService, 'onHand'>;
  record: RecordMovement;
}

/** A line as rung up: the price is kept from that moment, not looked up again. */
interface DraftLine {
  lineId: string;
  productId: number;
  sku: string;
  name: string;
  unit: Unit;
  quantity: number;
  unitPriceMinor: number;
  taxCode: string;
  /** Set when the item's label gave the price (see ScanMatch); the line then costs exactly that. */
  labelPriceMinor?: number;
}

/** What open_sales.draft holds; everything else in OpenSale is computed from it. */
interface Draft {
  saleId: string;
  startedAt: string;
  lines: DraftLine[];
  tenders: Tender[];
}

type PricedDraft = Omit<OpenSale, 'stockWarnings'>;

const maxQuantity = 1_000_000;
const outboxSchemaVersion = 1;

/** What a scan adds: the product, and what its barcode says about how much. */
export interface ScanMatch {
  product: ProductHit;
  /** Grams of a product sold by kg, from a weight- or price-embedded code or GS1 AI 310n. */
  quantity?: number;
  /**
   * The price on the item's label (price-embedded code, GS1 AI 392n): the line's amount, since that is what the
   * customer was shown. The line keeps the catalog's unit price and is taxed on this amount like any other; for
   * goods sold by kg, the grams are worked back from it (when the code carries no weight) for the stock count,
   * so the receipt's "kg × price/kg" may differ from the label by rounding, never the amount charged.
   */
  labelPriceMinor?: number;
}

const GRAMS_PER_KG = 1000;

function unknownCode(code: string): CounterError {
  return new CounterError(
    'UNKNOWN_BARCODE',
    `No product has the code ${code}: check the barcode, or search for the product by name.`,
  );
}

/** The product under any of a GTIN's forms: a catalog may hold 13 digits where a scanner sends 12 or 14. */
function lookupGtin(catalog: Pick<CatalogService, 'lookupCode'>, gtin: string): ProductHit | null {
  for (const key of gtinLookupKeys(gtin)) {
    const product = catalog.lookupCode(key);
    if (product) return product;
  }
  return null;
}

/**
 * What a code's weight and label price mean for this product. A weight sets the grams of goods sold by kg; a
 * product sold by the piece is one piece whatever its label weighs.
 */
function measured(product: ProductHit, weightGrams?: number, labelPriceMinor?: number): ScanMatch {
  if (product.unit === 'each') return { product, labelPriceMinor };
  if (weightGrams !== undefined || labelPriceMinor === undefined) {
    return { product, quantity: weightGrams, labelPriceMinor };
  }
  if (product.priceMinor === 0) {
    throw new CounterError(
      'INVALID_INPUT',
      `${product.name} has no price per kg in the catalog, so its weight cannot be worked out from its label: set its price first.`,
    );
  }
  const quantity = mulDivRound(labelPriceMinor, GRAMS_PER_KG, product.priceMinor);
  return { product, quantity, labelPriceMinor };
}

/**
 * What a scanned or typed code refers to. An exact barcode or SKU match comes first (so a SKU typed by hand
 * works, even an all-digit one); otherwise the code is parsed (src/shared/barcode.ts) and looked up by what it
 * holds: a GTIN under any of its forms, a GS1 element string by its AI 01 with AI 310n/392n for weight and
 * price, an in-store price- or weight-embedded code by its item code (stored in the catalog as
 * embeddedItemBarcode gives it, docs/catalog-csv.md), and text after an AIM identifier as a barcode or SKU.
 * A damaged code throws INVALID_BARCODE, an unknown one UNKNOWN_BARCODE.
 */
export function resolveScan(
  catalog: Pick<CatalogService, 'lookupCode'>,
  code: string,
  options: BarcodeOptions,
): ScanMatch {
  const text = code.trim();
  const exact = catalog.lookupCode(text);
  if (exact) return { product: exact };
  const parsed = parseBarcode(text, options);
  switch (parsed.kind) {
    case 'text': {
      const product = parsed.text === text ? null : catalog.lookupCode(parsed.text);
      if (!product) throw unknownCode(parsed.text);
      return { product };
    }
    case 'gtin': {
      const product = lookupGtin(catalog, parsed.gtin);
      if (!product) throw unknownCode(text);
      return { product };
    }
    case 'gs1': {
      if (parsed.gtin === undefined) {
        throw new CounterError(
          'UNKNOWN_BARCODE',
          `The code ${text} names no product (it has no GTIN, AI 01): scan the product's other barcode or search for it by name.`,
        );
      }
      const product = lookupGtin(catalog, parsed.gtin);
      if (!product) throw unknownCode(parsed.gtin);
      return measured(product, parsed.netWeightGrams, parsed.priceMinor);
    }
    case 'embedded': {
      const product = lookupGtin(catalog, embeddedItemBarcode(parsed));
      if (!product) {
        throw new CounterError(
          'UNKNOWN_BARCODE',
          `No product has the in-store item code ${parsed.itemCode} (prefix ${parsed.prefix}) of barcode ${text}: check the product's barcodes in the catalog, or search for it by name.`,
        );
      }
      return measured(product, parsed.weightGrams, parsed.priceMinor);
    }
  }
}

export function createSalesService(deps: SalesServiceDeps): SalesService {
  const { db, events, now, settings, catalog, stock, record } = deps;

  const loadDraft = db.prepare<[], { draft: string }>(
    'SELECT draft FROM open_sales ORDER BY updated_at DESC LIMIT 1',
  );
  const saveDraft = db.prepare<[string, string, string, string]>(
    `INSERT INTO open_sales (sale_id, started_at, updated_at, draft) VALUES (?, ?, ?, ?)
     ON CONFLICT(sale_id) DO UPDATE SET started_at = excluded.started_at, updated_at = excluded.updated_at,
       draft = excluded.draft`,
  );
  const deleteDraft = db.prepare<[string]>('DELETE FROM open_sales WHERE sale_id = ?');
  const nextNumber = db.prepare<[string], { value: number }>(
    `INSERT INTO counters (name, value) VALUES (?, 1)
     ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value`,
  );
  const insertSale = db.prepare(
    `INSERT INTO sales (sale_id, receipt_number, store_id, register_id, started_at, completed_at, currency,
       prices_include_tax, subtotal_minor, tax_minor, total_minor, change_minor, taxes, outbox_seq)
     VALUES (@saleId, @receiptNumber, @storeId, @registerId, @startedAt, @completedAt, @currency,
       @pricesIncludeTax, @subtotalMinor, @taxMinor, @totalMinor, @changeMinor, @taxes, @outboxSeq)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, unit, quantity, unit_price_minor,
       tax_code, tax_rate_bp, amount_minor, tax_minor, total_minor)
     VALUES (@saleId, @lineNo, @lineId, @productId, @sku, @name, @unit, @quantity, @unitPriceMinor,
       @taxCode, @taxRateBasisPoints, @amountMinor, @taxMinor, @totalMinor)`,
  );
  const insertTender = db.prepare(
    `INSERT INTO sale_tenders (sale_id, tender_no, tender_id, kind, amount_minor)
     VALUES (@saleId, @tenderNo, @tenderId, @kind, @amountMinor)`,
  );
  const insertOutbox = db.prepare<[number, string, string, number, string, string, string]>(
    `INSERT INTO outbox (seq, event_id, type, schema_version, occurred_at, payload, payload_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const saleRow = db.prepare<[string], SaleRow>('SELECT * FROM sales WHERE sale_id = ?');
  const lineRows = db.prepare<[string], SaleLine>(
    `SELECT line_id AS lineId, product_id AS productId, sku, name, unit, quantity,
       unit_price_minor AS unitPriceMinor, tax_code AS taxCode, tax_rate_bp AS taxRateBasisPoints,
       amount_minor AS amountMinor, tax_minor AS taxMinor, total_minor AS totalMinor
     FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  );
  const tenderRows = db.prepare<[string], Tender>(
    `SELECT tender_id AS tenderId, kind, amount_minor AS amountMinor
     FROM sale_tenders WHERE sale_id = ? ORDER BY tender_no`,
  );

  const listeners = new Set<CompletedListener>();
  const freshDraft = (): Draft => ({
    saleId: randomUUID(),
    startedAt: now().toISOString(),
    lines: [],
    tenders: [],
  });
  const saved = loadDraft.get();
  let draft: Draft = saved ? (JSON.parse(saved.draft) as Draft) : freshDraft();

  const money = (minor: number): string => {
    const store = settings.store();
    return formatMoney(minor, store.currency, store.locale);
  };

  /** The draft as the screen shows it: priced with the store's tax rates, settled, with stock warnings. */
  function present(sale: Draft): OpenSale {
    return { ...price(sale), stockWarnings: stockWarnings(sale.lines) };
  }

  /** Priced and settled; no stock warnings, which completing a sale does not need. */
  function price(sale: Draft): PricedDraft {
    const store = settings.store();
    const priced = priceSale(sale.lines, store.taxRates, store.pricesIncludeTax);
    // The label price stays in the draft: the sale line shows it as its amount.
    const lines = sale.lines.map(({ labelPriceMinor: _label, ...line }, index): SaleLine => {
      const { amountMinor, taxMinor, totalMinor, taxRateBasisPoints } = priced.lines[index]!;
      return { ...line, taxRateBasisPoints, amountMinor, taxMinor, totalMinor };
    });
    return {
      saleId: sale.saleId,
      startedAt: sale.startedAt,
      lines,
      totals: priced.totals,
      tenders: sale.tenders,
      ...settle(priced.totals.totalMinor, sale.tenders),
    };
  }

  function stockWarnings(lines: DraftLine[]): StockWarning[] {
    const selling = new Map<number, { name: string; quantity: number }>();
    for (const line of lines) {
      const entry = selling.get(line.productId) ?? { name: line.name, quantity: 0 };
      selling.set(line.productId, { name: entry.name, quantity: entry.quantity + line.quantity });
    }
    return [...selling].flatMap(([productId, { name, quantity }]) => {
      const onHandAfter = stock.onHand(productId) - quantity;
      return onHandAfter < 0 ? [{ productId, name, onHandAfter }] : [];
    });
  }

  /** Every change goes through here: priced first (so a draft that cannot be priced is never saved), then saved. */
  function update(next: Draft): OpenSale {
    const sale = present(next);
    saveDraft.run(next.saleId, next.startedAt, now().toISOString(), JSON.stringify(next));
    draft = next;
    events.emit('sale.changed', sale);
    return sale;
  }

  function startNewSale(): OpenSale {
    draft = freshDraft();
    const sale = present(draft);
    events.emit('sale.changed', sale);
    return sale;
  }

  function lineIndex(lineId: string): number {
    const index = draft.lines.findIndex((line) => line.lineId === lineId);
    if (index < 0) throw new CounterError('NOT_FOUND', 'That line is no longer in the sale: check the cart.');
    return index;
  }

  function checkQuantity(quantity: number, name: string): void {
    if (quantity > maxQuantity) {
      throw new CounterError(
        'INVALID_INPUT',
        `${maxQuantity} is the most one line can hold: check ${name}'s quantity.`,
      );
    }
  }

  function add({ product, quantity, labelPriceMinor }: ScanMatch): OpenSale {
    if (!product.active) {
      throw new CounterError(
        'INACTIVE_PRODUCT',
        `${product.name} is no longer sold (inactive in the catalog): put it aside and ask a manager.`,
      );
    }
    if (product.unit === 'kg' && quantity === undefined) {
      throw new CounterError(
        'WEIGHT_REQUIRED',
        `${product.name} is sold by weight: weigh it and enter the weight in grams.`,
      );
    }
    const pieces = quantity ?? 1;
    // Each labelled item has its own price, so it gets its own line, and a plain scan never joins one.
    const existing =
      product.unit === 'each' && labelPriceMinor === undefined
        ? draft.lines.find((line) => line.productId === product.id && line.labelPriceMinor === undefined)
        : undefined;
    const startedAt =
      draft.lines.length === 0 && draft.tenders.length === 0 ? now().toISOString() : draft.startedAt;
    if (existing) {
      checkQuantity(existing.quantity + pieces, product.name);
      const lines = draft.lines.map((line) =>
        line === existing ? { ...line, quantity: line.quantity + pieces } : line,
      );
      return update({ ...draft, lines });
    }
    checkQuantity(pieces, product.name);
    const line: DraftLine = {
      lineId: randomUUID(),
      productId: product.id,
      sku: product.sku,
      name: product.name,
      unit: product.unit,
      quantity: pieces,
      unitPriceMinor: product.priceMinor,
      taxCode: product.taxCode,
      ...(labelPriceMinor === undefined ? {} : { labelPriceMinor }),
    };
    return update({ ...draft, startedAt, lines: [...draft.lines, line] });
  }

  const commit = db.transaction((sale: PricedDraft, completedAt: string): CompletedSale => {
    const store = settings.store();
    const register = settings.register();
    // Counters move only here, inside the transaction that uses them: a rolled-back sale leaves no gap.
    const receiptNumber = `${register.receiptPrefix}${String(nextNumber.get('receipt')!.value).padStart(6, '0')}`;
    const outboxSeq = nextNumber.get('outbox')!.value;
    const completed: CompletedSale = {
      saleId: sale.saleId,
      receiptNumber,
      completedAt,
      storeId: register.storeId,
      registerId: register.registerId,
      currency: store.currency,
      lines: sale.lines,
      totals: sale.totals,
      tenders: sale.tenders,
      changeMinor: sale.changeMinor,
      outboxSeq,
    };
    insertSale.run({
      ...completed,
      ...completed.totals,
      startedAt: sale.startedAt,
      pricesIncludeTax: completed.totals.pricesIncludeTax ? 1 : 0,
      taxes: JSON.stringify(completed.totals.taxes),
    });
    completed.lines.forEach((line, index) =>
      insertLine.run({ saleId: sale.saleId, lineNo: index + 1, ...line }),
    );
    completed.tenders.forEach((tender, index) =>
      insertTender.run({ saleId: sale.saleId, tenderNo: index + 1, ...tender }),
    );
    for (const line of completed.lines) {
      record({
        productId: line.productId,
        delta: -line.quantity,
        reason: 'SALE',
        refId: sale.saleId,
        occurredAt: completedAt,
      });
    }
    const payload = JSON.stringify(completed);
    const payloadHash = createHash('sha256').update(payload).digest('hex');
    insertOutbox.run(
      outboxSeq,
      randomUUID(),
      'sale.completed',
      outboxSchemaVersion,
      completedAt,
      payload,
      payloadHash,
    );
    deleteDraft.run(sale.saleId);
    return completed;
  });

  function notifyCompleted(sale: CompletedSale): void {
    const logFailure = (error: unknown): void => console.error('A completed-sale listener failed', error);
    for (const listener of listeners) {
      try {
        const result: unknown = listener(sale);
        if (result instanceof Promise) result.catch(logFailure);
      } catch (error) {
        logFailure(error);
      }
    }
  }

  return {
    current: () => present(draft),

    scan: (code) => add(resolveScan(catalog, code, settings.barcodeOptions())),

    addProduct: (productId, quantity) => {
      const product = catalog.productById(productId);
      if (!product)
        throw new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');
      return add({ product, quantity });
    },

    setQuantity: (lineId, quantity) => {
      const index = lineIndex(lineId);
      const { name, labelPriceMinor } = draft.lines[index]!;
      if (labelPriceMinor !== undefined) {
        throw new CounterError(
          'INVALID_INPUT',
          `The price of ${name} comes from its label, so its quantity cannot change: scan each item instead.`,
        );
      }
      checkQuantity(quantity, name);
      return update({
        ...draft,
        lines: draft.lines.map((line, i) => (i === index ? { ...line, quantity } : line)),
      });
    },

    removeLine: (lineId) => {
      const index = lineIndex(lineId);
      return update({ ...draft, lines: draft.lines.filter((_line, i) => i !== index) });
    },

    addTender: (kind, amountMinor) => {
      if (draft.lines.length === 0) {
        throw new CounterError('EMPTY_SALE', 'There is nothing to pay for yet: add an item first.');
      }
      const maxCard = maxCardAmount(price(draft).totals.totalMinor, draft.tenders);
      if (maxCard === 0) {
        throw new CounterError('INVALID_INPUT', 'This sale is already paid in full: complete it.');
      }
      if (kind === 'card' && amountMinor > maxCard) {
        throw new CounterError(
          'OVERPAID_CARD',
          `A card payment of ${money(amountMinor)} is more than the ${money(maxCard)} due: charge at most ${money(maxCard)} on the card.`,
        );
      }
      return update({ ...draft, tenders: [...draft.tenders, { tenderId: randomUUID(), kind, amountMinor }] });
    },

    removeTender: (tenderId) => {
      if (!draft.tenders.some((tender) => tender.tenderId === tenderId)) {
        throw new CounterError('NOT_FOUND', 'That payment is no longer on the sale: check the payments.');
      }
      return update({ ...draft, tenders: draft.tenders.filter((tender) => tender.tenderId !== tenderId) });
    },

    cancel: () => {
      deleteDraft.run(draft.saleId);
      return startNewSale();
    },

    complete: () => {
      const sale = price(draft);
      if (sale.lines.length === 0) {
        throw new CounterError(
          'EMPTY_SALE',
          'There is nothing in this sale yet: scan or search for an item first.',
        );
      }
      if (sale.dueMinor > 0) {
        throw new CounterError(
          'UNDERPAID',
          `${money(sale.dueMinor)} is still due: take another payment before completing the sale.`,
        );
      }
      const cardMinor = sale.tenders
        .filter((t) => t.kind === 'card')
        .reduce((sum, t) => sum + t.amountMinor, 0);
      if (cardMinor > sale.totals.totalMinor) {
        throw new CounterError(
          'OVERPAID_CARD',
          `The card payments (${money(cardMinor)}) are more than the sale total (${money(sale.totals.totalMinor)}) since the cart changed: remove a card payment and take it again.`,
        );
      }
      const completed = commit.immediate(sale, now().toISOString());
      startNewSale();
      events.emit('stock.changed', {
        productIds: [...new Set(completed.lines.map((line) => line.productId))],
      });
      notifyCompleted(completed);
      return completed;
    },

    receipt: (saleId) => {
      const row = saleRow.get(saleId);
      if (!row)
        throw new CounterError('NOT_FOUND', 'No completed sale has that id: look the receipt up again.');
      return {
        sale: completedFromRows(row, lineRows.all(saleId), tenderRows.all(saleId)),
        settings: settings.store(),
      };
    },

    onCompleted: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close: () => listeners.clear(),
  };
}

interface SaleRow {
  sale_id: string;
  receipt_number: string;
  store_id: string;
  register_id: string;
  completed_at: string;
  currency: string;
  prices_include_tax: number;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  change_minor: number;
  taxes: string;
  outbox_seq: number;
}

function completedFromRows(row: SaleRow, lines: SaleLine[], tenders: Tender[]): CompletedSale {
  return {
    saleId: row.sale_id,
    receiptNumber: row.receipt_number,
    completedAt: row.completed_at,
    storeId: row.store_id,
    registerId: row.register_id,
    currency: row.currency,
    lines,
    totals: {
      pricesIncludeTax: row.prices_include_tax === 1,
      subtotalMinor: row.subtotal_minor,
      taxMinor: row.tax_minor,
      totalMinor: row.total_minor,
      taxes: JSON.parse(row.taxes) as TaxSummary[],
    },
    tenders,
    changeMinor: row.change_minor,
    outboxSeq: row.outbox_seq,
  };
}
