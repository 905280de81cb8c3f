/**
 * Styles and their variants (issue 16): a style such as a T-shirt has up to three option axes (Colour: Red, Blue;
 * Size: S, M, L) and each combination of values is its own product, with its own SKU, barcodes, price and stock.
 * Head office generates the variants (src/headoffice/styles.ts); each catalog item of a variant carries its style,
 * so the register can show the style as a grid (options × options) without asking head office.
 */
import { z } from 'zod';
import { MAX_SKU_LENGTH } from './product-codes.ts';
import type { ProductHit } from './domain.ts';
import { plainText } from './text.ts';

export const MAX_AXES = 3;
export const MAX_VALUES_PER_AXIS = 30;
export const MAX_VARIANTS = 300;

const optionValue = plainText('Option value')
  .trim()
  .min(1, 'An option value may not be empty')
  .max(30, 'Option value: at most 30 characters')
  .regex(/[\p{L}\p{N}]/u, 'An option value needs at least one letter or digit');

const distinct = (values: string[]) =>
  new Set(values.map((value) => value.toLowerCase())).size === values.length;

export const styleAxisSchema = z.object({
  name: plainText('Option name').trim().min(1, 'Name each option (Size, Colour, …)').max(30),
  values: z
    .array(optionValue)
    .min(1, 'Give each option at least one value')
    .max(MAX_VALUES_PER_AXIS, `At most ${MAX_VALUES_PER_AXIS} values per option`)
    .refine(distinct, 'Each value only once per option (letter case does not count)'),
});
export type StyleAxis = z.infer<typeof styleAxisSchema>;

export const styleAxesSchema = z
  .array(styleAxisSchema)
  .min(1, 'A style needs at least one option, such as Size')
  .max(MAX_AXES, `At most ${MAX_AXES} options per style (Size, Colour and one more)`)
  .refine((axes) => distinct(axes.map((axis) => axis.name)), 'Each option name only once per style')
  .refine(
    (axes) => variantCount(axes) <= MAX_VARIANTS,
    `At most ${MAX_VARIANTS} variants per style: use fewer values`,
  );

/** What a variant's catalog item says of its style: the whole grid, and where this variant sits in it. */
export const variantOfSchema = z.object({
  id: plainText('Style id').min(1).max(MAX_SKU_LENGTH),
  name: plainText('Style name').min(1).max(200),
  axes: z.array(styleAxisSchema).min(1).max(MAX_AXES),
  options: z
    .array(optionValue)
    .min(1)
    .max(MAX_AXES)
    .describe("This variant's value of each option, in order"),
});
export type VariantOf = z.infer<typeof variantOfSchema>;

export function variantCount(axes: StyleAxis[]): number {
  return axes.reduce((count, axis) => count * axis.values.length, 1);
}

/** Every combination of the axes' values, the first axis changing slowest (the grid's rows). */
export function combinations(axes: StyleAxis[]): string[][] {
  return axes.reduce<string[][]>(
    (done, axis) => done.flatMap((prefix) => axis.values.map((value) => [...prefix, value])),
    [[]],
  );
}

/** The key of a combination, letter case aside: "Red" and "RED" are the same variant. */
export const optionsKey = (options: string[]): string => options.map((o) => o.toLowerCase()).join('\u0000');

/** A variant's generated SKU: the style's id and each value, upper-cased, joined by "-" (TEE-RED-M). */
export function variantSku(styleId: string, options: string[]): string {
  const parts = options.map((value) =>
    value
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '-')
      .replace(/^-|-$/g, ''),
  );
  return [styleId, ...parts.filter((part) => part !== '')].join('-');
}

/** A variant's name on receipts and the register: the style's name and its values ("Tee Red / M"). */
export const variantName = (styleName: string, options: string[]): string =>
  `${styleName} ${options.join(' / ')}`;

/** A style as the register's sale screen shows it: its options and each variant with its stock here. */
export interface StyleGrid {
  id: string;
  name: string;
  axes: StyleAxis[];
  variants: ProductHit[];
}

/** Whether `term` is one of this product's codes exactly: a scanned or typed variant barcode or SKU. */
export const isCodeOf = (hit: { sku: string; barcodes: string[] }, term: string): boolean =>
  hit.sku.toLowerCase() === term.toLowerCase() || hit.barcodes.includes(term);

/**
 * One search hit per style: a style's variants after its first are left out, so a search for "tee" lists the Tee
 * once (the sale screen opens its grid) instead of every size and colour. A variant found by its exact code
 * stays itself: a scanned barcode adds that variant.
 */
export function oneHitPerStyle<T extends { sku: string; barcodes: string[]; style?: VariantOf }>(
  hits: T[],
  term: string,
): T[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    if (!hit.style || isCodeOf(hit, term)) return true;
    if (seen.has(hit.style.id)) return false;
    seen.add(hit.style.id);
    return true;
  });
}
