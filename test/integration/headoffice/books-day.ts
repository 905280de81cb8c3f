/**
 * A random business day of one register, as its ledger would write it: sales priced with the register's own
 * pricing (src/shared/tax.ts, tender.ts) with line and cart discounts, cash and card with change and cash
 * rounding, returns without receipt, post-voids, cash paid in and out, and the Z reports of its shifts with what
 * was counted. The journal tests send it to head office and compare the journal with the Z reports.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { auditRecorded } from '../../../src/shared/documents/audit.ts';
import { returnCompleted, type ReturnPayload } from '../../../src/shared/documents/return.ts';
import { saleCompleted, type SalePayload } from '../../../src/shared/documents/sale.ts';
import { shiftClosed, type ShiftClosedPayload } from '../../../src/shared/documents/shift.ts';
import { saleVoided, type VoidPayload } from '../../../src/shared/documents/void.ts';
import type { Discount } from '../../../src/shared/discount.ts';
import type { Tender } from '../../../src/shared/domain.ts';
import type { DocumentType } from '../../../src/shared/documents/registry.ts';
import { computeShiftTotals, type ShiftDocuments } from '../../../src/shared/shift-totals.ts';
import type { ShiftTotals } from '../../../src/shared/shift-report.ts';
import { priceSale, type PricedLineResult } from '../../../src/shared/tax.ts';
import { roundCash, settle } from '../../../src/shared/tender.ts';
import type { UpstreamEvent } from '../../../src/shared/sync/protocol.ts';
import { outboxEvent, taxRates, type Who } from './helpers.ts';

const line = fc.record({
  taxCode: fc.constantFrom('STD', 'RED'),
  quantity: fc.integer({ min: 1, max: 4 }),
  unitPriceMinor: fc.integer({ min: 1, max: 5_000 }),
  percentOff: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
});

const saleSpec = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  cartPercentOff: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  /** What part is paid by card (the rest in cash, with a note larger than it). */
  card: fc.constantFrom('none', 'all', 'some'),
  extraCashMinor: fc.integer({ min: 0, max: 2_000 }),
  then: fc.constantFrom('keep', 'keep', 'keep', 'void'),
});

