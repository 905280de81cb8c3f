/**
 * Returns, exchanges and post-voids. Each is one transaction: the document, its lines, its refunds, the stock
 * movements (sellable goods back on hand with RETURN or VOID movements, damaged goods into the damaged state,
 * never on hand), the audit entries for what was approved and the outbox event.
 *
 * - A receipt is found in this ledger first, then through head office (another register's or store's sale).
 *   What is still returnable is sold minus every earlier return this register made and head office knows of;
 *   for a sale in this ledger it is read again inside the return's transaction, and a trigger refuses more.
 * - Money goes back the way it came (src/shared/returns.ts): card first, then cash up to what was paid in
 *   cash; all in cash when asked, beyond that with 'return.cashOverPaid'. Without receipt: today's catalog
 *   price, a reason, 'return.noReceipt', refunded in cash.
 * - Exchange: the open sale's items are the new side. The returned goods pay for them first (the sale records
 *   that credit); the rest is paid with the payments given, or refunded. Both documents commit together.
 * - Post-void: a sale of today, whole, nothing returned of it yet, with 'sale.postVoid'. The sale stays; the
 *   void cancels it, puts its stock back and refunds exactly what was paid, per tender.
 * - Sales paid partly with exchange credit: that part counts as paid in cash when the goods come back again.
 */
import type { LedgerDeps } from './ledger-deps.ts';
import type { ParsedInput } from '../../shared/contract.ts';
import type {
  CompletedReturn,
  CompletedSale,
  Product,
  RecentReturn,
  ReturnableSale,
  ReturnQuote,
  ReturnReceipt,
  ReturnResult,
  SaleVoid,
} from '../../shared/domain.ts';
import { returnCompleted, type ReturnPayload } from '../../shared/documents/return.ts';
import { saleVoided, type VoidPayload } from '../../shared/documents/void.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { formatMoney } from '../../shared/money.ts';
import { roleHasPermission } from '../../shared/permissions.ts';
import { receiptNumberOf, type ReturnRequest } from '../../shared/returns.ts';
import type { LookupReceiptReply } from '../../shared/sync/protocol.ts';
import type { Counters } from '../ledger/counters.ts';
import { pickedProduct, type CatalogService } from './catalog.ts';
import type { CustomerLinks } from './customers.ts';
import type { PeopleService } from './people.ts';
import type { ShiftsService } from './shifts.ts';
import { createReturnStore } from './return/store.ts';
import {
  checkVoidable,
  noOthers,
  othersOf,
  refundsOfVoid,
  returnable,
  shapedLikeReceiptNumber,
  workReturn,
  type Found,
  type Worked,
} from './return/work.ts';
import type { SalesService } from './sales.ts';
import type { SettingsService } from './settings.ts';
import type { RecordMovement } from './stock.ts';

export interface ReturnsService {
  /** A typed or scanned receipt number: this ledger first, then head office. */
  lookup(input: ParsedInput<'return.lookup'>): Promise<ReturnableSale>;
  /** What the return would refund or charge and which approvals it needs; writes nothing. */
  quote(request: ReturnRequest): Promise<ReturnQuote>;
  complete(request: ReturnRequest): Promise<ReturnResult>;
  postVoid(input: ParsedInput<'sale.postVoid'>): SaleVoid;
  /** This register's returns, newest first. */
  recent(input: ParsedInput<'return.recent'>): RecentReturn[];
  /** A return of this register by its typed or scanned receipt number, as recorded; null when none has it. */
  receipt(input: ParsedInput<'return.receipt'>): ReturnReceipt | null;
  /** Called after each return or void commits (its receipt prints). A throwing listener is only logged. */
  onRecorded(listener: (recorded: Recorded) => void): () => void;
}

/** A return or post-void that just committed. */
export type Recorded = { kind: 'return'; document: CompletedReturn } | { kind: 'void'; document: SaleVoid };

/** Asks head office for a sale this ledger does not have; null when head office cannot be asked now. */
export type LookupRemoteReceipt = (receiptNumber: string) => Promise<LookupReceiptReply | null>;

