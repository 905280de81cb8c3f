/** The admin API of styles and their variants (src/headoffice/styles.ts, http/styles.ts; shared/styles.ts). */
import { z } from 'zod';
import { styleAxesSchema } from '../styles.ts';
import { productInputSchema, productViewSchema } from './admin-api.ts';

const fields = productInputSchema.shape;

export const styleParamsSchema = z.object({
  id: fields.sku.describe('The style id: the start of every generated variant SKU (TEE → TEE-RED-M)'),
});

/** One variant as the editor sends it: which combination, and what differs from the style's defaults. */
export const variantInputSchema = z.object({
  options: z.array(z.string()).min(1).describe("This variant's value of each option, in the style's order"),
  sku: fields.sku
    .optional()
    .describe('Its SKU; left out: the existing variant keeps its own, a new one is generated'),
  priceMinor: fields.priceMinor.optional().describe("Its own price; left out: the style's price"),
  barcodes: fields.barcodes.optional().describe('Its barcodes; left out: the ones it has (none when new)'),
  active: fields.active.optional().describe('Whether it is on sale; left out: yes'),
});
export type VariantInput = z.infer<typeof variantInputSchema>;

export const styleInputSchema = z.object({
  name: fields.name.describe(
    'The style\'s name; each variant is named after it and its values ("Tee Red / M")',
  ),
  priceMinor: fields.priceMinor,
  taxCode: fields.taxCode,
  category: fields.category,
  unit: fields.unit,
  axes: styleAxesSchema.describe('Its options (1 to 3) and their values, in the order the grid shows them'),
  variants: z
    .array(variantInputSchema)
    .max(300)
    .default([])
    .describe('Variants that differ from the defaults; every other combination is made with the defaults'),
});
export type StyleInput = z.infer<typeof styleInputSchema>;
/** What a client sends (variants may be left out). */
export type StyleInputBody = z.input<typeof styleInputSchema>;

export const styleViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    priceMinor: z.number().int(),
    taxCode: z.string(),
    category: z.string().nullable(),
    unit: fields.unit,
    axes: styleAxesSchema,
    variants: z
      .array(productViewSchema)
      .describe(
        'Every variant, in grid order; one whose values left the options stays, inactive, after them',
      ),
    updatedAt: z.string(),
  })
  .meta({ id: 'Style', description: 'A style and its variants' });
export type StyleView = z.infer<typeof styleViewSchema>;
