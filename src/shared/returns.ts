/**
 * The arithmetic of returns, pure and in integer minor units: what part of a sold line's figures a return of
 * some of it is worth, and how a refund goes back to the sale's tenders.
 *
 * - A line returned in several parts: each part's amount, discount and tax are the difference between the
 *   cumulative shares (rounded) after and before it, so all the parts add up to exactly what the line was sold
 *   for, whatever the order or the sizes.
 * - Refunds go back the way the customer paid: card first (to the card, never more than it paid), then cash
 *   (never more than was paid in cash, net of change, unless a manager approves 'return.cashOverPaid'). The
 *   cash part is rounded to the store's smallest coin. A return of a sale refunds what is left of its payment
 *   minus the value of its goods still out (refundOfReturn): each return evens out the rounding before it, so
 *   what is left always pays for the goods still to come back and the last return refunds exactly what is
 *   left. Money and exchange credit given back for a sale never add up to more than was paid for it.
 */
import { z } from 'zod';
import { adjustmentReasonSchema } from './discount.ts';
import type { RefundableTender, SaleLine, TaxSummary, TenderKind } from './domain.ts';
import { CounterError } from './errors.ts';
import { MAX_AMOUNT_MINOR, MAX_QUANTITY } from './limits.ts';
import { mulDivRound } from './money.ts';
import { approvalSchema } from './permissions.ts';
import { roundCash } from './tender.ts';
import { plainText } from './text.ts';

const quantity = z
  .number()
  .int('Quantity must be a whole number')
  .min(1, 'Return at least 1')
  .max(MAX_QUANTITY, 'Quantity is too large');
const disposition = z.enum(['sellable', 'damaged']);
const amountMinor = z
  .number()
  .int('Amount must be whole cents')
  .positive('Amount must be more than zero')
  .max(MAX_AMOUNT_MINOR);

/**
 * A return as the screen asks for it (return.quote, return.complete).
 * - from 'receipt': lines of a sale found with return.lookup (its saleId and receiptNumber), with quantities.
 * - from 'no-receipt': products at today's catalog price; needs 'return.noReceipt' and a reason.
 * - exchange: the open sale's items are the new side; the returned goods pay for them, `payments` pay the rest.
 * - refundTo 'cash': all money back in cash (beyond what was paid in cash needs 'return.cashOverPaid').
 */
export const returnRequestSchema = z
  .object({
    from: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('receipt'),
        saleId: plainText('Sale id').min(1).max(64),
        receiptNumber: plainText('Receipt number').min(1).max(64),
        lines: z
          .array(z.object({ lineId: plainText('Line id').min(1).max(64), quantity, disposition }))
          .min(1, 'Choose at least one item to return')
          .max(500),
      }),
      z.object({
        kind: z.literal('no-receipt'),
        items: z
          .array(z.object({ productId: z.number().int().positive(), quantity, disposition }))
          .min(1, 'Choose at least one item to return')
          .max(200),
      }),
    ]),
    reason: adjustmentReasonSchema.optional(),
    exchange: z.boolean().default(false),
    refundTo: z.enum(['original', 'cash']).default('original'),
    payments: z
      .array(z.object({ kind: z.enum(['cash', 'card']), amountMinor }))
      .max(10)
      .default([]),
    approval: approvalSchema.optional(),
    /** The customer bringing the goods back (customer.search / customer.create). */
    customerId: plainText('Customer id').min(1).max(64).optional(),
  })
  .strict();
export type ReturnRequest = z.output<typeof returnRequestSchema>;

