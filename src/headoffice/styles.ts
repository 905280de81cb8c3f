/**
 * Styles and their variants (shared/styles.ts): saving a style makes one product per combination of its options'
 * values, each with its own SKU (generated, TEE-RED-M, unless given), barcodes, price (the style's unless given)
 * and stock. The variants are written through the catalog's own writer, so they reach every register on the
 * catalog stream with their style, in the same transaction as the style. A variant whose values leave the
 * options is kept, inactive: its sales and stock still name it.
 */
import { CounterError } from '../shared/errors.ts';
import {
  combinations,
  optionsKey,
  variantName,
  variantSku,
  type StyleAxis,
  type VariantOf,
} from '../shared/styles.ts';
import type { CatalogItem } from '../shared/sync/protocol.ts';
import type { StyleInput, StyleView, VariantInput } from '../shared/sync/styles-api.ts';
import { loadProducts, storeTaxCodes, taxCodeProblem, writeProducts } from './catalog.ts';
import { writeTransaction } from './changes.ts';
import { nowIso, type Executor, type HeadOffice } from './context.ts';

const invalid = (message: string) => new CounterError('INVALID_INPUT', message);

/** Each variant the request names, under its key, with its values spelled as the options spell them. */
function requestedVariants(axes: StyleAxis[], variants: VariantInput[]): Map<string, VariantInput> {
  const byKey = new Map<string, VariantInput>();
  for (const variant of variants) {
    if (variant.options.length !== axes.length) {
      throw invalid(
        `Variant ${variant.options.join(' / ')}: give one value for each option (${axes.map((a) => a.name).join(', ')}).`,
      );
    }
    const options = variant.options.map((value, index) => {
      const axis = axes[index]!;
      const spelled = axis.values.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase());
      if (spelled === undefined)
        throw invalid(`Variant ${variant.options.join(' / ')}: "${value}" is not a value of ${axis.name}.`);
      return spelled;
    });
    const key = optionsKey(options);
    if (byKey.has(key))
      throw invalid(`Variant ${options.join(' / ')} appears twice: send each variant once.`);
    byKey.set(key, { ...variant, options });
  }
  return byKey;
}

/** Creates or replaces the style `id` and writes its variants (all or nothing). */
export async function saveStyle(ho: HeadOffice, id: string, input: StyleInput): Promise<StyleView> {
  const requested = requestedVariants(input.axes, input.variants);
  const taxProblem = taxCodeProblem(await storeTaxCodes(ho.db), input.taxCode);
  if (taxProblem !== null) throw invalid(`${id}: ${taxProblem}.`);

  await writeTransaction(ho, async (tx, changes) => {
    const now = nowIso(ho);
    const style = {
      id,
      name: input.name,
      axes: JSON.stringify(input.axes),
      price_minor: input.priceMinor,
      tax_code: input.taxCode,
      category: input.category,
      unit: input.unit,
      updated_at: now,
    };
    await tx
      .insertInto('styles')
      .values(style)
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...style, id: undefined }))
      .execute();

    const existingSkus = await tx.selectFrom('products').select('sku').where('style_id', '=', id).execute();
    const existing = await loadProducts(tx, { skus: existingSkus.map((row) => row.sku) });
    const existingByKey = new Map(existing.map((product) => [optionsKey(product.style!.options), product]));

    const item = (options: string[], active: boolean, variant?: VariantInput): CatalogItem => {
      const before = existingByKey.get(optionsKey(options));
      if (variant?.sku !== undefined && before !== undefined && variant.sku !== before.sku)
        throw invalid(
          `Variant ${options.join(' / ')} already has SKU ${before.sku}: a SKU never changes (sales name it).`,
        );
      const styleOf: VariantOf = { id, name: input.name, axes: input.axes, options };
      return {
        sku: variant?.sku ?? before?.sku ?? variantSku(id, options),
        name: variantName(input.name, options),
        priceMinor: variant?.priceMinor ?? input.priceMinor,
        taxCode: input.taxCode,
        category: input.category,
        unit: input.unit,
        active: variant?.active ?? active,
        barcodes: variant?.barcodes ?? before?.barcodes ?? [],
        style: styleOf,
      };
    };
    const grid = combinations(input.axes);
    const inGrid = new Set(grid.map(optionsKey));
    const items = [
      ...grid.map((options) => item(options, true, requested.get(optionsKey(options)))),
      ...existing
        .filter((product) => !inGrid.has(optionsKey(product.style!.options)))
        .map((product) => item(product.style!.options, false)),
    ];

    const skus = items.map((variant) => variant.sku);
    const twice = skus.find((sku, index) => skus.indexOf(sku) !== index);
    if (twice !== undefined)
      throw invalid(
        `Two variants would both have SKU ${twice} (their values differ only in signs or letter case): ` +
          'give one of them its own SKU.',
      );
    const tooLong = skus.find((sku) => sku.length > 64);
    if (tooLong !== undefined)
      throw invalid(
        `The generated SKU ${tooLong} is longer than 64 characters: use a shorter style id or values.`,
      );
    const others = await tx
      .selectFrom('products')
      .select(['sku', 'name'])
      .where('sku', 'in', skus)
      .where((eb) => eb.or([eb('style_id', 'is', null), eb('style_id', '!=', id)]))
      .execute();
    if (others.length > 0) {
      const [other] = others;
      throw new CounterError(
        'CONFLICT',
        `SKU ${other!.sku} already belongs to "${other!.name}", which is not a variant of ${id}: give this ` +
          'variant its own SKU, or use another style id.',
      );
    }
    await writeProducts(ho, tx, changes, items, new Set(skus));
  });
  return (await loadStyle(ho.db, id))!;
}

/** The style `id` and its variants in grid order, or null when there is none. */
export async function loadStyle(db: Executor, id: string): Promise<StyleView | null> {
  const style = await db.selectFrom('styles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!style) return null;
  const axes = JSON.parse(style.axes) as StyleAxis[];
  const skus = await db.selectFrom('products').select('sku').where('style_id', '=', id).execute();
  const variants = await loadProducts(db, { skus: skus.map((row) => row.sku) });
  const order = new Map(combinations(axes).map((options, index) => [optionsKey(options), index]));
  const place = (options: string[]) => order.get(optionsKey(options)) ?? order.size;
  variants.sort((a, b) => place(a.style!.options) - place(b.style!.options));
  return {
    id: style.id,
    name: style.name,
    priceMinor: Number(style.price_minor),
    taxCode: style.tax_code,
    category: style.category,
    unit: style.unit === 'kg' ? 'kg' : 'each',
    axes,
    variants,
    updatedAt: style.updated_at,
  };
}
