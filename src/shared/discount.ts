/**
 * Discounts: a percent or an amount off a line or off the whole sale, always with a reason. What they take off
 * is worked out in integer minor units before tax (see priceSale in tax.ts); this file holds the shapes, the
 * input schemas with their messages, and the arithmetic of one discount.
 */
import { z } from 'zod';
import { CounterError } from './errors.ts';
import { MAX_AMOUNT_MINOR } from './limits.ts';
import { mulDivRound } from './money.ts';
import { plainText } from './text.ts';

export const BASIS_POINTS_PER_PERCENT = 100;
const WHOLE_IN_BASIS_POINTS = 100 * BASIS_POINTS_PER_PERCENT;

/** 1000 basis points = 10 %. */
export type Discount = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; amountMinor: number };

/** Zero takes nothing off and a negative discount would be a surcharge: both are refused, with words. */
const positiveWhole = (what: string, max: number, tooLarge: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .nonnegative('A discount cannot be negative: enter how much to take off.')
    .refine((value) => value !== 0, 'A discount of zero takes nothing off: clear the discount instead.')
    .refine((value) => value <= max, tooLarge);

export const discountSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('percent'),
    basisPoints: positiveWhole(
      'A percentage (in hundredths of a percent)',
      WHOLE_IN_BASIS_POINTS,
      'A discount cannot be more than 100 %.',
    ),
  }),
  z.object({
    kind: z.literal('amount'),
    amountMinor: positiveWhole(
      'An amount (in cents)',
      MAX_AMOUNT_MINOR,
      'That discount amount is not realistic.',
    ),
  }),
]) satisfies z.ZodType<Discount>;

export const adjustmentReasonSchema = plainText('The reason')
  .trim()
  .min(1, 'Give a reason (e.g. "damaged box", "price match").')
  .max(100, 'Keep the reason under 100 characters.');

/** A discount as given and what it took off when the sale was last priced. */
export interface AppliedDiscount {
  discount: Discount;
  reason: string;
  amountMinor: number;
}

/**
 * What `discount` takes off `baseMinor`: a percentage rounded half away from zero, or the amount itself.
 * Throws INVALID_INPUT when it would take off more than there is; `what` names the thing discounted.
 */
export function discountOff(baseMinor: number, discount: Discount, what: string): number {
  const off =
    discount.kind === 'percent'
      ? mulDivRound(baseMinor, discount.basisPoints, WHOLE_IN_BASIS_POINTS)
      : discount.amountMinor;
  if (off > baseMinor) {
    throw new CounterError(
      'INVALID_INPUT',
      `The discount on ${what} is more than its price: lower the discount or clear it.`,
    );
  }
  return off;
}

/** Whether taking `offMinor` off `baseMinor` is more than `maxPercent` percent of it (exact, no rounding). */
export function exceedsPercent(offMinor: number, baseMinor: number, maxPercent: number): boolean {
  return offMinor * 100 > maxPercent * baseMinor;
}

interface DiscountedLine {
  lineId: string;
  amountMinor: number;
  discount?: AppliedDiscount;
}

/**
 * The discounts of a priced sale that take off more than `maxPercent` of what they apply to: 'cart', or the line
 * id. A percentage counts as given; an amount is measured against the line's amount (a line discount) or what
 * is left of the lines after their own discounts (the cart discount).
 */
export function discountsOverLimit(
  sale: { lines: DiscountedLine[]; cartDiscount: AppliedDiscount | null },
  maxPercent: number,
): string[] {
  // A percentage is judged as given: rounding 10 % of €4.99 to €0.50 does not make it more than 10 %.
  const beyond = ({ discount, amountMinor }: AppliedDiscount, baseMinor: number): boolean =>
    discount.kind === 'percent'
      ? discount.basisPoints > maxPercent * BASIS_POINTS_PER_PERCENT
      : exceedsPercent(amountMinor, baseMinor, maxPercent);
  const over = sale.lines
    .filter((line) => line.discount && beyond(line.discount, line.amountMinor))
    .map((line) => line.lineId);
  const cartBase = sale.lines.reduce(
    (sum, line) => sum + line.amountMinor - (line.discount?.amountMinor ?? 0),
    0,
  );
  if (sale.cartDiscount && beyond(sale.cartDiscount, cartBase)) over.push('cart');
  return over;
}

/** "10 %", "12.5 %" or the amount as the caller formats it: for receipts and audit entries. */
export function describeDiscount(discount: Discount, money: (minor: number) => string): string {
  if (discount.kind === 'amount') return money(discount.amountMinor);
  const whole = Math.trunc(discount.basisPoints / BASIS_POINTS_PER_PERCENT);
  const fraction = String(discount.basisPoints % BASIS_POINTS_PER_PERCENT)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''} %`;
}
