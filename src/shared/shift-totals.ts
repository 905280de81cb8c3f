/**
 * A shift's Z figures from its documents: the sales, returns, post-voids and cash movements it holds. The
 * register reads them from its ledger for the X and Z reports; head office reads the same documents from the
 * events it received and recomputes the Z report a register sent, so both sides count with this one function.
 *
 * The document shapes are the parts of CompletedSale, CompletedReturn and SaleVoid (and a cash movement's audit
 * details) that the totals need, so the full documents fit them as they are.
 */
import { z } from 'zod';
import type { Refund, SaleTotals } from './domain.ts';
import { addFigures, noFigures, shiftTotals, type ShiftFigures, type ShiftTotals } from './shift-report.ts';

export interface SaleFacts {
  totals: Pick<SaleTotals, 'totalMinor' | 'taxMinor' | 'discountMinor' | 'taxes'>;
  tenders: { kind: string; amountMinor: number }[];
  changeMinor: number;
  roundingMinor?: number;
}

export interface ReturnFacts {
  totals: Pick<SaleTotals, 'totalMinor' | 'taxMinor' | 'taxes'>;
  refunds: Refund[];
  roundingMinor: number;
}

export interface VoidFacts {
  totalMinor: number;
  refunds: Refund[];
  /** The voided sale: its tax is taken back with it. */
  sale: { totals: Pick<SaleTotals, 'taxMinor' | 'taxes'> };
}

/**
 * Cash put into or taken out of the drawer. The register records each with an audit entry ('cash.inOut')
 * whose details are this, which is how head office learns of them.
 */
export const cashMovementDetailsSchema = z.object({
  shiftId: z.string().min(1).max(64),
  kind: z.enum(['in', 'out']),
  amountMinor: z.number().int(),
  reason: z.string(),
});
export type CashMovementFacts = Pick<z.infer<typeof cashMovementDetailsSchema>, 'kind' | 'amountMinor'>;

export interface ShiftDocuments {
  sales: SaleFacts[];
  returns: ReturnFacts[];
  voids: VoidFacts[];
  cashMovements: CashMovementFacts[];
}

const negated = <T extends { netMinor: number; taxMinor: number; grossMinor: number }>(tax: T): T => ({
  ...tax,
  netMinor: -tax.netMinor,
  taxMinor: -tax.taxMinor,
  grossMinor: -tax.grossMinor,
});

const refunded = (refunds: Refund[]): ShiftFigures['tenders'] =>
  refunds.map(({ kind, amountMinor }) => ({ kind, takenMinor: 0, refundedMinor: amountMinor }));

function saleFigures(sale: SaleFacts): ShiftFigures {
  return {
    ...noFigures,
    sales: { count: 1, grossMinor: sale.totals.totalMinor, taxMinor: sale.totals.taxMinor },
    discounts: {
      count: sale.totals.discountMinor !== 0 ? 1 : 0,
      amountMinor: sale.totals.discountMinor,
    },
    roundingMinor: sale.roundingMinor ?? 0,
    taxes: sale.totals.taxes,
    tenders: [
      ...sale.tenders.map(({ kind, amountMinor }) => ({ kind, takenMinor: amountMinor, refundedMinor: 0 })),
      // Change is cash handed back, so the drawer keeps cash tendered minus change.
      ...(sale.changeMinor !== 0 ? [{ kind: 'cash', takenMinor: -sale.changeMinor, refundedMinor: 0 }] : []),
    ],
  };
}

function returnFigures(ret: ReturnFacts): ShiftFigures {
  return {
    ...noFigures,
    returns: { count: 1, grossMinor: ret.totals.totalMinor, taxMinor: ret.totals.taxMinor },
    // What a return rounds in the customer's favour comes off the shift's rounding.
    roundingMinor: -ret.roundingMinor,
    taxes: ret.totals.taxes.map(negated),
    tenders: refunded(ret.refunds),
  };
}

function voidFigures(saleVoid: VoidFacts): ShiftFigures {
  return {
    ...noFigures,
    voids: { count: 1, grossMinor: saleVoid.totalMinor, taxMinor: saleVoid.sale.totals.taxMinor },
    taxes: saleVoid.sale.totals.taxes.map(negated),
    tenders: refunded(saleVoid.refunds),
  };
}

/** What the documents add up to; every figure is a plain sum, so the order of the documents does not matter. */
export function shiftFigures(documents: ShiftDocuments): ShiftFigures {
  return addFigures(
    ...documents.sales.map(saleFigures),
    ...documents.returns.map(returnFigures),
    ...documents.voids.map(voidFigures),
    {
      ...noFigures,
      cashInMinor: sum(documents.cashMovements.filter((m) => m.kind === 'in')),
      cashOutMinor: sum(documents.cashMovements.filter((m) => m.kind === 'out')),
    },
  );
}

const sum = (movements: CashMovementFacts[]): number =>
  movements.reduce((total, movement) => total + movement.amountMinor, 0);

/** The X or Z totals of a shift opened with `floatMinor` in `currency` that holds these documents. */
export function computeShiftTotals(
  currency: string,
  floatMinor: number,
  documents: ShiftDocuments,
): ShiftTotals {
  return shiftTotals(currency, floatMinor, shiftFigures(documents));
}

/**
 * Where two sets of shift totals differ, as "what: a ≠ b" in minor units (empty: they agree to the cent).
 * Tax rates and tenders are matched by code and kind, so their order does not matter.
 */
export function totalsDifferences(a: ShiftTotals, b: ShiftTotals): string[] {
  const left = flatten(a);
  const right = flatten(b);
  const keys = [...new Set([...left.keys(), ...right.keys()])];
  return keys
    .filter((key) => (left.get(key) ?? 0) !== (right.get(key) ?? 0))
    .map((key) => `${key}: ${left.get(key) ?? 0} ≠ ${right.get(key) ?? 0}`);
}

function flatten(totals: ShiftTotals): Map<string, number> {
  const figures = new Map<string, number>();
  const put = (prefix: string, values: object): void => {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'number' && name !== 'rateBasisPoints') figures.set(`${prefix}${name}`, value);
    }
  };
  put('sales.', totals.sales);
  put('returns.', totals.returns);
  put('voids.', totals.voids);
  put('discounts.', totals.discounts);
  put('', { roundingMinor: totals.roundingMinor, netMinor: totals.netMinor });
  for (const tax of totals.taxes) put(`tax ${tax.code} ${tax.rateBasisPoints}bp.`, tax);
  for (const tender of totals.tenders) put(`tender ${tender.kind}.`, tender);
  put('cash.', totals.cash);
  return figures;
}
