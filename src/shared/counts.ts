/**
 * Stock counts (issue 15; INVENTORY.md "Stock count"): what a count covers, its lines as people count them, and
 * what the register's Counts screen and head office's review show. A count is absolute as of the moment each SKU
 * was counted: head office compares it with what was expected at that moment, so selling goes on during it.
 */
import { z } from 'zod';
import type { ProductHit, Unit } from './domain.ts';
import { MAX_QUANTITY } from './limits.ts';
import { formatQuantity } from './quantity.ts';
import type { TextDocument, TextLine } from './receipt.ts';
import { registerLabel, type NamedRegister } from './settings.ts';
import { plainText } from './text.ts';
import { plural } from './words.ts';

/** Lines one count.submitted event carries at most: a 10,000-line count goes up as several, in one transaction. */
export const COUNT_LINES_PER_EVENT = 2_000;
/** The most lines one count holds at one register. */
export const MAX_COUNT_LINES = 20_000;

const categoryName = plainText('Category').trim().min(1).max(100);
const sku = plainText('SKU').trim().min(1).max(64);

/** The whole store (a full count), some categories, or a list of SKUs. */
export const countScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('store') }).strict(),
  z
    .object({
      kind: z.literal('categories'),
      categories: z.array(categoryName).min(1, 'Pick at least one category to count').max(100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('skus'),
      skus: z.array(sku).min(1, 'Give at least one SKU to count').max(1000),
    })
    .strict(),
]);
export type CountScope = z.infer<typeof countScopeSchema>;

/**
 * The scope of a count being opened, at head office or at a register: each SKU once, as one named twice would be
 * reviewed twice. Counts stored or sent before this rule keep the looser countScopeSchema, so they still read.
 */
export const newCountScopeSchema = countScopeSchema.superRefine((scope, ctx) => {
  if (scope.kind !== 'skus') return;
  const repeated = scope.skus.filter((code, index) => scope.skus.indexOf(code) !== index);
  for (const code of new Set(repeated))
    ctx.addIssue({
      code: 'custom',
      path: ['skus'],
      message: `SKU ${code} is listed twice: name each SKU once`,
    });
});

/** Counted quantities: pieces or grams, zero allowed (the shelf is empty). */
export const countedQuantitySchema = z
  .number()
  .int('A counted quantity is a whole number')
  .min(0, 'A counted quantity cannot be below zero')
  .max(MAX_QUANTITY, 'That quantity is too large');

/** What the uncounted SKUs of a count become when it is approved: zero on hand, or left as they are. */
export const uncountedChoiceSchema = z.enum(['zero', 'leave']);
export type UncountedChoice = z.infer<typeof uncountedChoiceSchema>;

export interface CountLine {
  lineNo: number;
  productId: number;
  sku: string;
  name: string;
  quantity: number;
  /** When the line was last counted: the moment its quantity is as of. */
  countedAt: string;
  countedBy: string;
  /** Sent to head office: the line is final; a correction is a new line. */
  submitted: boolean;
  /** What this register expected on hand when the line was counted; null in a blind count. */
  expected: number | null;
  /** 'kg': quantity and expected are grams, shown and typed in kilograms. */
  unit: Unit;
}

export interface CountSummary {
  countId: string;
  scope: CountScope;
  blind: boolean;
  openedAt: string;
  openedBy: string;
  status: 'open' | 'submitted';
  lineCount: number;
  unsubmittedLines: number;
}

/** The count open at this register, with its lines in the order they were counted. */
export interface OpenCount extends CountSummary {
  lines: CountLine[];
}

/** The line a scan or a typed quantity changed, and how many lines the count has now. */
export interface CountLineChange {
  line: CountLine;
  lineCount: number;
}

/**
 * What a scan did: counted into a line, or found goods sold by kg whose code carries no weight: nothing is
 * counted until their weight is typed.
 */
export type CountScan = CountLineChange | { weigh: ProductHit };

/** What a submission sent: the count's unsent lines, as this many events. */
export interface CountSubmission {
  countId: string;
  lines: number;
  events: number;
}

/**
 * A count of this store as the registers know it (the downstream 'counts' stream, key `${storeId}:${countId}`):
 * opened at head office or at one of the store's registers, so every register of the store can join it, and its
 * state once a manager approved it.
 */
