/**
 * The open sale and its completion: the thin service over the sale's pure operations (sale/draft.ts) and its
 * ledger statements (sale/store.ts). The open sale lives here in main and is saved as a draft on every change,
 * so a crash or restart restores the cart. Each business action is one transaction; `complete()` is the one
 * place a sale is written to the ledger.
 */
import type { LedgerDeps } from './ledger-deps.ts';
import type { ParsedInput } from '../../shared/contract.ts';
import type {
  CompletedSale,
  ExchangeCredit,
  OpenSale,
  ParkedSaleSummary,
  Receipt,
  RecentSale,
  Refund,
  SaleCompletion,
  SaleCompletionBlock,
} from '../../shared/domain.ts';
import { discountsOverLimit } from '../../shared/discount.ts';
import { saleCompleted, type SalePayload } from '../../shared/documents/sale.ts';
import { CounterError, isCounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { MAX_SALE_TOTAL_MINOR } from '../../shared/limits.ts';
import { formatMoney } from '../../shared/money.ts';
import type { Approval } from '../../shared/permissions.ts';
import type { Counters } from '../ledger/counters.ts';
import type { CatalogService } from './catalog.ts';
import type { CustomerLinks } from './customers.ts';
import { createParkedStore } from './parked.ts';
import type { PeopleService } from './people.ts';
import * as drafts from './sale/draft.ts';
import type { Draft, DraftChange, PricedOpenSale } from './sale/draft.ts';
import { resolveScan } from './sale/scan.ts';
import { createSaleStore } from './sale/store.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement, StockService } from './stock.ts';

export type { PricedOpenSale } from './sale/draft.ts';

/** Told of each completed sale with its receipt, after it committed. */
export type CompletedListener = (receipt: Receipt) => void;

/** Each method takes the parsed input of its channel (src/shared/contract.ts). */
export interface SalesService {
  current(): OpenSale;
  /** Adds what a scanned or typed code refers to (barcode, then SKU). */
  scan(input: ParsedInput<'sale.scan'>): OpenSale;
  /** Pieces for 'each' (default 1; adds to an existing line), grams for 'kg' (required; always a new line). */
  addProduct(input: ParsedInput<'sale.addProduct'>): OpenSale;
  /** Lowering a quantity is a partial void: 'line.void', audited. */
  setQuantity(input: ParsedInput<'sale.setQuantity'>): OpenSale;
  /** A line void: 'line.void', audited. */
  removeLine(input: ParsedInput<'sale.removeLine'>): OpenSale;
  /** Card may not exceed what is due; cash may, and the difference is change. */
  addTender(input: ParsedInput<'sale.addTender'>): OpenSale;
  removeTender(input: ParsedInput<'sale.removeTender'>): OpenSale;
  /** Drops the open sale and starts a new one; with items, needs 'sale.cancel' and is audited. */
  cancel(input?: ParsedInput<'sale.cancel'>): OpenSale;
  /** A null discount clears it. Beyond the user's role limit: 'discount.overLimit', audited. */
  discountLine(input: ParsedInput<'sale.discountLine'>): OpenSale;
  discountCart(input: ParsedInput<'sale.discountCart'>): OpenSale;
  /** A new unit price (per kg for weighed goods): 'price.override', audited. */
  overridePrice(input: ParsedInput<'sale.overridePrice'>): OpenSale;
  /** Puts the open sale aside and starts a new one. */
  park(): OpenSale;
  /** Brings back a parked sale; an open sale with items is parked in its place. */
  resume(input: ParsedInput<'sale.resume'>): OpenSale;
  /** Oldest first. */
  parked(): ParkedSaleSummary[];
  /** Names a parked sale ("Blue coat, back in 5 min"); an empty name takes the name away. */
  nameParked(input: ParsedInput<'sale.nameParked'>): ParkedSaleSummary[];
  /** For the returns service: the open sale as the new side of an exchange. */
  exchange: SaleExchange;
  /**
   * Writes the sale, its stock movements and its outbox event in one transaction, when the open sale says it
   * can be completed (`canComplete`; otherwise throws its code and reason). Returns everything the screen shows
   * next: the receipt and the new open sale.
   */
  complete(): SaleCompletion;
  receipt(input: ParsedInput<'sale.receipt'>): Receipt;
  /** This register's completed sales, newest first, with who sold them and whether they were voided or returned. */
  recent(input: ParsedInput<'sale.recent'>): RecentSale[];
  /** Called after each completed sale commits (printing, the sync pump). A throwing listener is only logged. */
  onCompleted(listener: CompletedListener): () => void;
  close(): void;
}

export interface SalesServiceDeps extends LedgerDeps {
  settings: SettingsService;
  catalog: Pick<CatalogService, 'lookupCode' | 'productById'>;
  stock: Pick<StockService, 'onHand'>;
  record: RecordMovement;
  /** Who is selling and in which shift; throws NOT_LOGGED_IN or NO_OPEN_SHIFT when nobody may sell. */
  seller: () => { userId: string; shiftId: string };
  people: Pick<PeopleService, 'authorize' | 'requireUser' | 'userRef'>;
  counters: Counters;
  customers: CustomerLinks;
}

/**
 * Completing the open sale as the new side of an exchange, inside the return's transaction: the returned goods'
 * value pays first (credit), then the sale's own tenders and the payments taken on the return screen.
 */
export interface SaleExchange {
  /** The open sale settled that way (dueMinor > 0: not paid yet). Throws EMPTY_SALE for an empty sale. */
  settle(creditMinor: number, payments: Refund[]): PricedOpenSale;
  /** Writes it. Call inside the return's transaction with what settle() gave. */
  commit(sale: PricedOpenSale, credit: ExchangeCredit, completedAt: string): CompletedSale;
  /** After that transaction committed: stock and completed-sale listeners told; returns the new empty sale. */
  completed(sale: CompletedSale): OpenSale;
}

const notParked = (): CounterError =>
  new CounterError(
    'NOT_FOUND',
    'That sale is not parked any more (it may have been resumed already): look at the parked sales again.',
  );

const refused = (block: SaleCompletionBlock): CounterError => new CounterError(block.code, block.reason);

export function createSalesService(deps: SalesServiceDeps): SalesService {
  const { db, events, now, appendOutbox } = deps;
  const { settings, catalog, stock, record, seller, people, counters, customers } = deps;
  const store = createSaleStore(db);
  const parked = createParkedStore(db);
  const listeners = new Set<CompletedListener>();
  let draft: Draft = store.savedDraft() ?? drafts.emptyDraft(now().toISOString());

  const money: drafts.Money = (minor) => {
    const { currency, locale } = settings.store();
    return formatMoney(minor, currency, locale);
  };
  const price = (sale: Draft, creditMinor = 0): PricedOpenSale =>
    drafts.price(sale, settings.store(), creditMinor);

  /** Why a sale priced so cannot be written now (its own state first, then who sells), or null. */
  function completionBlock(sale: PricedOpenSale, creditMinor: number): SaleCompletionBlock | null {
    const block = drafts.completionBlock(sale, creditMinor, money);
    if (block) return block;
    try {
      seller();
      return null;
    } catch (error) {
      if (isCounterError(error) && (error.code === 'NOT_LOGGED_IN' || error.code === 'NO_OPEN_SHIFT')) {
        return { code: error.code, reason: error.message };
      }
      throw error;
    }
  }

  /** The draft as the screen shows it: priced, settled, with stock warnings and whether it can be completed. */
  function present(sale: Draft): OpenSale {
    const priced = price(sale);
    return {
      ...priced,
      stockWarnings: drafts.stockWarnings(sale.lines, (productId) => stock.onHand(productId)),
      canComplete: completionBlock(priced, 0) ?? true,
    };
  }

  function show(next: Draft, sale: OpenSale): OpenSale {
    draft = next;
    events.emit('sale.changed', sale);
    return sale;
  }

  /** The draft as the screen shows it, refused when its total goes beyond what one sale may reach. */
  function presentWithinLimit(next: Draft): OpenSale {
    const sale = present(next);
    const largest = Math.max(sale.totals.subtotalMinor, sale.totals.totalMinor);
    if (largest > MAX_SALE_TOTAL_MINOR) {
      throw new CounterError(
        'NOT_ALLOWED',
        `That would take the sale to ${money(largest)}, more than one sale may be (${money(MAX_SALE_TOTAL_MINOR)}): check the quantity and price, or split it into several sales.`,
      );
    }
    return sale;
  }

  /** A change that needs no permission: priced first (so a draft that cannot be priced is never saved), then saved. */
  function update(next: Draft): OpenSale {
    const sale = presentWithinLimit(next);
    store.saveDraft(next, now().toISOString());
    return show(next, sale);
  }

  /**
   * A change that may need permissions: each action is authorized (by `approval` when the user lacks it) and
   * audited in the transaction that saves the draft, so the log has exactly the changes that happened. A discount
   * that goes beyond the user's limit needs 'discount.overLimit': the one being set (`discountKey`: a line id or
   * 'cart'), or one this change pushes over (a line shrinking under an amount discount).
   */
  function change(
    { next, actions, details, discountKey }: DraftChange,
    approval: Approval | undefined,
  ): OpenSale {
    const sale = presentWithinLimit(next);
    const { maxDiscountPercent } = people.requireUser().policy;
    const wasOver = new Set(discountsOverLimit(price(draft), maxDiscountPercent));
    const overLimit = discountsOverLimit(sale, maxDiscountPercent).some(
      (key) => key === discountKey || !wasOver.has(key),
    );
    saveChange.immediate(
      next,
      [...actions, ...(overLimit ? (['discount.overLimit'] as const) : [])],
      approval,
      {
        saleId: next.saleId,
        ...details,
        ...(overLimit ? { limitPercent: maxDiscountPercent } : {}),
      },
    );
    return show(next, sale);
  }

  const saveChange = db.transaction(
    (
      next: Draft,
      actions: DraftChange['actions'],
      approval: Approval | undefined,
      details: Record<string, unknown>,
    ) => {
      for (const action of actions) people.authorize(action, approval, details);
      store.saveDraft(next, now().toISOString());
    },
  );

  function startNewSale(): OpenSale {
    const next = drafts.emptyDraft(now().toISOString());
    return show(next, present(next));
  }

  function add(match: Parameters<typeof drafts.addItem>[1]): OpenSale {
    seller(); // nothing is rung up while nobody may sell (no one logged in, register locked, no open shift)
    return update(drafts.addItem(draft, match, now().toISOString()));
  }

  const commit = db.transaction(
    (sale: PricedOpenSale, completedAt: string, exchange?: ExchangeCredit): CompletedSale => {
      const { userId, shiftId } = seller();
      const register = settings.register();
      const customerId = customers.ofOpenSale(sale.saleId);
      const payload: SalePayload = {
        saleId: sale.saleId,
        receiptNumber: counters.nextNumber('receipt', register.receiptPrefix),
        completedAt,
        storeId: register.storeId,
        registerId: register.registerId,
        currency: settings.store().currency,
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
      store.insert(completed, sale, exchange);
      if (customerId !== undefined) customers.link('sale', sale.saleId, customerId, completedAt);
      for (const line of completed.lines) {
        record({
          productId: line.productId,
          delta: -line.quantity,
          reason: 'SALE',
          document: { kind: saleCompleted.type, id: sale.saleId },
          outboxSeq: completed.outboxSeq,
          userId,
          occurredAt: completedAt,
        });
      }
      store.deleteDraft(sale.saleId);
      return completed;
    },
  );

  const receiptOf = (sale: CompletedSale): Receipt => ({
    sale,
    settings: settings.store(),
    cashier: sale.userId === null ? null : people.userRef(sale.userId).name,
    customer: customers.receiptName(sale.saleId),
  });

  function afterCompleted(completed: CompletedSale): SaleCompletion {
    const next = startNewSale();
    events.emit('stock.changed', {
      productIds: [...new Set(completed.lines.map((line) => line.productId))],
    });
    const receipt = receiptOf(completed);
    notifyCompleted(receipt);
    return { receipt, next };
  }

  function refuseWithPayments(what: string): void {
    if (draft.tenders.length > 0) {
      throw new CounterError(
        'NOT_ALLOWED',
        `The open sale has payments on it: complete it, or remove its payments, before ${what}.`,
      );
    }
  }

  /** Cancelling would drop payments the customer has already made, and nothing would tell anyone to give them back. */
  function refuseCancelWithPayments(): void {
    if (draft.tenders.length === 0) return;
    const paid = money(draft.tenders.reduce((sum, tender) => sum + tender.amountMinor, 0));
    throw new CounterError(
      'NOT_ALLOWED',
      `The customer has paid ${paid} on this sale: give it back (hand back the cash, refund the card) and remove those payments before cancelling the sale, or complete it.`,
    );
  }

  const cancelSale = db.transaction((approval: Approval | undefined, details: Record<string, unknown>) => {
    people.authorize('sale.cancel', approval, details);
    store.deleteDraft(draft.saleId);
  });

  const parkDraft = db.transaction((sale: Draft, userId: string) => {
    parked.put({
      saleId: sale.saleId,
      parkedAt: now().toISOString(),
      parkedBy: userId,
      draft: JSON.stringify(sale),
    });
    store.deleteDraft(sale.saleId);
  });

  /** Takes `saleId` out of the parked sales, parking `current` in its place when it has items. */
  const resumeDraft = db.transaction((saleId: string, current: Draft, userId: string): Draft => {
    const row = parked.take(saleId);
    if (!row) throw notParked();
    if (current.lines.length > 0) parkDraft(current, userId);
    else store.deleteDraft(current.saleId);
    const resumed = JSON.parse(row.draft) as Draft;
    store.saveDraft(resumed, now().toISOString());
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
        itemCount: drafts.itemCount(parkedDraft),
        totalMinor: price(parkedDraft).totals.totalMinor,
        preview: parkedDraft.lines.slice(0, 3).map((line) => line.name),
      };
    });

  function notifyCompleted(receipt: Receipt): void {
    const logFailure = (error: unknown): void => console.error('A completed-sale listener failed', error);
    for (const listener of listeners) {
      try {
        const result: unknown = listener(receipt);
        if (result instanceof Promise) result.catch(logFailure);
      } catch (error) {
        logFailure(error);
      }
    }
  }

  return {
    current: () => present(draft),

    scan: ({ code }) => add(resolveScan(catalog, code, settings.barcodeOptions(), now())),

    addProduct: ({ productId, quantity }) => {
      const product = catalog.productById(productId);
      if (!product)
        throw new CounterError('NOT_FOUND', 'That product is not in the catalog any more: search again.');
      return add({ product, quantity });
    },

    setQuantity: ({ lineId, quantity, approval }) =>
      change(drafts.setQuantity(draft, lineId, quantity), approval),

    removeLine: ({ lineId, approval }) => change(drafts.removeLine(draft, lineId), approval),

    addTender: ({ kind, amountMinor }) =>
      update(drafts.addTender(draft, kind, amountMinor, settings.store(), money)),

    removeTender: ({ tenderId }) => update(drafts.removeTender(draft, tenderId)),

    cancel: (input) => {
      refuseCancelWithPayments();
      if (draft.lines.length === 0) {
        store.deleteDraft(draft.saleId);
      } else {
        const sale = price(draft);
        cancelSale.immediate(input?.approval, {
          saleId: sale.saleId,
          lines: sale.lines.length,
          totalMinor: sale.totals.totalMinor,
          paidMinor: sale.paidMinor,
        });
      }
      return startNewSale();
    },

    discountLine: ({ lineId, discount, reason, approval }) =>
      change(drafts.discountLine(draft, lineId, discount, reason), approval),

    discountCart: ({ discount, reason, approval }) =>
      change(drafts.discountCart(draft, discount, reason), approval),

    overridePrice: ({ lineId, unitPriceMinor, reason, approval }) =>
      change(drafts.overridePrice(draft, lineId, unitPriceMinor, reason), approval),

    park: () => {
      if (draft.lines.length === 0) {
        throw new CounterError('EMPTY_SALE', 'There is nothing to park: the sale is empty.');
      }
      refuseWithPayments('parking it');
      parkDraft.immediate(draft, people.requireUser().userId);
      return startNewSale();
    },

    resume: ({ saleId }) => {
      refuseWithPayments('resuming another sale');
      const { userId } = people.requireUser();
      const resumed = resumeDraft.immediate(saleId, draft, userId);
      return show(resumed, present(resumed));
    },

    parked: listParked,

    nameParked: ({ saleId, name }) => {
      people.requireUser();
      if (!parked.name(saleId, name.trim() || null)) throw notParked();
      return listParked();
    },

    complete: () => {
      const sale = price(draft);
      const block = completionBlock(sale, 0);
      if (block) throw refused(block);
      return afterCompleted(commit.immediate(sale, now().toISOString()));
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
        const block = drafts.completionBlock(sale, credit.creditMinor, money);
        if (block) throw refused(block);
        return commit(sale, completedAt, credit);
      },
      completed: (sale) => afterCompleted(sale).next,
    },

    receipt: ({ saleId }) => {
      const sale = store.completed(saleId);
      if (!sale)
        throw new CounterError('NOT_FOUND', 'No completed sale has that id: look the receipt up again.');
      return receiptOf(sale);
    },

    recent: ({ limit }) => store.recent(limit),

    onCompleted: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    close: () => listeners.clear(),
  };
}
