import { z } from 'zod';

/** A tax rate in basis points: 2000 = 20 %, 550 = 5.5 %. */
export const taxRateSchema = z.object({
  code: z.string().regex(/^[A-Z0-9_]{1,8}$/, 'Tax code: 1-8 capital letters or digits, e.g. STD'),
  name: z.string().min(1).max(40),
  rateBasisPoints: z.number().int().min(0).max(10_000),
});
export type TaxRate = z.infer<typeof taxRateSchema>;

export const storeSettingsSchema = z.object({
  storeName: z.string().min(1).max(60),
  addressLines: z.array(z.string().max(60)).max(4),
  currency: z.string().regex(/^[A-Z]{3}$/, 'Currency: an ISO 4217 code such as EUR or USD'),
  locale: z.string().min(2).max(20),
  /** true: shelf prices include tax (EU style); false: tax is added at the till (US style). */
  pricesIncludeTax: z.boolean(),
  taxRates: z.array(taxRateSchema).min(1),
  receiptHeader: z.string().max(200),
  receiptFooter: z.string().max(200),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

export const registerIdentitySchema = z.object({
  storeId: z.string().min(1).max(40),
  registerId: z.string().min(1).max(40),
  /** Printed before the receipt number, e.g. "S1R2-" gives S1R2-000123. Unique per register. */
  receiptPrefix: z.string().max(12),
});
export type RegisterIdentity = z.infer<typeof registerIdentitySchema>;
