/**
 * Moving average cost (issue 17, INVENTORY.md "Cost and value"), pure: what a receipt does to a SKU's average
 * and what units are worth at it. Integer minor units throughout; docs/cost.md states the formula with examples.
 *
 *   new average = round((max(0, held) × average + received × unit cost) / (max(0, held) + received))
 *
 * rounded to the nearest minor unit, a half up (costs are never negative, so up is away from zero). `held` is
 * what the company holds of the SKU before the receipt (on hand, damaged and in transit, every store of the
 * currency). Held at or below zero (goods sold before they were received) counts as none: the receipt's cost
 * becomes the average, the units sold short do not drag it. No average yet: the receipt's cost is the average.
 * A receipt without a unit cost (the delivery note did not say) leaves the average as it was.
 */

export interface Holding {
  /** Units held before the receipt; may be negative. */
  units: number;
  /** The average so far; null: never received at a known cost. */
  unitCostMinor: number | null;
}

export interface ReceivedAtCost {
  /** Units received, at least 1. */
  units: number;
  /** What one unit cost; null: unknown, the average does not move. */
  unitCostMinor: number | null;
}

/** (numerator / denominator) rounded half up, exact on integers of any size (numerator ≥ 0, denominator > 0). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** The average after `received` arrives on top of `held`. */
export function movingAverage(held: Holding, received: ReceivedAtCost): number | null {
  if (received.unitCostMinor === null || received.units <= 0) return held.unitCostMinor;
  const heldUnits = Math.max(0, held.units);
  if (held.unitCostMinor === null || heldUnits === 0) return received.unitCostMinor;
  const value =
    BigInt(heldUnits) * BigInt(held.unitCostMinor) + BigInt(received.units) * BigInt(received.unitCostMinor);
  return Number(divideHalfUp(value, BigInt(heldUnits + received.units)));
}

/** What `units` are worth at `unitCostMinor` (signed, exact); an unknown cost values them at zero. */
export const valueAtCost = (units: number, unitCostMinor: number | null): number =>
  unitCostMinor === null || units === 0 ? 0 : units * unitCostMinor;
