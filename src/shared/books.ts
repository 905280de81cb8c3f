/**
 * The daily accounting journal (issue 18, "Books"): what the admin API answers and takes, and the account map's
 * keys. Head office builds the journal (src/headoffice/books/); the back office shows it and downloads its
 * exports. Money is integer minor units of the store's currency.
 */
import { z } from 'zod';
import { storeIdSchema } from './sync/admin-api.ts';
import { plainText } from './text.ts';

/**
 * What an account of the map is for. Each line of a journal posts to one of these, some per tender kind or per
 * tax code (the qualifier). Cost of goods, inventory, goods received not invoiced, shrink and transfers in
 * transit are mapped already, for the journal sources of those documents when they exist.
 */
export const accountKinds = [
  'takings',
  'sales',
  'discounts',
  'refunds',
  'tax',
  'rounding',
  'overShort',
  'paidIn',
  'paidOut',
  'exchangeCredit',
  'suspense',
  'costOfGoods',
  'inventory',
  'goodsReceivedNotInvoiced',
  'shrink',
  'transfersInTransit',
] as const;
export type AccountKind = (typeof accountKinds)[number];

/** Kinds mapped per tender kind (takings) or per tax code (the rest); the plain kind is their fallback. */
export const qualifiedKinds: Partial<Record<AccountKind, 'tender' | 'taxCode'>> = {
  takings: 'tender',
  sales: 'taxCode',
  discounts: 'taxCode',
  refunds: 'taxCode',
  tax: 'taxCode',
};

/** "sales" or "sales:STD" (a tax code), "takings:card" (a tender kind). */
export const accountKeySchema = z
  .string()
  .regex(
    new RegExp(`^(${accountKinds.join('|')})(:[A-Za-z0-9_-]{1,40})?$`),
    `An account key is one of ${accountKinds.join(', ')}, optionally followed by ":" and a tender kind or tax code (e.g. sales:STD, takings:card)`,
  )
  .refine((key) => !key.includes(':') || qualifiedKinds[key.split(':')[0] as AccountKind] !== undefined, {
    message: `Only ${Object.keys(qualifiedKinds).join(', ')} take a tender kind or tax code after ":"`,
  });

export const accountSchema = z.object({
  /** The code in the chart of accounts (Xero, the plain CSV). */
  code: plainText('Account code').trim().min(1).max(40),
  /** The name in the chart of accounts (QuickBooks imports by name; "Parent:Child" for a sub-account). */
  name: plainText('Account name').trim().min(1).max(159),
  /** Xero's tax rate for this account's lines, as named in Xero's tax settings (the journal posts tax itself). */
  taxRate: plainText('Tax rate name').trim().min(1).max(60),
});
export type Account = z.infer<typeof accountSchema>;

export const accountEntrySchema = accountSchema.extend({ key: accountKeySchema });
export type AccountEntry = z.infer<typeof accountEntrySchema>;

export const accountMapSchema = z.object({
  /** Built in, used where neither the company nor the store maps a key. */
  defaults: z.array(accountEntrySchema),
  /** The company's own accounts, for every store. */
  company: z.array(accountEntrySchema),
  /** Where a store differs from the company, by store id (only the stores the caller may see). */
  stores: z.record(z.string(), z.array(accountEntrySchema)),
});
export type AccountMap = z.infer<typeof accountMapSchema>;

export const accountMapUpdateSchema = z.object({
  /** null: the company's accounts; a store id: that store's overrides. */
  storeId: storeIdSchema.nullable(),
  /** Replaces every account of that scope; an empty list takes the scope back to what is above it. */
  accounts: z.array(accountEntrySchema).max(500),
});
export type AccountMapUpdate = z.infer<typeof accountMapUpdateSchema>;

export const businessDaySchema = z.iso.date({ message: 'A day as YYYY-MM-DD, e.g. 2026-12-06' });

export const exportFormats = ['xero', 'qbo', 'iif', 'csv'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportFormatLabels: Record<ExportFormat, string> = {
  xero: 'Xero manual journal (CSV)',
  qbo: 'QuickBooks Online journal entries (CSV)',
  iif: 'QuickBooks Desktop (IIF)',
  csv: 'Plain CSV',
};

export const accountMapQuerySchema = z.object({ storeId: storeIdSchema.optional() });
export const journalQuerySchema = z.object({ date: businessDaySchema });
export const journalExportQuerySchema = z.object({
  date: businessDaySchema,
  format: z.enum(exportFormats),
});

export const journalLineSchema = z.object({
  /** What the line is, stable between runs: "takings:card", "sales:STD:2000", "paidIn". */
  key: z.string(),
  account: accountSchema,
  description: z.string(),
  debitMinor: z.number().int().min(0),
  creditMinor: z.number().int().min(0),
});
export type JournalLine = z.infer<typeof journalLineSchema>;

export const journalSchema = z.object({
  /** The number the exports give it: "CTR-DUBLIN-1-20261206", a correction adds "-C" and the day it corrects. */
  number: z.string(),
  date: businessDaySchema,
  /** A correction journal: documents of this earlier day that arrived after that day was exported. */
  correctsDate: businessDaySchema.nullable(),
  narration: z.string(),
  documents: z.number().int(),
  lines: z.array(journalLineSchema),
  debitMinor: z.number().int(),
  creditMinor: z.number().int(),
});
export type Journal = z.infer<typeof journalSchema>;

export const dayJournalsSchema = z.object({
  storeId: z.string(),
  storeName: z.string(),
  date: businessDaySchema,
  timeZone: z.string(),
  currency: z.string(),
  /** The day is over in the store's time zone: only then can it be exported. */
  dayEnded: z.boolean(),
  /** When the day was first exported: from then on its journals no longer change. */
  firstExportedAt: z.string().nullable(),
  /** The day's own journal first (absent when nothing happened), then corrections of earlier days. */
  journals: z.array(journalSchema),
});
export type DayJournals = z.infer<typeof dayJournalsSchema>;