export interface LineShare {
  amountMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/** What `quantity` more of `line` are worth back, after `returnedBefore` of it were returned already. */
export function returnedShare(
  line: SaleLine,
  returnedBefore: number,
  quantity: number,
  pricesIncludeTax: boolean,
): LineShare {
  const part = (value: number): number =>
    mulDivRound(value, returnedBefore + quantity, line.quantity) -
    mulDivRound(value, returnedBefore, line.quantity);
  const amountMinor = part(line.amountMinor);
  const discountMinor = part((line.discount?.amountMinor ?? 0) + (line.cartDiscountMinor ?? 0));
  const taxMinor = part(line.taxMinor);
  return {
    amountMinor,
    discountMinor,
    taxMinor,
    totalMinor: amountMinor - discountMinor + (pricesIncludeTax ? 0 : taxMinor),
  };
}

/** What the sold lines are worth that have not come back, each line with how much of it came back. */
export function valueStillOut(
  lines: { line: SaleLine; returnedQuantity: number }[],
  pricesIncludeTax: boolean,
): number {
  return lines.reduce(
    (sum, { line, returnedQuantity }) =>
      sum +
      returnedShare(line, returnedQuantity, line.quantity - returnedQuantity, pricesIncludeTax).totalMinor,
    0,
  );
}

/**
 * What a return of goods from a sale refunds before planRefund rounds its cash part: what is left to refund of
 * the sale (`leftMinor`, after any exchange credit given now) minus the value of the goods still out after this
 * return. Without rounding that is the returned goods' value. With it, refunding each part's own value rounded
 * would let the roundings add up (one 0.05 coin more, again and again), until what is left could not pay for
 * goods still to come back and their return was refused; this way each return evens out the rounding of the
 * returns before it, what is left always pays for the goods still out, and the last return refunds exactly
 * what is left.
 */
export function refundOfReturn(leftMinor: number, stillOutMinor: number): number {
  return Math.max(0, leftMinor - stillOutMinor);
}

/** Per tax rate, from lines that each carry their rate and figures (as returned lines do). */
export function taxSummaries(
  lines: { taxCode: string; taxRateBasisPoints: number; taxMinor: number; totalMinor: number }[],
  names: Map<string, string>,
): TaxSummary[] {
  const byCode = new Map<string, TaxSummary>();
  for (const line of lines) {
    const summary = byCode.get(line.taxCode) ?? {
      code: line.taxCode,
      name: names.get(line.taxCode) ?? line.taxCode,
      rateBasisPoints: line.taxRateBasisPoints,
      netMinor: 0,
      taxMinor: 0,
      grossMinor: 0,
    };
    summary.taxMinor += line.taxMinor;
    summary.grossMinor += line.totalMinor;
    summary.netMinor = summary.grossMinor - summary.taxMinor;
    byCode.set(line.taxCode, summary);
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export type RefundTo = 'original' | 'cash';

export interface RefundPlan {
  refunds: { kind: TenderKind; amountMinor: number }[];
  /** What rounding the cash part to the smallest coin changed (negative: rounded down). */
  roundingMinor: number;
  /** Cash beyond what was paid in cash and is not refunded yet: needs 'return.cashOverPaid'. */
  cashOverPaidMinor: number;
}

/**
 * How `refundMinor` goes back. `tenders` is what the sale was paid with and what is still refundable per kind
 * (see refundableTenders); null for a return without receipt, which is refunded in cash. 'original': card
 * first, then cash; 'cash': all of it in cash. Throws INVALID_INPUT when the refund is more than what is left to
 * refund of the sale.
 */
export function planRefund(
  refundMinor: number,
  tenders: RefundableTender[] | null,
  refundTo: RefundTo,
  cashIncrementMinor: number,
  money: (minor: number) => string,
): RefundPlan {
  if (refundMinor === 0) return { refunds: [], roundingMinor: 0, cashOverPaidMinor: 0 };
  const refundable = (kind: TenderKind): number =>
    tenders ? (tenders.find((tender) => tender.kind === kind)?.refundableMinor ?? 0) : Infinity;
  const card = tenders && refundTo === 'original' ? Math.min(refundMinor, refundable('card')) : 0;
  const cashPart = refundMinor - card;
  let cash = roundCash(cashPart, cashIncrementMinor);
  const cashRefundable = refundable('cash');
  let cashOverPaidMinor = 0;
  if (cash > cashRefundable) {
    if (refundTo === 'cash') {
      cashOverPaidMinor = cash - cashRefundable;
    } else if (cashPart - cashRefundable < Math.max(1, cashIncrementMinor)) {
      // Only the rounding went past what is left in cash: give exactly what is left.
      cash = cashRefundable;
    } else {
      const left = tenders!.reduce((sum, tender) => sum + tender.refundableMinor, 0);
      throw new CounterError(
        'INVALID_INPUT',
        `This refund (${money(refundMinor)}) is more than what is left to refund of the sale (${money(left)}): return fewer items.`,
      );
    }
  }
  const refunds = [
    ...(card > 0 ? [{ kind: 'card' as const, amountMinor: card }] : []),
    ...(cash > 0 ? [{ kind: 'cash' as const, amountMinor: cash }] : []),
  ];
  return { refunds, roundingMinor: cash - cashPart, cashOverPaidMinor };
}

/**
 * What is still refundable of a sale (`leftMinor`: what was paid, minus money and exchange credit given back),
 * and per tender kind: what each kind paid (cash net of change) minus what went back to it, never more than
 * what is left of the sale as a whole.
 */
export function refundableTenders(
  paid: { kind: TenderKind; amountMinor: number }[],
  refunded: { kind: TenderKind; amountMinor: number }[],
  creditedMinor: number,
): { tenders: RefundableTender[]; leftMinor: number } {
  const sumOf = (list: { kind: TenderKind; amountMinor: number }[], kind: TenderKind): number =>
    list.filter((entry) => entry.kind === kind).reduce((sum, entry) => sum + entry.amountMinor, 0);
  const kinds: TenderKind[] = ['card', 'cash'];
  const leftOfSale =
    paid.reduce((sum, entry) => sum + entry.amountMinor, 0) -
    refunded.reduce((sum, entry) => sum + entry.amountMinor, 0) -
    creditedMinor;
  const tenders = kinds
    .filter((kind) => sumOf(paid, kind) > 0)
    .map((kind) => {
      const paidMinor = sumOf(paid, kind);
      const refundedMinor = sumOf(refunded, kind);
      return {
        kind,
        paidMinor,
        refundedMinor,
        refundableMinor: Math.max(0, Math.min(paidMinor - refundedMinor, leftOfSale)),
      };
    });
  return { tenders, leftMinor: Math.max(0, leftOfSale) };
}

/** A scanned or typed receipt code as the receipt number: trimmed, without a scanner's AIM identifier ("]Q1"). */
export function receiptNumberOf(code: string): string {
  return code.trim().replace(/^\][A-Za-z][0-9A-Za-z]/, '');
}

/**
 * Whether a scanned or typed code is a receipt number rather than a product code: the register's receipt
 * prefix (letters, digits, dashes) and a number of 6 or more digits, e.g. "R1-000042" or "S1R2-001234". A bare
 * number only when it cannot be a GTIN (8, 12, 13 or 14 digits).
 */
export function isReceiptCode(code: string): boolean {
  const text = receiptNumberOf(code);
  if (/^\d+$/.test(text)) return text.length >= 6 && ![8, 12, 13, 14].includes(text.length);
  return /^[A-Za-z0-9-]{1,12}?\d{6,}$/.test(text) && /[A-Za-z-]/.test(text);
}
