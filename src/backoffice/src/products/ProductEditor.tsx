/**
 * One product, new or as head office has it: name, price, tax rate, category, how it is sold, barcodes and
 * whether it is on sale. Saved whole (PUT /api/products); head office checks it and says what is wrong, field by
 * field. A style's variants grid (issue 14) goes below the barcodes once head office keeps styles.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ProductView } from '../../../shared/sync/admin-api.ts';
import type { CatalogItem } from '../../../shared/sync/protocol.ts';
import { api } from '../api/api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { ErrorNotice, Loading } from '../ui/Notice.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useCatalogMoney } from './catalog-money.tsx';

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
  const title = sku === null ? 'New product' : readOnly ? `Product ${sku}` : `Edit ${sku}`;
  return (
    <Dialog title={title} onClose={onClose} wide testId="product-editor">
      {sku !== null && product.isPending ? (
        <Loading what="the product" />
      ) : product.error ? (
        <ErrorNotice error={product.error} />
      ) : (
        <ProductForm
          product={product.data ?? null}
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
  readOnly,
  categories,
  onSaved,
}: {
  product: ProductView | null;
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
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [priceText, setPriceText] = useState(product ? price.plain(product.priceMinor) : '');
  const [taxCode, setTaxCode] = useState(product?.taxCode ?? taxRates[0]?.code ?? '');
  const [category, setCategory] = useState(product?.category ?? '');
  const [unit, setUnit] = useState<CatalogItem['unit']>(product?.unit ?? 'each');
  const [active, setActive] = useState(product?.active ?? true);
  const [barcodes, setBarcodes] = useState((product?.barcodes ?? []).join('\n'));
  const [priceError, setPriceError] = useState<string | null>(null);

  const save = useAction(
    (item: CatalogItem) => api.saveProducts([item]),
    async () => {
      await client.invalidateQueries({ queryKey: ['products'] });
      await client.invalidateQueries({ queryKey: ['categories'] });
      await client.invalidateQueries({ queryKey: ['product'] });
      onSaved();
    },
  );
  const error = (field: string) => fieldError(save.details, `products.0.${field}`);
  const fields = ['sku', 'name', 'priceMinor', 'taxCode', 'category', 'barcodes'];
  /** What head office said that is about no field of the form. */
  const otherDetails = (save.details ?? []).filter(
    (detail) => !fields.some((field) => detail.startsWith(`products.0.${field}`)),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const priceMinor = price.parse(priceText);
    if (priceMinor === null) {
      setPriceError(`Write the price as an amount such as ${price.plain(349)}.`);
      return;
    }
    setPriceError(null);
    save.start({
      sku: sku.trim(),
      name: name.trim(),
      priceMinor,
      taxCode,
      category: category.trim() || null,
      unit,
      active,
      barcodes: barcodes
        .split(/[\s,]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    });
  };

  return (
    <form onSubmit={submit} className="form form-grid" aria-label="Product">
      <fieldset disabled={readOnly || save.pending} className="form-grid-fields">
        <TextField
          label="SKU"
          required
          value={sku}
          readOnly={product !== null}
          hint={product ? 'A product keeps its SKU.' : 'The code your stock and sales know the product by.'}
          error={error('sku')}
          onChange={(event) => setSku(event.target.value)}
          data-testid="product-sku"
        />
        <TextField
          label="Name"
          required
          value={name}
          hint="As the register shows it and the receipt prints it."
          error={error('name')}
          onChange={(event) => setName(event.target.value)}
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
          value={taxCode}
          error={error('taxCode')}
          hint={
            taxRates.length === 0
              ? 'Create a store first: its tax rates are the ones to choose from.'
              : undefined
          }
          onChange={(event) => setTaxCode(event.target.value)}
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
          value={category}
          list="product-categories"
          hint="Leave empty for none."
          error={error('category')}
          onChange={(event) => setCategory(event.target.value)}
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
        <div className="field field-wide">
          <label htmlFor="product-barcodes">Barcodes</label>
          <textarea
            id="product-barcodes"
            rows={3}
            value={barcodes}
            aria-describedby="product-barcodes-hint"
            onChange={(event) => setBarcodes(event.target.value)}
            data-testid="product-barcodes"
          />
          <p className="field-hint" id="product-barcodes-hint">
            One per line. A barcode belongs to one product only.
          </p>
          {error('barcodes') && <p className="field-error">{error('barcodes')}</p>}
        </div>
        <label className="checkbox field-wide">
          <input
            type="checkbox"
            checked={active}
            onChange={(event) => setActive(event.target.checked)}
            data-testid="product-active"
          />
          On sale: registers sell it
        </label>
      </fieldset>
      <ErrorNotice error={save.details ? null : save.error} />
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
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={save.pending} data-testid="product-save">
            Save
          </button>
        </div>
      )}
    </form>
  );
}