export interface ReturnsDeps extends LedgerDeps {
  settings: Pick<SettingsService, 'store' | 'register'>;
  catalog: Pick<CatalogService, 'productById'>;
  sales: Pick<SalesService, 'receipt' | 'current' | 'exchange'>;
  record: RecordMovement;
  people: Pick<PeopleService, 'authorize' | 'requireUser'>;
  counters: Counters;
  /** Who acts and in which shift; throws NOT_LOGGED_IN or NO_OPEN_SHIFT. */
  seller: () => { userId: string; shiftId: string };
  lookupRemote: LookupRemoteReceipt;
  customers: CustomerLinks;
  /** Refuses a cash refund the drawer should not hold (ShiftsService.requireCashFor). */
  requireCashFor: ShiftsService['requireCashFor'];
}

export function createReturnsService(deps: ReturnsDeps): ReturnsService {
  const { db, events, now, appendOutbox } = deps;
  const { settings, catalog, sales, record, people, counters, seller, customers } = deps;
  const store = createReturnStore(db);
  const listeners = new Set<(recorded: Recorded) => void>();

  const money = (minor: number): string => {
    const store = settings.store();
    return formatMoney(minor, store.currency, store.locale);
  };
  const nextReceiptNumber = (): string => counters.nextNumber('receipt', settings.register().receiptPrefix);

  /** Another store's sale: its payments are that store's, so a return of it here refunds in cash. */
  const paidElsewhere = (sale: CompletedSale): boolean => sale.storeId !== settings.register().storeId;

  const cannotVerify = (receiptNumber: string, why: string): CounterError =>
    new CounterError(
      'HEAD_OFFICE_UNREACHABLE',
      `Cannot verify receipt ${receiptNumber}: ${why}. Take the return without receipt instead (a manager approves it).`,
    );

  /**
   * The sale behind a receipt number: this ledger first, then head office. For a sale of this register, head
   * office is asked too (when it can be) what other registers returned of it; without an answer, this
   * register's own returns are all it counts.
   */
  async function find(receiptNumber: string): Promise<Found> {
    const saleId = store.saleIdByReceipt(receiptNumber);
    if (saleId) {
      const reply = await deps.lookupRemote(receiptNumber);
      const others = reply?.status === 'found' && reply.sale.saleId === saleId ? othersOf(reply) : noOthers();
      const { sale, cashier } = sales.receipt({ saleId });
      return { sale, cashier, source: 'local', others };
    }
    if (store.isReturnOrVoidReceipt(receiptNumber)) {
      throw new CounterError(
        'INVALID_INPUT',
        `${receiptNumber} is the receipt of a return or a void, not of a sale: scan the receipt of the original sale.`,
      );
    }
    const prefix = settings.register().receiptPrefix;
    if (!shapedLikeReceiptNumber(receiptNumber, prefix)) {
      // Not a receipt number at all (typed without its prefix, say): no register has it, head office included.
      throw new CounterError(
        'NOT_FOUND',
        `No sale has receipt number ${receiptNumber}. Receipt numbers look like ${prefix}000123: the register's prefix${prefix ? ` (${prefix} on this register)` : ''} and six digits. Check the number on the receipt, or take the return without receipt (a manager approves it).`,
      );
    }
    const reply = await deps.lookupRemote(receiptNumber);
    if (reply === null)
      throw cannotVerify(receiptNumber, 'it is not from this register and head office cannot be reached now');
    switch (reply.status) {
      case 'found':
        return {
          sale: reply.sale,
          cashier: null,
          source: 'head-office',
          others: othersOf(reply),
        };
      case 'not_found':
        throw new CounterError(
          'NOT_FOUND',
          `No sale has receipt number ${receiptNumber}, here or at head office: check the number, or take the return without receipt (a manager approves it).`,
        );
      case 'ambiguous':
        throw cannotVerify(receiptNumber, reply.reason);
      default:
        throw cannotVerify(receiptNumber, `head office could not answer (${reply.reason})`);
    }
  }

  /** What is returnable of a found sale, with this ledger's own returns read now (inside a transaction if any). */
  const returnableOf = (found: Found): ReturnableSale =>
    returnable(found, store.history(found.sale.saleId), paidElsewhere(found.sale));

  /** The whole return worked out; throws for anything that cannot be returned. Writes nothing. */
  function work(request: ReturnRequest, found: Found | null): Worked {
    return workReturn(request, found ? returnableOf(found) : null, {
      store: settings.store(),
      money,
      paidElsewhere: found !== null && paidElsewhere(found.sale),
      products:
        request.from.kind === 'no-receipt'
          ? request.from.items.map(({ productId }) => product(productId))
          : [],
      requireCashFor: deps.requireCashFor,
      settleExchange: (returnedMinor, payments) => {
        const creditMinor = Math.min(returnedMinor, sales.current().totals.totalMinor);
        return { sale: sales.exchange.settle(creditMinor, payments), creditMinor };
      },
    });
  }

  function product(productId: number): Product {
    return pickedProduct(catalog, productId);
  }

  const commitReturn = db.transaction(
    (request: ReturnRequest, found: Found | null): Omit<ReturnResult, 'nextSale'> => {
      const { userId, shiftId } = seller();
      const worked = work(request, found);
      const register = settings.register();
      const completedAt = now().toISOString();
      const returnId = newId();
      const receiptNumber = nextReceiptNumber();
      const approvals = worked.needed.map((action) =>
        people.authorize(action, request.approval, {
          returnId,
          receiptNumber,
          originalReceiptNumber: worked.original?.receiptNumber ?? null,
          reason: request.reason ?? null,
          totalMinor: worked.totals.totalMinor,
          refunds: worked.plan.refunds,
        }),
      );

      const exchangeSale = worked.exchange
        ? sales.exchange.commit(
            worked.exchange.sale,
            { returnId, receiptNumber, creditMinor: worked.exchange.creditMinor },
            completedAt,
          )
        : null;
      const payload: ReturnPayload = {
        returnId,
        receiptNumber,
        completedAt,
        storeId: register.storeId,
        registerId: register.registerId,
        currency: settings.store().currency,
        original: worked.original,
        reason: request.reason ?? null,
        userId,
        approverId: approvals.find((approval) => approval.approverId !== null)?.approverId ?? null,
        shiftId,
        lines: worked.lines,
        totals: worked.totals,
        refunds: worked.plan.refunds,
        roundingMinor: worked.roundingMinor,
        exchange: exchangeSale
          ? {
              saleId: exchangeSale.saleId,
              receiptNumber: exchangeSale.receiptNumber,
              creditMinor: worked.exchange!.creditMinor,
            }
          : null,
        ...(request.customerId === undefined ? {} : { customerId: request.customerId }),
      };
      const completed: CompletedReturn = {
        ...payload,
        outboxSeq: appendOutbox(returnCompleted.type, completedAt, payload),
      };

      store.insertReturn(completed, shiftId);
      if (completed.customerId !== undefined)
        customers.link('return', returnId, completed.customerId, completedAt);
      for (const line of completed.lines) {
        // Damaged goods come back into the damaged state: here, but not sellable.
        record({
          productId: line.productId,
          state: line.disposition === 'sellable' ? 'on_hand' : 'damaged',
          delta: line.quantity,
          reason: 'RETURN',
          document: { kind: returnCompleted.type, id: returnId },
          outboxSeq: completed.outboxSeq,
          userId,
          occurredAt: completedAt,
        });
      }
      return { return: completed, exchangeSale };
    },
  );

  const commitVoid = db.transaction(
    ({ saleId, reason, approval }: ParsedInput<'sale.postVoid'>): SaleVoid => {
      const { userId, shiftId } = seller();
      const sale = sales.receipt({ saleId }).sale;
      const voidedAt = now();
      checkVoidable(sale, store.history(saleId).voidReceiptNumber, store.anyReturnOf(saleId), voidedAt);
      const refunds = refundsOfVoid(sale);
      const cashMinor = refunds.find((refund) => refund.kind === 'cash')?.amountMinor ?? 0;
      if (cashMinor > 0)
        deps.requireCashFor(
          cashMinor,
          `the ${money(cashMinor)} paid in cash cannot be given back`,
          'bring cash back into the drawer first (cash in), then void the sale',
        );
      const register = settings.register();
      const at = voidedAt.toISOString();
      const voidId = newId();
      const receiptNumber = nextReceiptNumber();
      const who = people.authorize('sale.postVoid', approval, {
        voidId,
        receiptNumber,
        saleReceiptNumber: sale.receiptNumber,
        reason,
        totalMinor: sale.totals.totalMinor,
        refunds,
      });
      const payload: VoidPayload = {
        voidId,
        receiptNumber,
        saleId,
        saleReceiptNumber: sale.receiptNumber,
        voidedAt: at,
        storeId: register.storeId,
        registerId: register.registerId,
        reason,
        userId,
        approverId: who.approverId,
        shiftId,
        totalMinor: sale.totals.totalMinor,
        lines: sale.lines.map(({ productId, sku, quantity }) => ({ productId, sku, quantity })),
        refunds,
      };
      const voided: SaleVoid = { ...payload, outboxSeq: appendOutbox(saleVoided.type, at, payload) };
      store.insertVoid(voided, shiftId);
      for (const line of voided.lines) {
        record({
          productId: line.productId,
          delta: line.quantity,
          reason: 'VOID',
          document: { kind: saleVoided.type, id: voided.voidId },
          outboxSeq: voided.outboxSeq,
          userId: voided.userId,
          occurredAt: at,
        });
      }
      return voided;
    },
  );

  function announce(recorded: Recorded, productIds: number[]): void {
    events.emit('stock.changed', { productIds: [...new Set(productIds)] });
    for (const listener of listeners) {
      try {
        listener(recorded);
      } catch (error) {
        console.error('A return listener failed', error);
      }
    }
  }

  const foundFor = async (request: ReturnRequest): Promise<Found | null> =>
    request.from.kind === 'receipt' ? find(receiptNumberOf(request.from.receiptNumber)) : null;

  return {
    lookup: async ({ code }) => returnableOf(await find(receiptNumberOf(code))),

    quote: async (request) => {
      const worked = work(request, await foundFor(request));
      const { role } = people.requireUser();
      return {
        original: worked.original,
        lines: worked.lines,
        totals: worked.totals,
        exchange: worked.exchange
          ? {
              saleTotalMinor: worked.exchange.sale.totals.totalMinor,
              creditMinor: worked.exchange.creditMinor,
            }
          : null,
        balanceDueMinor: worked.exchange?.sale.dueMinor ?? 0,
        refundMinor: worked.plan.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0),
        refunds: worked.plan.refunds,
        roundingMinor: worked.roundingMinor,
        approvalsNeeded: worked.needed.filter((action) => !roleHasPermission(role, action)),
      };
    },

    complete: async (request) => {
      const found = await foundFor(request);
      const result = commitReturn.immediate(request, found);
      // The return's receipt first, then the exchange sale's.
      announce(
        { kind: 'return', document: result.return },
        result.return.lines.map((line) => line.productId),
      );
      const nextSale = result.exchangeSale ? sales.exchange.completed(result.exchangeSale) : null;
      return { ...result, nextSale };
    },

    postVoid: (input) => {
      const voided = commitVoid.immediate(input);
      announce(
        { kind: 'void', document: voided },
        voided.lines.map((line) => line.productId),
      );
      return voided;
    },

    recent: ({ limit }) => store.recent(limit),

    receipt: ({ code }) => {
      const row = store.recordedReturn(receiptNumberOf(code));
      if (!row) return null;
      const recorded = returnCompleted.schema.parse(JSON.parse(row.payload));
      return {
        return: { ...recorded, outboxSeq: row.outboxSeq },
        settings: settings.store(),
        cashier: row.cashier,
      };
    },

    onRecorded: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
