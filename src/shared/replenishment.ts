/**
 * Replenishment (INVENTORY.md "Replenishment", issue 17): per store and SKU a reorder point, a desired level and
 * a safety stock, set per SKU or as a default for a category; the suggestion math; the velocity proposal; the
 * reorder CSV; and the 'reorder' downstream stream that carries a store's levels to its registers, which show
 * managers what is low. Head office and the register compute "low" with the same function, isLow().
 */
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MAX_QUANTITY } from './limits.ts';
import { plainText } from './text.ts';
import { catalogItemSchema } from './sync/protocol.ts';

const level = (field: string) =>
  z
    .number({ error: `${field}: a whole number of units` })
    .int(`${field}: a whole number of units`)
    .min(0, `${field} cannot be below 0`)
    .max(MAX_QUANTITY, `${field}: at most ${MAX_QUANTITY}`);

/** The three levels of a SKU at a store; the desired level is what an order fills up to. */
export const reorderLevelsSchema = z
  .object({
    reorderPoint: level('Reorder point'),
    desiredLevel: level('Desired level'),
    safetyStock: level('Safety stock'),
  })
  .refine((levels) => levels.desiredLevel >= levels.reorderPoint, {
    message: 'The desired level must be at least the reorder point: an order fills up to it',
    path: ['desiredLevel'],
  });
export type ReorderLevels = z.infer<typeof reorderLevelsSchema>;

export const skuReorderLevelsSchema = z.intersection(
  z.object({ sku: catalogItemSchema.shape.sku }),
  reorderLevelsSchema,
);
export type SkuReorderLevels = z.infer<typeof skuReorderLevelsSchema>;

export const categoryName = catalogItemSchema.shape.category.unwrap();

export const categoryReorderLevelsSchema = z.intersection(
  z.object({ category: categoryName }),
  reorderLevelsSchema,
);
export type CategoryReorderLevels = z.infer<typeof categoryReorderLevelsSchema>;

/**
 * One entry of the 'reorder' stream, keyed `<storeId>:sku:<sku>` or `<storeId>:category:<category>` (a removed
 * one is null). A SKU's own levels win over its category's default (levelsFor()).
 */
export const reorderItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sku'),
    storeId: plainText('Store id'),
    sku: catalogItemSchema.shape.sku,
    levels: reorderLevelsSchema,
  }),
  z.object({
    kind: z.literal('category'),
    storeId: plainText('Store id'),
    category: categoryName,
    levels: reorderLevelsSchema,
  }),
]);
export type ReorderItem = z.infer<typeof reorderItemSchema>;

export const reorderKey = (item: Pick<ReorderItem, 'storeId'> & ({ sku: string } | { category: string })) =>
  'sku' in item ? `${item.storeId}:sku:${item.sku}` : `${item.storeId}:category:${item.category}`;

/** A SKU's levels: its own, else its category's default, else none (never suggested, never low). */
export function levelsFor(
  own: ReorderLevels | undefined,
  categoryDefault: ReorderLevels | undefined,
): ReorderLevels | null {
  return own ?? categoryDefault ?? null;
}

/** What a store has and expects of a SKU, as the suggestion reads it. */
export interface StockPosition {
  onHand: number;
  committed: number;
  /** On open purchase orders, not yet received. */
  incoming: number;
  /** Sent to this store by another, not yet received. */
  inboundTransit: number;
}

/** Low: what it can sell plus what is on its way is at or below the reorder point. */
export const isLow = (position: StockPosition, levels: Pick<ReorderLevels, 'reorderPoint'>): boolean =>
  position.onHand - position.committed + position.incoming + position.inboundTransit <= levels.reorderPoint;

/** How the supplier sells it: in packs of `packSize` units, at least `minimumQuantity` units an order. */
export interface OrderRules {
  packSize: number;
  minimumQuantity: number;
}

export interface SuggestedQuantity {
  /** desired − (on hand + incoming + in transit inbound), before rounding. */
  needed: number;
  /** What to order: needed raised to the minimum, then up to whole packs. */
  quantity: number;
  /** The same, in words a buyer checks: "40 − (3 + 12 + 0) = 25 → min 30 → 3 × 12 = 36". */
  formula: string;
}

/**
 * What to order of a low SKU, or null when it is not low or nothing is needed (committed stock can make a SKU
 * low while on hand already reaches the desired level).
 */
