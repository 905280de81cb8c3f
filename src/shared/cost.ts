/**
 * Inventory value at cost (issue 17): what the admin API answers about a store's stock at its moving average
 * cost. Head office keeps the averages (src/headoffice/cost.ts, costing.ts); money is integer minor units of the
 * store's currency.
 */
import { z } from 'zod';
import { pageQuerySchema, pageSchema } from './sync/admin-api.ts';

export const stockValueQuerySchema = pageQuerySchema;

export const skuValueSchema = z
  .object({
    sku: z.string(),
    name: z.string().nullable().describe('The product name; null for a SKU the catalog does not have'),
    onHand: z.number().int(),
    damaged: z.number().int(),
    inTransit: z.number().int().describe('Sent by this store, not received yet'),
    unitCostMinor: z
      .number()
      .int()
      .nullable()
      .describe('The moving average cost of one unit; null: never received at a known cost'),
    valueMinor: z
      .number()
      .int()
      .describe('(on hand + damaged + in transit) × unit cost; below zero when more was sold than held'),
  })
  .meta({ id: 'SkuValue', description: 'One SKU of a store at its moving average cost' });
export type SkuValue = z.infer<typeof skuValueSchema>;

export const stockValueSchema = pageSchema(skuValueSchema)
  .extend({
    storeId: z.string(),
    currency: z.string(),
    totalValueMinor: z.number().int().describe("Every SKU of the store at cost, not only this page's"),
    skusWithoutCost: z
      .number()
      .int()
      .describe('SKUs the store holds that were never received at a known cost: valued at zero'),
  })
  .meta({ id: 'StockValue', description: "A store's inventory at its moving average cost" });
export type StockValue = z.infer<typeof stockValueSchema>;
