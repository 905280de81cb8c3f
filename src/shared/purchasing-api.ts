/**
 * Head office's admin API for purchasing (issue 17): path, query and body schemas beside the records of
 * purchasing.ts. The OpenAPI document is generated from them, as for the rest of the admin API.
 */
import { z } from 'zod';
import { pageQuerySchema, searchText, skuSchema, storeIdSchema } from './sync/admin-api.ts';
import {
  purchaseOrderIdSchema,
  purchaseOrderSchema,
  purchaseOrderStateSchema,
  supplierIdSchema,
} from './purchasing.ts';

export const supplierParamsSchema = z.object({ supplierId: supplierIdSchema });
export const supplierItemParamsSchema = z.object({ supplierId: supplierIdSchema, sku: skuSchema });
export const purchaseOrderParamsSchema = z.object({ purchaseOrderId: purchaseOrderIdSchema });

export const suppliersQuerySchema = pageQuerySchema.extend({
  q: searchText('q').describe('The start of the name (any case or accents)'),
});

export const purchaseOrdersQuerySchema = pageQuerySchema.extend({
  storeId: storeIdSchema.optional(),
  supplierId: supplierIdSchema.optional(),
  state: purchaseOrderStateSchema.optional(),
  /** "true": only orders still expected (ordered or partly received). */
  open: z.enum(['true', 'false']).optional().describe('true: only ordered or partly received'),
});
export type PurchaseOrdersQuery = z.output<typeof purchaseOrdersQuerySchema>;

/** POST /api/purchase-orders answers with the drafts it made: one per store. */
export const purchaseOrdersCreatedSchema = z.object({ items: z.array(purchaseOrderSchema) });

/** POST /api/suppliers/:supplierId/items/import: the items CSV (docs/purchasing.md), all rows or none. */
export const supplierItemsImportSchema = z
  .object({
    csv: z.string().min(1, 'csv: the file is empty').max(5_000_000, 'csv: at most 5 MB: split the file'),
    dryRun: z.boolean().default(false),
  })
  .strict();

export const supplierItemsImportReportSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  imported: z.number().int(),
});
export type SupplierItemsImportReport = z.infer<typeof supplierItemsImportReportSchema>;
