/**
 * What a catalog import changes, counted the same at the register and at head office, and said in words for the
 * person who is about to confirm it.
 */

/** The fields of a product an import can change, named as their columns. */
export const catalogFields = ['name', 'price', 'tax_code', 'category', 'unit', 'barcodes', 'active'] as const;
export type CatalogField = (typeof catalogFields)[number];

/** Counts for an import's summary, before (a dry run) and after it is applied. */
export interface ImportTally {
  created: number;
  updated: number;
  unchanged: number;
  /** For each field, how many existing products the file changes it in. */
  fieldChanges: Partial<Record<CatalogField, number>>;
}

export function emptyTally(): ImportTally {
  return { created: 0, updated: 0, unchanged: 0, fieldChanges: {} };
}

/** Counts one row's outcome into the tally. */
export function countRow(tally: ImportTally, existed: boolean, changed: CatalogField[]): void {
  if (!existed) tally.created += 1;
  else if (changed.length === 0) tally.unchanged += 1;
  else tally.updated += 1;
  for (const field of changed) tally.fieldChanges[field] = (tally.fieldChanges[field] ?? 0) + 1;
}

/** The words for each field in a summary. */
export const catalogFieldLabels: Record<CatalogField, string> = {
  name: 'name',
  price: 'price',
  tax_code: 'tax code',
  category: 'category',
  unit: 'unit',
  barcodes: 'barcodes',
  active: 'on sale or not',
};

/** "price of 12, barcodes of 3"; '' when no field changes. */
export function describeFieldChanges(fieldChanges: ImportTally['fieldChanges']): string {
  return catalogFields
    .filter((field) => (fieldChanges[field] ?? 0) > 0)
    .map((field) => `${catalogFieldLabels[field]} of ${fieldChanges[field]}`)
    .join(', ');
}

/** "1 product", "2 products". */
export const productCount = (count: number): string => `${count} ${count === 1 ? 'product' : 'products'}`;
