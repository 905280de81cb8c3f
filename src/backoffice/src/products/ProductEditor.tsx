/**
 * One product, new or as head office has it: name, price, tax rate, category, how it is sold, barcodes and
 * whether it is on sale. Saved whole (PUT /api/products); head office checks it and says what is wrong, field by
 * field. A product with variants is a style (PUT /api/styles/:id): its SKU field is the style id, and the
 * Variants section holds its options and the grid of variants; opening a variant opens its style.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProductView } from '../../../shared/sync/admin-api.ts';
import type { StyleInputBody, StyleView } from '../../../shared/sync/styles-api.ts';
import type { CatalogItem } from '../../../shared/sync/protocol.ts';
import { api } from '../api/api.ts';
import { Button } from '../ui/Button.tsx';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Checkbox } from '../ui/Choices.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextAreaField, TextField } from '../ui/Field.tsx';
import { ErrorNotice, Loading } from '../ui/Notice.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';
import { useCatalogMoney } from './catalog-money.tsx';
import { useVariantsDraft, VariantsSection } from './VariantsSection.tsx';

/** What the form starts from: a product, or a style (its id in the SKU field). */
type EditedProduct = Pick<ProductView, 'name' | 'priceMinor' | 'taxCode' | 'category' | 'unit'> &
  Partial<Pick<ProductView, 'sku' | 'active' | 'barcodes'>>;

export function ProductEditor({
  sku,
  readOnly,
  categories,
  onClose,
}: {
  /** null: a new product. */
  sku: string | null;
  readOnly: boolean;
  categories: string[];
  onClose: () => void;
}) {
  const product = useQuery({
    queryKey: ['product', sku],
    queryFn: () => api.product(sku!),
    enabled: sku !== null,
  });
  const styleId = product.data?.style?.id ?? null;
  const style = useQuery({
    queryKey: ['style', styleId],
    queryFn: () => api.style(styleId!),
    enabled: styleId !== null,
  });
  const shown = styleId ?? sku;
  const title = shown === null ? 'New product' : readOnly ? `Product ${shown}` : `Edit ${shown}`;
  return (
    <Dialog title={title} onClose={onClose} wide testId="product-editor">
      {(sku !== null && product.isPending) || (styleId !== null && style.isPending) ? (
        <Loading what="the product" />
      ) : product.error || style.error ? (
        <ErrorNotice error={product.error ?? style.error} />
      ) : (
        <ProductForm
          product={style.data ?? product.data ?? null}
          style={style.data ?? null}
          readOnly={readOnly}
          categories={categories}
          onSaved={onClose}
        />
      )}
    </Dialog>
  );
}