export const storeCountSchema = z.object({
  countId: z.string().min(1).max(64),
  storeId: z.string().min(1).max(40),
  scope: countScopeSchema,
  blind: z.boolean(),
  openedAt: z.iso.datetime({ offset: true }),
  openedBy: z.string().min(1).max(100),
  /** The register it was opened at (its name as head office knows it); null: opened at head office. */
  openedAtRegister: z.object({ id: z.string().min(1).max(40), name: z.string().max(100) }).nullable(),
  status: z.enum(['open', 'approved']),
  approvedAt: z.iso.datetime({ offset: true }).nullable(),
  approvedBy: z.string().max(100).nullable(),
});
export type StoreCount = z.infer<typeof storeCountSchema>;

/** A count as head office (counts) and the register (store_counts) both store it. */
export interface StoredCount {
  count_id: string;
  store_id: string;
  /** JSON: a CountScope. */
  scope: string;
  blind: number;
  opened_at: string;
  opened_by: string;
  opened_at_register: string | null;
  status: 'open' | 'approved';
  approved_at: string | null;
  approved_by: string | null;
}

/** A stored count as the registers see it; `registerName`: of the register it was opened at, where known. */
export function storeCountOf(row: StoredCount, registerName: string | null): StoreCount {
  return {
    countId: row.count_id,
    storeId: row.store_id,
    scope: JSON.parse(row.scope) as CountScope,
    blind: row.blind === 1,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    openedAtRegister:
      row.opened_at_register === null
        ? null
        : { id: row.opened_at_register, name: registerName ?? row.opened_at_register },
    status: row.status,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
  };
}

/**
 * A count as head office and the register store it: `storeCountOf` the other way. Of the register it was opened
 * at only the id is stored.
 */
export function storedCountOf(
  count: Omit<StoreCount, 'openedAtRegister'> & { openedAtRegister: { id: string } | null },
): StoredCount {
  return {
    count_id: count.countId,
    store_id: count.storeId,
    scope: JSON.stringify(count.scope),
    blind: count.blind ? 1 : 0,
    opened_at: count.openedAt,
    opened_by: count.openedBy,
    opened_at_register: count.openedAtRegister?.id ?? null,
    status: count.status,
    approved_at: count.approvedAt,
    approved_by: count.approvedBy,
  };
}

/** The 'counts' stream's key: a count goes down to the registers of its store. */
export const storeCountKey = (storeId: string, countId: string): string => `${storeId}:${countId}`;

/** A count of this store in the register's list: with what this register did in it. */
export interface JoinableCount extends StoreCount {
  /** 'counting': open at this register now; 'submitted': this register sent its lines; null: not joined. */
  here: 'counting' | 'submitted' | null;
  /** This register sent an approval that head office has not confirmed yet. */
  approvalSent: boolean;
}

/** Words for a scope, on the screen and the printed sheet. */
export function describeScope(scope: CountScope): string {
  if (scope.kind === 'store') return 'Whole store';
  if (scope.kind === 'categories') return `Categories: ${scope.categories.join(', ')}`;
  return `${plural(scope.skus.length, 'SKU')}: ${scope.skus.join(', ')}`;
}

/**
 * The count sheet on the receipt printer: what the count covers and each line counted so far (with what was
 * expected, unless the count is blind), for the person who signs it off or recounts from it.
 */
export function countSheetDocument(
  count: OpenCount,
  where: { storeName: string; locale: string; register: NamedRegister & { registerId: string } },
): TextDocument {
  const time = (iso: string): string =>
    new Intl.DateTimeFormat(where.locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
  const lines: TextLine[] = [
    { kind: 'line', text: 'STOCK COUNT', bold: true },
    { kind: 'line', text: where.storeName },
    { kind: 'line', text: `Register ${registerLabel(where.register.registerId, where.register)}` },
    { kind: 'line', text: describeScope(count.scope) },
    { kind: 'line', text: `Opened ${time(count.openedAt)}${count.blind ? ', blind' : ''}` },
    { kind: 'rule' },
  ];
  for (const line of count.lines) {
    const shown = (quantity: number): string => formatQuantity(quantity, line.unit, where.locale);
    const counted =
      count.blind || line.expected === null
        ? shown(line.quantity)
        : `${shown(line.quantity)} of ${shown(line.expected)}`;
    lines.push({ kind: 'pair', left: `${line.lineNo}. ${line.sku} ${line.name}`, right: counted });
  }
  lines.push(
    { kind: 'rule' },
    { kind: 'pair', left: 'Lines', right: String(count.lineCount) },
    { kind: 'line', text: `Count ${count.countId}` },
    { kind: 'line', text: 'Counted by: ____________________' },
  );
  return { kind: 'text', lines };
}
