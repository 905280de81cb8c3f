/**
 * The Variants section of the product editor: a style's options (Size: S, M, L; Colour: Red, Blue) and the grid
 * they make, one row per variant with its SKU, barcodes, price and whether it is on sale. Head office generates
 * the SKUs of new variants (TEE-RED-M); a variant's empty price takes the style's.
 */
import { useState } from 'react';
import { combinations, MAX_AXES, optionsKey, variantSku, type StyleAxis } from '../../../shared/styles.ts';
import type { StyleView, VariantInput } from '../../../shared/sync/styles-api.ts';
import { Button } from '../ui/Button.tsx';
import { fieldError } from '../ui/Field.tsx';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import type { CatalogMoney } from './catalog-money.tsx';

interface AxisDraft {
  name: string;
  values: string;
}
interface VariantDraft {
  sku: string | null;
  barcodes: string;
  price: string;
  active: boolean;
}

const splitList = (text: string): string[] =>
  text
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
const splitCodes = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** The editor's state of a style's options and variants, and what to send for them. */
export function useVariantsDraft(style: StyleView | null, money: CatalogMoney) {
  const [axes, setAxes] = useState<AxisDraft[]>(
    style?.axes.map((axis) => ({ name: axis.name, values: axis.values.join(', ') })) ?? [],
  );
  const [variants, setVariants] = useState<Map<string, VariantDraft>>(
    () =>
      new Map(
        (style?.variants ?? []).map((variant) => [
          optionsKey(variant.style?.options ?? []),
          {
            sku: variant.sku,
            barcodes: variant.barcodes.join(' '),
            price: variant.priceMinor === style?.priceMinor ? '' : money.plain(variant.priceMinor),
            active: variant.active,
          },
        ]),
      ),
  );
  const parsedAxes: StyleAxis[] = axes.map((axis) => ({
    name: axis.name.trim(),
    values: splitList(axis.values),
  }));
  const grid = parsedAxes.every((axis) => axis.name && axis.values.length > 0)
    ? combinations(parsedAxes)
    : [];
  const draftOf = (options: string[]): VariantDraft =>
    variants.get(optionsKey(options)) ?? { sku: null, barcodes: '', price: '', active: true };

  return {
    on: axes.length > 0,
    axes,
    grid,
    draftOf,
    setAxis: (index: number, change: Partial<AxisDraft>) =>
      setAxes(axes.map((axis, at) => (at === index ? { ...axis, ...change } : axis))),
    addAxis: () => setAxes([...axes, { name: axes.length === 0 ? 'Size' : 'Colour', values: '' }]),
    removeAxis: (index: number) => setAxes(axes.filter((_, at) => at !== index)),
    setVariant: (options: string[], change: Partial<VariantDraft>) =>
      setVariants(new Map(variants).set(optionsKey(options), { ...draftOf(options), ...change })),
    /** The options and variants to send, or the price a person wrote that is not an amount. */
    toSend: (): { axes: StyleAxis[]; variants: VariantInput[] } | { badPrice: string } => {
      const sent: VariantInput[] = [];
      for (const options of grid) {
        const draft = draftOf(options);
        const priceMinor = draft.price.trim() === '' ? undefined : money.parse(draft.price);
        if (priceMinor === null) return { badPrice: `${options.join(' / ')}: "${draft.price}"` };
        sent.push({ options, priceMinor, barcodes: splitCodes(draft.barcodes), active: draft.active });
      }
      return { axes: parsedAxes, variants: sent };
    },
  };
}
export type VariantsDraft = ReturnType<typeof useVariantsDraft>;

export function VariantsSection({
  draft,
  styleId,
  stylePrice,
  details,
  money,
}: {
  draft: VariantsDraft;
  styleId: string;
  stylePrice: string;
  details: string[] | undefined;
  money: CatalogMoney;
}) {
  return (
    <section className="field-wide variants" aria-label="Variants" data-testid="variants">
      <h3>Variants</h3>
      <p className="field-hint">
        Each combination of the options is its own product, with its own SKU, barcode, price and stock.
        Separate values with commas.
      </p>
      {draft.axes.map((axis, index) => (
        <div className="variant-axis" key={index}>
          <input
            aria-label={`Option ${index + 1} name`}
            value={axis.name}
            onChange={(event) => draft.setAxis(index, { name: event.target.value })}
            data-testid="variant-axis-name"
          />
          <input
            aria-label={`Option ${index + 1} values`}
            placeholder="S, M, L"
            value={axis.values}
            onChange={(event) => draft.setAxis(index, { values: event.target.value })}
            data-testid="variant-axis-values"
          />
          <Button look="quiet" onClick={() => draft.removeAxis(index)}>
            Remove
          </Button>
        </div>
      ))}
      {fieldError(details, 'axes') && <p className="field-error">{fieldError(details, 'axes')}</p>}
      {draft.axes.length < MAX_AXES && (
        <Button look="secondary" onClick={draft.addAxis} testId="variant-add-axis">
          Add an option
        </Button>
      )}
      {draft.grid.length > 0 && (
        <SimpleTable
          className="table variant-table"
          testId="variant-table"
          columns={['Variant', 'SKU', 'Barcodes', `Price ${money.currency ?? ''}`, 'On sale']}
        >
          {draft.grid.map((options) => {
            const variant = draft.draftOf(options);
            const label = options.join(' / ');
            return (
              <tr key={optionsKey(options)} data-testid="variant-row">
                <th scope="row">{label}</th>
                <td className="mono">{variant.sku ?? variantSku(styleId || '…', options)}</td>
                <td>
                  <input
                    aria-label={`${label} barcodes`}
                    value={variant.barcodes}
                    onChange={(event) => draft.setVariant(options, { barcodes: event.target.value })}
                    data-testid="variant-barcodes"
                  />
                </td>
                <td>
                  <input
                    aria-label={`${label} price`}
                    inputMode="decimal"
                    placeholder={stylePrice}
                    value={variant.price}
                    onChange={(event) => draft.setVariant(options, { price: event.target.value })}
                    data-testid="variant-price"
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${label} on sale`}
                    checked={variant.active}
                    onChange={(event) => draft.setVariant(options, { active: event.target.checked })}
                  />
                </td>
              </tr>
            );
          })}
        </SimpleTable>
      )}
    </section>
  );
}
