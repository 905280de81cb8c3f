/**
 * The open sale and its completion. The open sale lives here in main and is saved as a draft on every change, so
 * a crash or restart restores the cart. `complete()` is the one place a sale is written to the ledger.
 */
import type {
  CompletedSale,
  ExchangeCredit,
  OpenSale,
  ParkedSaleSummary,
  PriceOverride,
  ProductHit,
  RecentSale,
  Refund,
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
import { discountsOverLimit, type Discount } from '../../shared/discount.ts';
import { saleCompleted, type SalePayload } from '../../shared/documents/sale.ts';
import { CounterError } from '../../shared/errors.ts';
import { MAX_QUANTITY } from '../../shared/limits.ts';
import { formatMoney, mulDivRound } from '../../shared/money.ts';
import type { Approval, PermissionAction } from '../../shared/permissions.ts';
import { MAX_SALE_LINES } from '../../shared/sync/protocol.ts';
import { priceSale } from '../../shared/tax.ts';
import { maxCardAmount, settle } from '../../shared/tender.ts';
import type { EventBus } from '../events.ts';
import type { Db } from '../ledger/database.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';
import type { AuditService } from './audit.ts';
import type { CatalogService } from './catalog.ts';
import type { CustomerLinks } from './customers.ts';
import { createParkedStore } from './parked.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement, StockService } from './stock.ts';
import { newId } from '../../shared/ids.ts';

export type CompletedListener = (sale: CompletedSale) => void;

export interface SalesService {
  current(): OpenSale;
  /** Adds what a scanned or typed code refers to (barcode, then SKU). */
  scan(code: string): OpenSale;
  /** Pieces for 'each' (default 1; adds to an existing line), grams for 'kg' (required; always a new line). */
  addProduct(productId: number, quantity?: number): OpenSale;
  /** Lowering a quantity is a partial void: 'line.void', audited. */
  setQuantity(lineId: string, quantity: number, approval?: Approval): OpenSale;
  /** A line void: 'line.void', audited. */
  removeLine(lineId: string, approval?: Approval): OpenSale;
  /** Card may not exceed what is due; cash may, and the difference is change. */
  addTender(kind: TenderKind, amountMinor: number): OpenSale;
  removeTender(tenderId: string): OpenSale;
  /** Drops the open sale and starts a new one; with items, needs 'sale.cancel' and is audited. */
  cancel(approval?: Approval): OpenSale;
  /** null clears it. Beyond the user's role limit: 'discount.overLimit', audited. */
  discountLine(lineId: string, discount: Discount | null, reason?: string, approval?: Approval): OpenSale;
  discountCart(discount: Discount | null, reason?: string, approval?: Approval): OpenSale;
  /** A new unit price (per kg for weighed goods): 'price.override', audited. */
  overridePrice(lineId: string, unitPriceMinor: number, reason: string, approval?: Approval): OpenSale;
  /** Puts the open sale aside and starts a new one. */
  park(): OpenSale;
  /** Brings back a parked sale; an open sale with items is parked in its place. */
  resume(saleId: string): OpenSale;
  /** Oldest first. */
  parked(): ParkedSaleSummary[];
  /** Names a parked sale ("Blue coat, back in 5 min"); an empty name takes the name away. */
  nameParked(saleId: string, name: string): ParkedSaleSummary[];
  /** For the returns service: the open sale as the new side of an exchange. */
  exchange: SaleExchange;
  /** Writes the sale, its stock movements and its outbox event in one transaction. */
  complete(): CompletedSale;
  receipt(saleId: string): Receipt;
  /** This register's completed sales, newest first, with who sold them and whether they were voided or returned. */
  recent(limit: number): RecentSale[];
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
  /** Who is selling and in which shift; throws NOT_LOGGED_IN or NO_OPEN_SHIFT when nobody may sell. */
  seller: () => { userId: string; shiftId: string };
  people: Pick<PeopleService, 'authorize' | 'requireUser' | 'userRef'>;
  audit: Pick<AuditService, 'record'>;
  appendOutbox: AppendOutbox;
  customers: CustomerLinks;
}

/** The open sale priced and settled, without stock warnings. */
export type PricedOpenSale = Omit<OpenSale, 'stockWarnings'>;

/**
 * Completing the open sale as the new side of an exchange, inside the return's transaction: the returned goods'
 * value pays first (credit), then the sale's own tenders and the payments taken on the return screen.
 */
export interface SaleExchange {
  /** The open sale settled that way (dueMinor > 0: not paid yet). Throws EMPTY_SALE for an empty sale. */
  settle(creditMinor: number, payments: Refund[]): PricedOpenSale;
  /** Writes it. Call inside the return's transaction with what settle() gave. */
  commit(sale: PricedOpenSale, credit: ExchangeCredit, completedAt: string): CompletedSale;
  /** After that transaction committed: a new empty sale, stock and completed-sale listeners told. */
  completed(sale: CompletedSale): void;
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
  discount?: DiscountGiven;
  priceOverride?: PriceOverride;
}

/** A discount as a person gave it; what it takes off is worked out whenever the sale is priced. */
interface DiscountGiven {
  discount: Discount;
  reason: string;
}

/** What open_sales.draft (and parked_sales.draft) holds; everything else in OpenSale is computed from it. */
interface Draft {
  saleId: string;
  startedAt: string;
  lines: DraftLine[];
  tenders: Tender[];
  cartDiscount?: DiscountGiven;
  /** What the cashier named it while it was parked (parked.ts). */
  name?: string;
}

type PricedDraft = PricedOpenSale;

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

const notParked = (): CounterError =>
  new CounterError(
    'NOT_FOUND',
    'That sale is not parked any more (it may have been resumed already): look at the parked sales again.',
  );

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

/** A scan's UPC-E reading, when it has one besides its first (src/shared/barcode.ts `asUpcE`). */
function lookupUpcE(
  catalog: Pick<CatalogService, 'lookupCode'>,
  asUpcE: string | undefined,
): ProductHit | null {
  return asUpcE === undefined ? null : lookupGtin(catalog, asUpcE);
}

/**
 * What a scanned or typed code refers to. An exact barcode or SKU match comes first (so a SKU typed by hand
 * works, even an all-digit one); otherwise the code is parsed (src/shared/barcode.ts) and looked up by what it
 * holds: a GTIN under any of its forms, a GS1 element string by its AI 01 with AI 310n/392n for weight and
 * price, an in-store price- or weight-embedded code by its item code (stored in the catalog as
 * embeddedItemBarcode gives it, docs/catalog-csv.md), and text after an AIM identifier as a barcode or SKU.
 * A code that may also be a UPC-E (8 digits valid as EAN-8 and as UPC-E, 6 digits without identifier) is
 * looked up as that too: the reading the catalog holds wins, and when it holds both, the EAN-8 or SKU does, as
 * the digits read literally (a scanner that sends AIM identifiers leaves no doubt).
 * A damaged code throws INVALID_BARCODE, an unknown one UNKNOWN_BARCODE.
 */
export function resolveScan(
  catalog: Pick<CatalogService, 'lookupCode'>,
  code: string,
  options: BarcodeOptions,
  today: Date,
): ScanMatch {
  const text = code.trim();
  const exact = catalog.lookupCode(text);
  if (exact) return { product: exact };
  const parsed = parseBarcode(text, options, today);
  switch (parsed.kind) {
    case 'text': {
      const product =
        (parsed.text === text ? null : catalog.lookupCode(parsed.text)) ?? lookupUpcE(catalog, parsed.asUpcE);
      if (!product) throw unknownCode(parsed.text);
      return { product };
    }
    case 'gtin': {
      const product = lookupGtin(catalog, parsed.gtin) ?? lookupUpcE(catalog, parsed.asUpcE);
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
  const { db, events, now, settings, catalog, stock, record, seller, people, audit, appendOutbox, customers } =
    deps;

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
       prices_include_tax, subtotal_minor, tax_minor, total_minor, change_minor, taxes, outbox_seq, user_id,
       shift_id, discount_minor, cart_discount, rounding_minor, exchange_return_id, exchange_credit_minor)
     VALUES (@saleId, @receiptNumber, @storeId, @registerId, @startedAt, @completedAt, @currency,
       @pricesIncludeTax, @subtotalMinor, @taxMinor, @totalMinor, @changeMinor, @taxes, @outboxSeq, @userId,
       @shiftId, @discountMinor, @cartDiscountJson, @roundingMinor, @exchangeReturnId, @exchangeCreditMinor)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, line_no, line_id, product_id, sku, name, unit, quantity, unit_price_minor,
       tax_code, tax_rate_bp, amount_minor, tax_minor, total_minor, discount, cart_discount_minor, price_override)
     VALUES (@saleId, @lineNo, @lineId, @productId, @sku, @name, @unit, @quantity, @unitPriceMinor,
       @taxCode, @taxRateBasisPoints, @amountMinor, @taxMinor, @totalMinor, @discountJson, @cartDiscountMinor,
       @priceOverrideJson)`,
  );
  const insertTender = db.prepare(
    `INSERT INTO sale_tenders (sale_id, tender_no, tender_id, kind, amount_minor)
     VALUES (@saleId, @tenderNo, @tenderId, @kind, @amountMinor)`,
  );
  const saleRow = db.prepare<[string], SaleRow>(
    `SELECT s.*, r.receipt_number AS exchange_receipt_number
     FROM sales s LEFT JOIN returns r ON r.return_id = s.exchange_return_id WHERE s.sale_id = ?`,
  );
  const recentRows = db.prepare<
    [number],
    Omit<RecentSale, 'voided' | 'returned'> & { voided: number; returned: number }
  >(
    `SELECT s.sale_id AS saleId, s.receipt_number AS receiptNumber, s.completed_at AS completedAt,
       s.total_minor AS totalMinor, u.name AS cashier,
       EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.sale_id) AS voided,
       EXISTS (SELECT 1 FROM returns r WHERE r.original_sale_id = s.sale_id) AS returned
     FROM sales s LEFT JOIN users u ON u.user_id = s.user_id
     ORDER BY s.completed_at DESC, s.outbox_seq DESC LIMIT ?`,
  );
  const parked = createParkedStore(db);
  const lineRows = db.prepare<[string], LineRow>(
    `SELECT line_id AS lineId, product_id AS productId, sku, name, unit, quantity,
       unit_price_minor AS unitPriceMinor, tax_code AS taxCode, tax_rate_bp AS taxRateBasisPoints,
       amount_minor AS amountMinor, tax_minor AS taxMinor, total_minor AS totalMinor, discount,
       cart_discount_minor AS cartDiscountMinor, price_override AS priceOverride
     FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  );
  const tenderRows = db.prepare<[string], Tender>(
    `SELECT tender_id AS tenderId, kind, amount_minor AS amountMinor
     FROM sale_tenders WHERE sale_id = ? ORDER BY tender_no`,
  );

  const listeners = new Set<CompletedListener>();
  const freshDraft = (): Draft => ({
    saleId: newId(),
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

  /**
   * Priced and settled; no stock warnings, which completing a sale does not need. `creditMinor` of the total is
   * already paid (the returned goods of an exchange); the tenders settle the rest.
   */
  function price(sale: Draft, creditMinor = 0): PricedDraft {
    const store = settings.store();
    const priced = priceSale(
      sale.lines.map((line) => ({ ...line, discount: line.discount?.discount })),
      store.taxRates,
      store.pricesIncludeTax,
      sale.cartDiscount?.discount ?? null,
    );
    // The label price stays in the draft: the sale line shows it as its amount.
    const lines = sale.lines.map(({ labelPriceMinor: _label, discount, ...line }, index): SaleLine => {
      const { amountMinor, discountMinor, cartDiscountMinor, taxMinor, totalMinor, taxRateBasisPoints } =
        priced.lines[index]!;
      return {
        ...line,
        taxRateBasisPoints,
        amountMinor,
        taxMinor,
        totalMinor,
        ...(discount ? { discount: { ...discount, amountMinor: discountMinor } } : {}),
        ...(cartDiscountMinor > 0 ? { cartDiscountMinor } : {}),
      };
    });
    const cartDiscountMinor = lines.reduce((sum, line) => sum + (line.cartDiscountMinor ?? 0), 0);
    return {
      saleId: sale.saleId,
      startedAt: sale.startedAt,
      lines,
      totals: priced.totals,
      tenders: sale.tenders,
      cartDiscount: sale.cartDiscount ? { ...sale.cartDiscount, amountMinor: cartDiscountMinor } : null,
      ...settle(priced.totals.totalMinor - creditMinor, sale.tenders, store.cashRoundingMinor ?? 0),
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

  /**
   * A change that may need permissions: each action is authorized (by `approval` when the user lacks it) and
   * audited in the transaction that saves the draft, so the log has exactly the changes that happened. A discount
   * that goes beyond the user's limit needs 'discount.overLimit': the one being set (`discountKey`: a line id or
   * 'cart'), or one this change pushes over (a line shrinking under an amount discount).
   */
  function change(
    next: Draft,
    options: {
      actions?: PermissionAction[];
      approval?: Approval;
      details: Record<string, unknown>;
      discountKey?: string;
    },
  ): OpenSale {
    const sale = present(next);
    const { maxDiscountPercent } = people.requireUser().policy;
    const wasOver = new Set(discountsOverLimit(price(draft), maxDiscountPercent));
    const overLimit = discountsOverLimit(sale, maxDiscountPercent).some(
      (key) => key === options.discountKey || !wasOver.has(key),
    );
    const actions = [...(options.actions ?? []), ...(overLimit ? (['discount.overLimit'] as const) : [])];
    saveChange.immediate(next, actions, options.approval, {
      saleId: next.saleId,
      ...options.details,
      ...(overLimit ? { limitPercent: maxDiscountPercent } : {}),
    });
    draft = next;
    events.emit('sale.changed', sale);
    return sale;
  }

  const saveChange = db.transaction(
    (
      next: Draft,
      actions: PermissionAction[],
      approval: Approval | undefined,
      details: Record<string, unknown>,
    ) => {
      for (const action of actions) audit.record({ action, ...people.authorize(action, approval), details });
      saveDraft.run(next.saleId, next.startedAt, now().toISOString(), JSON.stringify(next));
    },
  );

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
    if (quantity > MAX_QUANTITY) {
      throw new CounterError(
        'INVALID_INPUT',
        `${MAX_QUANTITY} is the most one line can hold: check ${name}'s quantity.`,
      );
    }
  }

  function add({ product, quantity, labelPriceMinor }: ScanMatch): OpenSale {
    seller(); // nothing is rung up while nobody may sell (no one logged in, register locked, no open shift)
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
    if (draft.lines.length >= MAX_SALE_LINES) {
      throw new CounterError(
        'NOT_ALLOWED',
        `A sale holds at most ${MAX_SALE_LINES} lines: complete this one and start another for ${product.name}.`,
      );
    }
    const line: DraftLine = {
      lineId: newId(),
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

  const commit = db.transaction(
    (sale: PricedDraft, completedAt: string, exchange?: ExchangeCredit): CompletedSale => {
      const { userId, shiftId } = seller();
      const store = settings.store();
      const register = settings.register();
      // Counters move only here, inside the transaction that uses them: a rolled-back sale leaves no gap.
      const receiptNumber = `${register.receiptPrefix}${String(nextNumber.get('receipt')!.value).padStart(6, '0')}`;
      const customerId = customers.ofOpenSale(sale.saleId);
      const payload: SalePayload = {
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
        userId,
        shiftId,
        ...(sale.cartDiscount ? { cartDiscount: sale.cartDiscount } : {}),
        ...(sale.roundingMinor !== 0 ? { roundingMinor: sale.roundingMinor } : {}),
        ...(exchange ? { exchange } : {}),
        ...(customerId === undefined ? {} : { customerId }),
      };
      const completed: CompletedSale = {
        ...payload,
        outboxSeq: appendOutbox(saleCompleted.type, completedAt, payload),
      };
      insertSale.run({
        ...completed,
        ...completed.totals,
        startedAt: sale.startedAt,
        pricesIncludeTax: completed.totals.pricesIncludeTax ? 1 : 0,
        taxes: JSON.stringify(completed.totals.taxes),
        cartDiscountJson: sale.cartDiscount ? JSON.stringify(sale.cartDiscount) : null,
        roundingMinor: sale.roundingMinor,
        exchangeReturnId: exchange?.returnId ?? null,
        exchangeCreditMinor: exchange?.creditMinor ?? 0,
      });
      if (customerId !== undefined) customers.link('sale', sale.saleId, customerId, completedAt);
      completed.lines.forEach((line, index) =>
        insertLine.run({
          saleId: sale.saleId,
          lineNo: index + 1,
          ...line,
          discountJson: line.discount ? JSON.stringify(line.discount) : null,
          cartDiscountMinor: line.cartDiscountMinor ?? 0,
          priceOverrideJson: line.priceOverride ? JSON.stringify(line.priceOverride) : null,
        }),
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
      deleteDraft.run(sale.saleId);
      return completed;
    },
  );

  /** The checks a sale passes before it is written; `creditMinor` of it is paid by returned goods. */
  function checkPayable(sale: PricedDraft, creditMinor: number): void {
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
    const owedMinor = sale.totals.totalMinor - creditMinor;
    if (cardMinor > owedMinor) {
      throw new CounterError(
        'OVERPAID_CARD',
        `The card payments (${money(cardMinor)}) are more than the sale total (${money(owedMinor)}) since the cart changed: remove a card payment and take it again.`,
      );
    }
  }

  function afterCompleted(completed: CompletedSale): void {
    startNewSale();
    events.emit('stock.changed', {
      productIds: [...new Set(completed.lines.map((line) => line.productId))],
    });
    notifyCompleted(completed);
  }

  function refuseWithPayments(what: string): void {
    if (draft.tenders.length > 0) {
      throw new CounterError(
        'NOT_ALLOWED',
        `The open sale has payments on it: complete it, or remove its payments, before ${what}.`,
      );
    }
  }

  function reasonFor(reason: string | undefined, what: string): string {
    const text = reason?.trim();
    if (!text) throw new CounterError('INVALID_INPUT', `Give a reason for the ${what}.`);
    return text;
  }

  const cancelSale = db.transaction((approval: Approval | undefined, details: Record<string, unknown>) => {
    audit.record({ action: 'sale.cancel', ...people.authorize('sale.cancel', approval), details });
    deleteDraft.run(draft.saleId);
  });

  const parkDraft = db.transaction((sale: Draft, userId: string) => {
    parked.put({
      saleId: sale.saleId,
      parkedAt: now().toISOString(),
      parkedBy: userId,
      draft: JSON.stringify(sale),
    });
    deleteDraft.run(sale.saleId);
  });

  /** Takes `saleId` out of the parked sales, parking `current` in its place when it has items. */
  const resumeDraft = db.transaction((saleId: string, current: Draft, userId: string): Draft => {
    const row = parked.take(saleId);
    if (!row) throw notParked();
    if (current.lines.length > 0) parkDraft(current, userId);
    else deleteDraft.run(current.saleId);
    const resumed = JSON.parse(row.draft) as Draft;
    saveDraft.run(resumed.saleId, resumed.startedAt, now().toISOString(), row.draft);
    return resumed;
  });

  const listParked = (): ParkedSaleSummary[] =>
    parked.list().map((row): ParkedSaleSummary => {
      const parkedDraft = JSON.parse(row.draft) as Draft;
      return {
        saleId: row.saleId,
        name: row.name,
        parkedAt: row.parkedAt,
        parkedBy: row.parkedBy === null ? null : people.userRef(row.parkedBy),
        itemCount: parkedDraft.lines.reduce((sum, line) => sum + (line.unit === 'kg' ? 1 : line.quantity), 0),
        totalMinor: price(parkedDraft).totals.totalMinor,
        preview: parkedDraft.lines.slice(0, 3).map((line) => line.name),
      };
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

    scan: (code) => add(resolveScan(catalog, code, settings.barcodeOptions(), now())),

    addProduct: (productId, quantity) => {
      const product = catalog.productById(productId);
      if (!product)
        throw new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');
      return add({ product, quantity });
    },

    setQuantity: (lineId, quantity, approval) => {
      const index = lineIndex(lineId);
      const { name, sku, labelPriceMinor, quantity: before } = draft.lines[index]!;
      if (labelPriceMinor !== undefined) {
        throw new CounterError(
          'INVALID_INPUT',
          `The price of ${name} comes from its label, so its quantity cannot change: scan each item instead.`,
        );
      }
      checkQuantity(quantity, name);
      return change(
        { ...draft, lines: draft.lines.map((line, i) => (i === index ? { ...line, quantity } : line)) },
        {
          // Fewer than were scanned is a partial line void.
          actions: quantity < before ? ['line.void'] : [],
          approval,
          details: { lineId, sku, name, quantityBefore: before, quantityAfter: quantity },
        },
      );
    },

    removeLine: (lineId, approval) => {
      const index = lineIndex(lineId);
      const { sku, name, quantity } = draft.lines[index]!;
      return change(
        { ...draft, lines: draft.lines.filter((_line, i) => i !== index) },
        {
          actions: ['line.void'],
          approval,
          details: { lineId, sku, name, quantityBefore: quantity, quantityAfter: 0 },
        },
      );
    },

    addTender: (kind, amountMinor) => {
      if (draft.lines.length === 0) {
        throw new CounterError('EMPTY_SALE', 'There is nothing to pay for yet: add an item first.');
      }
      const priced = price(draft);
      const maxCard = maxCardAmount(priced.totals.totalMinor, draft.tenders);
      // With cash rounding a sale can be paid in full a few cents under its total.
      if (priced.dueMinor === 0 && draft.tenders.length > 0) {
        throw new CounterError('INVALID_INPUT', 'This sale is already paid in full: complete it.');
      }
      if (kind === 'card' && amountMinor > maxCard) {
        throw new CounterError(
          'OVERPAID_CARD',
          `A card payment of ${money(amountMinor)} is more than the ${money(maxCard)} due: charge at most ${money(maxCard)} on the card.`,
        );
      }
      return update({ ...draft, tenders: [...draft.tenders, { tenderId: newId(), kind, amountMinor }] });
    },

    removeTender: (tenderId) => {
      if (!draft.tenders.some((tender) => tender.tenderId === tenderId)) {
        throw new CounterError('NOT_FOUND', 'That payment is no longer on the sale: check the payments.');
      }
      return update({ ...draft, tenders: draft.tenders.filter((tender) => tender.tenderId !== tenderId) });
    },

    cancel: (approval) => {
      if (draft.lines.length === 0) {
        deleteDraft.run(draft.saleId);
      } else {
        const sale = price(draft);
        cancelSale.immediate(approval, {
          saleId: sale.saleId,
          lines: sale.lines.length,
          totalMinor: sale.totals.totalMinor,
          paidMinor: sale.paidMinor,
        });
      }
      return startNewSale();
    },

    discountLine: (lineId, discount, reason, approval) => {
      const index = lineIndex(lineId);
      const { sku, name } = draft.lines[index]!;
      const given = discount ? { discount, reason: reasonFor(reason, 'discount') } : null;
      const lines = draft.lines.map((line, i) => {
        if (i !== index) return line;
        const { discount: _previous, ...rest } = line;
        return given ? { ...rest, discount: given } : rest;
      });
      return change(
        { ...draft, lines },
        {
          approval,
          discountKey: lineId,
          details: { target: 'line', lineId, sku, name, discount, reason: given?.reason },
        },
      );
    },

    discountCart: (discount, reason, approval) => {
      if (draft.lines.length === 0) {
        throw new CounterError('EMPTY_SALE', 'There is nothing to discount yet: add an item first.');
      }
      const { cartDiscount: _previous, ...rest } = draft;
      const given = discount ? { discount, reason: reasonFor(reason, 'discount') } : null;
      return change(given ? { ...rest, cartDiscount: given } : rest, {
        approval,
        discountKey: 'cart',
        details: { target: 'cart', discount, reason: given?.reason },
      });
    },

    overridePrice: (lineId, unitPriceMinor, reason, approval) => {
      const index = lineIndex(lineId);
      const line = draft.lines[index]!;
      if (line.labelPriceMinor !== undefined) {
        throw new CounterError(
          'INVALID_INPUT',
          `The price of ${line.name} comes from its label, so it cannot be changed: give a discount instead.`,
        );
      }
      const why = reasonFor(reason, 'price change');
      const catalogPriceMinor = line.priceOverride?.catalogPriceMinor ?? line.unitPriceMinor;
      const { priceOverride: _previous, ...rest } = line;
      const changed: DraftLine =
        unitPriceMinor === catalogPriceMinor
          ? { ...rest, unitPriceMinor }
          : { ...rest, unitPriceMinor, priceOverride: { catalogPriceMinor, reason: why } };
      return change(
        { ...draft, lines: draft.lines.map((l, i) => (i === index ? changed : l)) },
        {
          actions: ['price.override'],
          approval,
          details: {
            lineId,
            sku: line.sku,
            name: line.name,
            fromMinor: line.unitPriceMinor,
            toMinor: unitPriceMinor,
            catalogPriceMinor,
            reason: why,
          },
        },
      );
    },

    park: () => {
      if (draft.lines.length === 0) {
        throw new CounterError('EMPTY_SALE', 'There is nothing to park: the sale is empty.');
      }
      refuseWithPayments('parking it');
      parkDraft.immediate(draft, people.requireUser().userId);
      return startNewSale();
    },

    resume: (saleId) => {
      refuseWithPayments('resuming another sale');
      const { userId } = people.requireUser();
      const resumed = resumeDraft.immediate(saleId, draft, userId);
      const sale = present(resumed);
      draft = resumed;
      events.emit('sale.changed', sale);
      return sale;
    },

    parked: listParked,

    nameParked: (saleId, name) => {
      people.requireUser();
      if (!parked.name(saleId, name.trim() || null)) throw notParked();
      return listParked();
    },

    complete: () => {
      const sale = price(draft);
      checkPayable(sale, 0);
      const completed = commit.immediate(sale, now().toISOString());
      afterCompleted(completed);
      return completed;
    },

    exchange: {
      settle: (creditMinor, payments) => {
        if (draft.lines.length === 0) {
          throw new CounterError(
            'EMPTY_SALE',
            'The sale has no new items to exchange for: scan them first, or make a plain return.',
          );
        }
        const tenders = [...draft.tenders, ...payments.map((payment) => ({ tenderId: newId(), ...payment }))];
        return price({ ...draft, tenders }, creditMinor);
      },
      commit: (sale, credit, completedAt) => {
        checkPayable(sale, credit.creditMinor);
        return commit(sale, completedAt, credit);
      },
      completed: afterCompleted,
    },

    receipt: (saleId) => {
      const row = saleRow.get(saleId);
      if (!row)
        throw new CounterError('NOT_FOUND', 'No completed sale has that id: look the receipt up again.');
      return {
        sale: completedFromRows(row, lineRows.all(saleId), tenderRows.all(saleId)),
        settings: settings.store(),
        cashier: row.user_id === null ? null : people.userRef(row.user_id).name,
        customer: customers.receiptName(saleId),
      };
    },

    recent: (limit) =>
      recentRows
        .all(limit)
        .map((row) => ({ ...row, voided: row.voided === 1, returned: row.returned === 1 })),

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
  user_id: string | null;
  shift_id: string | null;
  discount_minor: number;
  cart_discount: string | null;
  rounding_minor: number;
  exchange_return_id: string | null;
  exchange_credit_minor: number;
  exchange_receipt_number: string | null;
}

/** A sale line as stored: discounts and an override as JSON, absent ones as NULL or 0. */
type LineRow = Omit<SaleLine, 'discount' | 'cartDiscountMinor' | 'priceOverride'> & {
  discount: string | null;
  cartDiscountMinor: number;
  priceOverride: string | null;
};

/** The line as it was completed: the optional parts only where they were present. */
function lineFromRow({ discount, cartDiscountMinor, priceOverride, ...line }: LineRow): SaleLine {
  return {
    ...line,
    ...(discount === null ? {} : { discount: JSON.parse(discount) as SaleLine['discount'] }),
    ...(cartDiscountMinor > 0 ? { cartDiscountMinor } : {}),
    ...(priceOverride === null ? {} : { priceOverride: JSON.parse(priceOverride) as PriceOverride }),
  };
}

function completedFromRows(row: SaleRow, lineRows: LineRow[], tenders: Tender[]): CompletedSale {
  return {
    saleId: row.sale_id,
    receiptNumber: row.receipt_number,
    completedAt: row.completed_at,
    storeId: row.store_id,
    registerId: row.register_id,
    currency: row.currency,
    lines: lineRows.map(lineFromRow),
    totals: {
      pricesIncludeTax: row.prices_include_tax === 1,
      subtotalMinor: row.subtotal_minor,
      discountMinor: row.discount_minor,
      taxMinor: row.tax_minor,
      totalMinor: row.total_minor,
      taxes: JSON.parse(row.taxes) as TaxSummary[],
    },
    tenders,
    changeMinor: row.change_minor,
    outboxSeq: row.outbox_seq,
    userId: row.user_id,
    shiftId: row.shift_id,
    ...(row.cart_discount === null
      ? {}
      : { cartDiscount: JSON.parse(row.cart_discount) as NonNullable<CompletedSale['cartDiscount']> }),
    ...(row.rounding_minor === 0 ? {} : { roundingMinor: row.rounding_minor }),
    ...(row.exchange_return_id === null
      ? {}
      : {
          exchange: {
            returnId: row.exchange_return_id,
            receiptNumber: row.exchange_receipt_number ?? '',
            creditMinor: row.exchange_credit_minor,
          },
        }),
  };
}