const returnSpec = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 2 }),
  refund: fc.constantFrom('cash', 'card'),
  /** An exchange: the goods' value pays for a new sale of these lines, the rest by card or refunded. */
  exchangeFor: fc.option(fc.array(line, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

const cashMovement = fc.record({
  kind: fc.constantFrom('in' as const, 'out' as const),
  amountMinor: fc.integer({ min: 1, max: 20_000 }),
});

const shiftSpec = fc.record({
  sales: fc.array(saleSpec, { maxLength: 6 }),
  returns: fc.array(returnSpec, { maxLength: 2 }),
  cashMovements: fc.array(cashMovement, { maxLength: 2 }),
  overShortMinor: fc.integer({ min: -500, max: 500 }),
});

export const daySpec = fc.record({
  pricesIncludeTax: fc.boolean(),
  /** The store's smallest coin: 0 (no rounding) or 5. */
  cashRoundingMinor: fc.constantFrom(0, 5),
  shifts: fc.array(shiftSpec, { minLength: 1, maxLength: 2 }),
});
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;
export type DaySpec = Generated<typeof daySpec>;

/** What the register sent for the day, with its Z reports and what the vouchers the journal undoes held. */
export interface RandomDay {
  events: UpstreamEvent[];
  zReports: ShiftClosedPayload[];
  /** Discounts and rounding of sales voided later: the journal takes them out, the Z report keeps them. */
  voided: { discountMinor: number; roundingMinor: number };
}

const priced = (spec: { lines: Generated<typeof line>[] }, pricesIncludeTax: boolean, cart?: Discount) =>
  priceSale(
    spec.lines.map((l, i) => ({
      lineId: `line-${i + 1}`,
      unit: 'each' as const,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      taxCode: l.taxCode,
      ...(l.percentOff ? { discount: { kind: 'percent' as const, basisPoints: l.percentOff * 100 } } : {}),
    })),
    taxRates,
    pricesIncludeTax,
    cart ?? null,
  );

/** A line as sold or taken back: the product, and what pricing made of it. */
const soldLine = (spec: Generated<typeof line>, result: PricedLineResult, index: number) => ({
  productId: index + 1,
  sku: `SKU-${index}`,
  name: `Product ${index}`,
  unit: 'each' as const,
  quantity: spec.quantity,
  unitPriceMinor: spec.unitPriceMinor,
  taxCode: spec.taxCode,
  taxRateBasisPoints: result.taxRateBasisPoints,
  amountMinor: result.amountMinor,
  taxMinor: result.taxMinor,
  totalMinor: result.totalMinor,
});

/**
 * The day `spec` describes, its documents happening a minute apart from `start`; seqs from `firstSeq`. The Z
 * reports are computed from the documents with the register's own function, as the register does.
 */
export function randomDay(spec: DaySpec, who: Who, start: Date, firstSeq = 1): RandomDay {
  let seq = firstSeq - 1;
  let minute = 0;
  const at = () => new Date(start.getTime() + (minute += 1) * 60_000).toISOString();
  const events: UpstreamEvent[] = [];
  const send = (type: DocumentType, payload: object, occurredAt: string): number => {
    seq += 1;
    events.push({ ...outboxEvent(seq, payload, type), occurredAt });
    return seq;
  };
  const zReports: ShiftClosedPayload[] = [];
  const voided = { discountMinor: 0, roundingMinor: 0 };

  spec.shifts.forEach((shift, shiftIndex) => {
    const shiftId = randomUUID();
    const shiftFirstSeq = seq;
    const openedAt = at();
    const documents: ShiftDocuments = { sales: [], returns: [], voids: [], cashMovements: [] };
    for (const [index, saleSpecOf] of shift.sales.entries()) {
      const cart = saleSpecOf.cartPercentOff
        ? ({ kind: 'percent', basisPoints: saleSpecOf.cartPercentOff * 100 } as const)
        : undefined;
      const { lines, totals } = priced(saleSpecOf, spec.pricesIncludeTax, cart);
      const total = totals.totalMinor;
      const cardMinor =
        saleSpecOf.card === 'all' ? total : saleSpecOf.card === 'some' ? Math.floor(total / 2) : 0;
      const cashPart = total - cardMinor;
      const tenders: Tender[] = [];
      if (cardMinor > 0) tenders.push({ tenderId: `card-${seq}`, kind: 'card', amountMinor: cardMinor });
      if (cashPart > 0)
        tenders.push({
          tenderId: `cash-${seq}`,
          kind: 'cash',
          amountMinor: roundCash(cashPart, spec.cashRoundingMinor) + saleSpecOf.extraCashMinor,
        });
      const settled = settle(total, tenders, spec.cashRoundingMinor);
      const completedAt = at();
      const sale: SalePayload = {
        saleId: randomUUID(),
        receiptNumber: `R-${shiftIndex}-${index}-${seq + 1}`,
        completedAt,
        storeId: who.storeId,
        registerId: who.registerId,
        currency: 'EUR',
        lines: lines.map((l, i) => ({
          lineId: l.lineId,
          ...soldLine(saleSpecOf.lines[i]!, l, i),
          ...(l.cartDiscountMinor ? { cartDiscountMinor: l.cartDiscountMinor } : {}),
        })),
        totals,
        tenders,
        changeMinor: settled.changeMinor,
        userId: 'user-1',
        shiftId,
        ...(settled.roundingMinor !== 0 ? { roundingMinor: settled.roundingMinor } : {}),
      };
      send(saleCompleted.type, sale, completedAt);
      documents.sales.push(sale);
      if (saleSpecOf.then === 'void') {
        const paid = (kind: 'cash' | 'card') =>
          tenders.filter((t) => t.kind === kind).reduce((sum, t) => sum + t.amountMinor, 0);
        const refunds = [
          { kind: 'card' as const, amountMinor: paid('card') },
          { kind: 'cash' as const, amountMinor: paid('cash') - settled.changeMinor },
        ].filter((refund) => refund.amountMinor > 0);
        const voidedAt = at();
        const saleVoid: VoidPayload = {
          voidId: randomUUID(),
          receiptNumber: `V-${seq + 1}`,
          saleId: sale.saleId,
          saleReceiptNumber: sale.receiptNumber,
          voidedAt,
          storeId: who.storeId,
          registerId: who.registerId,
          reason: 'Rung up by mistake',
          userId: 'user-1',
          approverId: 'manager-1',
          shiftId,
          totalMinor: total,
          lines: sale.lines.map((l) => ({ productId: l.productId, sku: l.sku, quantity: l.quantity })),
          refunds,
        };
        send(saleVoided.type, saleVoid, voidedAt);
        documents.voids.push({ ...saleVoid, sale });
        voided.discountMinor += totals.discountMinor;
        voided.roundingMinor += settled.roundingMinor;
      }
    }
    for (const [index, returnSpecOf] of shift.returns.entries()) {
      const { lines, totals } = priced(returnSpecOf, spec.pricesIncludeTax);
      const returnId = randomUUID();
      const completedAt = at();
      let exchange: ReturnPayload['exchange'] = null;
      if (returnSpecOf.exchangeFor) {
        const bought = priced({ lines: returnSpecOf.exchangeFor }, spec.pricesIncludeTax);
        const creditMinor = Math.min(totals.totalMinor, bought.totals.totalMinor);
        const restMinor = bought.totals.totalMinor - creditMinor;
        const sale: SalePayload = {
          saleId: randomUUID(),
          receiptNumber: `X-${shiftIndex}-${index}-${seq + 1}`,
          completedAt,
          storeId: who.storeId,
          registerId: who.registerId,
          currency: 'EUR',
          lines: bought.lines.map((l, i) => ({
            lineId: l.lineId,
            ...soldLine(returnSpecOf.exchangeFor![i]!, l, i),
          })),
          totals: bought.totals,
          tenders: restMinor > 0 ? [{ tenderId: `card-x-${seq}`, kind: 'card', amountMinor: restMinor }] : [],
          changeMinor: 0,
          userId: 'user-1',
          shiftId,
          exchange: { returnId, receiptNumber: `RET-${shiftIndex}-${index}`, creditMinor },
        };
        send(saleCompleted.type, sale, completedAt);
        documents.sales.push(sale);
        exchange = { saleId: sale.saleId, receiptNumber: sale.receiptNumber, creditMinor };
      }
      const valueMinor = totals.totalMinor - (exchange?.creditMinor ?? 0);
      const refundMinor =
        returnSpecOf.refund === 'cash' ? roundCash(valueMinor, spec.cashRoundingMinor) : valueMinor;
      const ret: ReturnPayload = {
        returnId,
        receiptNumber: `RET-${shiftIndex}-${index}`,
        completedAt,
        storeId: who.storeId,
        registerId: who.registerId,
        currency: 'EUR',
        original: null,
        reason: 'No receipt',
        userId: 'user-1',
        approverId: 'manager-1',
        shiftId,
        lines: lines.map((l, i) => ({
          originalLineId: null,
          ...soldLine(returnSpecOf.lines[i]!, l, i),
          discountMinor: l.discountMinor,
          disposition: 'sellable' as const,
        })),
        totals,
        refunds: refundMinor > 0 ? [{ kind: returnSpecOf.refund, amountMinor: refundMinor }] : [],
        roundingMinor: refundMinor - valueMinor,
        exchange,
      };
      send(returnCompleted.type, ret, completedAt);
      documents.returns.push(ret);
    }
    for (const movement of shift.cashMovements) {
      const occurredAt = at();
      send(
        auditRecorded.type,
        {
          occurredAt,
          ...who,
          action: 'cash.inOut',
          user: { userId: 'user-1', name: 'Ann' },
          approver: null,
          details: {
            shiftId,
            kind: movement.kind,
            amountMinor: movement.amountMinor,
            reason: 'Change float',
          },
        },
        occurredAt,
      );
      documents.cashMovements.push(movement);
    }
    const totals: ShiftTotals = computeShiftTotals('EUR', 10_000, documents);
    const closedAt = at();
    const closed: ShiftClosedPayload = {
      shiftId,
      zNumber: shiftIndex + 1,
      ...who,
      openedAt,
      closedAt,
      openedBy: { userId: 'user-1', name: 'Ann' },
      closedBy: { userId: 'user-1', name: 'Ann' },
      approvedBy: null,
      totals,
      countedMinor: totals.cash.expectedMinor + shift.overShortMinor,
      overShortMinor: shift.overShortMinor,
      firstSeq: shiftFirstSeq,
    };
    send(shiftClosed.type, closed, closedAt);
    zReports.push(closed);
  });
  return { events, zReports, voided };
}