export function suggestQuantity(
  position: StockPosition,
  levels: ReorderLevels,
  rules: OrderRules,
): SuggestedQuantity | null {
  if (!isLow(position, levels)) return null;
  const have = position.onHand + position.incoming + position.inboundTransit;
  const needed = levels.desiredLevel - have;
  if (needed <= 0) return null;
  const packSize = Math.max(1, rules.packSize);
  const atLeast = Math.max(needed, rules.minimumQuantity);
  const packs = Math.ceil(atLeast / packSize);
  const quantity = packs * packSize;
  let formula = `${levels.desiredLevel} − (${position.onHand} + ${position.incoming} + ${position.inboundTransit}) = ${needed}`;
  if (atLeast > needed) formula += ` → min ${atLeast}`;
  if (quantity !== atLeast || packSize > 1) formula += ` → ${packs} × ${packSize} = ${quantity}`;
  return { needed, quantity, formula };
}

/** Days the available stock lasts at the last 30 days' rate; null when nothing sold. */
export function daysOfCover(position: StockPosition, sold30: number): number | null {
  if (sold30 <= 0) return null;
  return Math.max(0, Math.floor((position.onHand - position.committed) / (sold30 / 30)));
}

/** One day of the velocity window: units sold (net of returns) and whether it was out of stock. */
export interface SalesDay {
  sold: number;
  outOfStock: boolean;
}

export interface VelocityRules {
  /** Days from order to delivery (the supplier's lead time). */
  leadTimeDays: number;
  /** Days between two orders: the desired level covers them too. */
  reviewDays: number;
  safetyStock: number;
}

export interface VelocityProposal {
  /** Units sold a day on the days it was in stock. */
  dailyRate: number;
  inStockDays: number;
  reorderPoint: number;
  desiredLevel: number;
}

/**
 * Velocity mode: the daily rate over the days it was in stock (a day out of stock sold nothing because there was
 * nothing, not because nobody wanted it), then reorder point = rate × lead time + safety stock and desired level
 * = rate × (lead time + review period) + safety stock, rounded up. Null when it was never in stock.
 */
export function proposeLevels(days: SalesDay[], rules: VelocityRules): VelocityProposal | null {
  const inStock = days.filter((day) => !day.outOfStock);
  if (inStock.length === 0) return null;
  const dailyRate = inStock.reduce((sum, day) => sum + day.sold, 0) / inStock.length;
  const cover = (days: number) => Math.ceil(dailyRate * days - 1e-9) + rules.safetyStock;
  return {
    dailyRate: Math.round(dailyRate * 100) / 100,
    inStockDays: inStock.length,
    reorderPoint: cover(rules.leadTimeDays),
    desiredLevel: cover(rules.leadTimeDays + rules.reviewDays),
  };
}

// ------------------------------------------------------------------------------------------------ CSV

/** The reorder CSV's columns, in the order head office writes them. */
export const reorderCsvColumns = ['sku', 'reorder_point', 'desired_level', 'safety_stock'] as const;

export interface ReorderCsvError {
  /** The file's row, the header being row 1. */
  row: number;
  message: string;
}

/** The rows of a reorder CSV, or every row's problem (nothing is imported while one is wrong). */
export function readReorderCsv(csv: string): { rows: SkuReorderLevels[] } | { errors: ReorderCsvError[] } {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { errors: [{ row: Number(error.lines), message: `The file is not valid CSV: ${error.message}` }] };
  }
  const [header, ...body] = records;
  const wanted = reorderCsvColumns.join(',');
  if (!header || header.map((cell) => cell.toLowerCase()).join(',') !== wanted)
    return { errors: [{ row: 1, message: `The first row must name the columns ${wanted}` }] };
  const errors: ReorderCsvError[] = [];
  const rows: SkuReorderLevels[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const row = i + 2;
    const [sku = '', ...numbers] = cells;
    const [reorderPoint, desiredLevel, safetyStock] = numbers.map((cell) =>
      /^[0-9]+$/.test(cell) ? Number(cell) : Number.NaN,
    );
    const first = seen.get(sku);
    if (first !== undefined) {
      errors.push({ row, message: `SKU ${sku} is already on row ${first}` });
      return;
    }
    seen.set(sku, row);
    const parsed = skuReorderLevelsSchema.safeParse({ sku, reorderPoint, desiredLevel, safetyStock });
    if (parsed.success) rows.push(parsed.data);
    else errors.push({ row, message: parsed.error.issues.map((issue) => issue.message).join('; ') });
  });
  return errors.length > 0 ? { errors } : { rows };
}