function ProductForm({
  product,
  style,
  readOnly,
  categories,
  onSaved,
}: {
  /** The product, or the style (whose id is the SKU field) when it has variants. */
  product: EditedProduct | null;
  style: StyleView | null;
  readOnly: boolean;
  categories: string[];
  onSaved: () => void;
}) {
  const client = useQueryClient();
  const price = useCatalogMoney();
  const { stores } = useStores();
  const taxRates = [
    ...new Map(stores.flatMap((store) => store.taxRates).map((rate) => [rate.code, rate])).values(),
  ];
  const text = useFields({
    sku: style?.id ?? product?.sku ?? '',
    name: product?.name ?? '',
    taxCode: product?.taxCode ?? taxRates[0]?.code ?? '',
    category: product?.category ?? '',
    barcodes: (product?.barcodes ?? []).join('\n'),
  });
  const { sku, name, taxCode, category, barcodes } = text.fields;
  const [priceText, setPriceText] = useState(product ? price.plain(product.priceMinor) : '');
  const [unit, setUnit] = useState<CatalogItem['unit']>(product?.unit ?? 'each');
  const [active, setActive] = useState(product?.active ?? true);
  const [priceError, setPriceError] = useState<string | null>(null);
  const variants = useVariantsDraft(style, price);

  const save = useAction(
    (request: { item: CatalogItem } | { styleId: string; style: StyleInputBody }) =>
      'item' in request
        ? api.saveProducts([request.item]).then(() => undefined)
        : api.saveStyle(request.styleId, request.style).then(() => undefined),
    async () => {
      for (const queryKey of [['products'], ['categories'], ['product'], ['style']])
        await client.invalidateQueries({ queryKey });
      onSaved();
    },
  );
  const error = (field: string) => fieldError(save.details, variants.on ? field : `products.0.${field}`);
  const fields = ['sku', 'name', 'priceMinor', 'taxCode', 'category', 'barcodes'];
  /** What head office said that is about no field of the form. */
  const otherDetails = (save.details ?? []).filter(
    (detail) =>
      !fields.some((field) => detail.startsWith(variants.on ? field : `products.0.${field}`)) &&
      !detail.startsWith('axes'),
  );

  const send = () => {
    const priceMinor = price.parse(priceText);
    if (priceMinor === null) {
      setPriceError(`Write the price as an amount such as ${price.plain(349)}.`);
      return;
    }
    setPriceError(null);
    const common = { name: name.trim(), priceMinor, taxCode, category: category.trim() || null, unit };
    if (variants.on) {
      const grid = variants.toSend();
      if ('badPrice' in grid) {
        setPriceError(
          `Write each variant's price as an amount such as ${price.plain(349)} (${grid.badPrice}).`,
        );
        return;
      }
      save.start({ styleId: sku.trim(), style: { ...common, ...grid } });
      return;
    }
    save.start({
      item: {
        sku: sku.trim(),
        ...common,
        active,
        barcodes: barcodes
          .split(/[\s,]+/)
          .map((code) => code.trim())
          .filter(Boolean),
      },
    });
  };

  return (
    <ActionForm
      label="Product"
      className="form form-grid"
      action={save}
      onSend={send}
      send={readOnly ? null : 'Save'}
      sendTestId="product-save"
      inRow
    >
      <fieldset disabled={readOnly || save.pending} className="form-grid-fields">
        <TextField
          label={variants.on ? 'Style id' : 'SKU'}
          required
          {...text.field('sku')}
          readOnly={product !== null}
          hint={
            variants.on
              ? "Each variant's SKU starts with it: TEE makes TEE-RED-M."
              : product
                ? 'A product keeps its SKU.'
                : 'The code your stock and sales know the product by.'
          }
          error={error('sku')}
          data-testid="product-sku"
        />
        <TextField
          label="Name"
          required
          {...text.field('name')}
          hint="As the register shows it and the receipt prints it."
          error={error('name')}
          data-testid="product-name"
        />
        <TextField
          label={`Price${price.currency ? ` (${price.currency})` : ''}${unit === 'kg' ? ' per kg' : ''}`}
          required
          inputMode="decimal"
          value={priceText}
          error={priceError ?? error('priceMinor')}
          onChange={(event) => {
            setPriceText(event.target.value);
            setPriceError(null);
          }}
          data-testid="product-price"
        />
        <SelectField
          label="Tax rate"
          {...text.field('taxCode')}
          error={error('taxCode')}
          hint={
            taxRates.length === 0
              ? 'Create a store first: its tax rates are the ones to choose from.'
              : undefined
          }
          data-testid="product-tax"
        >
          {taxRates.length === 0 && <option value="">No tax rates yet</option>}
          {taxRates.map((rate) => (
            <option key={rate.code} value={rate.code}>
              {rate.code}: {rate.name} ({rate.rateBasisPoints / 100} %)
            </option>
          ))}
        </SelectField>
        <TextField
          label="Category"
          {...text.field('category')}
          list="product-categories"
          hint="Leave empty for none."
          error={error('category')}
          data-testid="product-category"
        />
        <datalist id="product-categories">
          {categories.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        <SelectField
          label="Sold by"
          value={unit}
          onChange={(event) => setUnit(event.target.value === 'kg' ? 'kg' : 'each')}
          data-testid="product-unit"
        >
          <option value="each">The piece</option>
          <option value="kg">Weight (price per kg)</option>
        </SelectField>
        {variants.on ? (
          <VariantsSection
            draft={variants}
            styleId={sku.trim()}
            stylePrice={priceText}
            details={save.details}
            money={price}
          />
        ) : (
          <>
            <div className="field-wide">
              <TextAreaField
                label="Barcodes"
                rows={3}
                {...text.field('barcodes')}
                hint="One per line. A barcode belongs to one product only."
                error={error('barcodes')}
                data-testid="product-barcodes"
              />
            </div>
            <Checkbox
              className="checkbox field-wide"
              checked={active}
              onChange={setActive}
              testId="product-active"
            >
              On sale: registers sell it
            </Checkbox>
            {product === null && (
              <Button
                look="secondary"
                className="field-wide"
                onClick={variants.addAxis}
                testId="product-add-variants"
              >
                It comes in sizes, colours…: add variants
              </Button>
            )}
          </>
        )}
      </fieldset>
      {save.details && (
        <p className="notice notice-error">Head office did not save it: see what is marked above.</p>
      )}
      {otherDetails.length > 0 && (
        <ul className="notice notice-error" role="alert">
          {otherDetails.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </ActionForm>
  );
}
