/**
 * The catalog: searched, filtered and sorted by head office (so it stays quick at 100,000 products), the search,
 * filters and sort kept in the address, the product being edited too (?edit=SKU, so a link opens it).
 * The header's actions: a CSV export of everything the search and filters match, the CSV import with its dry
 * run, and a new product.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { SortingState } from '@tanstack/react-table';
import type { ProductView } from '../../../shared/sync/admin-api.ts';
import { productSorts, type ProductSort } from '../../../shared/sync/admin-api.ts';
import { api, type ProductsFilter } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { Button } from '../ui/Button.tsx';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { clipped, Folded } from '../ui/columns.tsx';
import { detailCell } from '../ui/DetailLink.tsx';
import { dateTime, browserLocale } from '../ui/format.ts';
import { SelectField } from '../ui/Field.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { CatalogPrice } from './catalog-money.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { ProductEditor } from './ProductEditor.tsx';

const column = columnsFor<ProductView>();
const openProduct = detailCell('edit', 'product-open', (row: ProductView) => row.sku);

// Sized to fit a 1024 px window beside the menu: a product's barcodes fold under its SKU and its category under
// its name; a price by weight says so ("€12.90 / kg").
const columns = [
  column.accessor('sku', {
    header: 'SKU',
    size: 125,
    enableHiding: false,
    // Opens the product in the editor (?edit=<sku>), keeping the list's search and filters.
    cell: (cell) => (
      <Folded under={cell.row.original.barcodes.join(', ') || null}>{openProduct(cell)}</Folded>
    ),
  }),
  column.accessor('name', {
    header: 'Name',
    size: 245,
    enableHiding: false,
    cell: (cell) => <Folded under={cell.row.original.category}>{clipped(cell.getValue())}</Folded>,
  }),
  column.accessor('priceMinor', {
    id: 'price',
    header: 'Price',
    size: 105,
    meta: { numeric: true },
    cell: (cell) => (
      <>
        <CatalogPrice minor={cell.getValue()} />
        {cell.row.original.unit === 'kg' && ' / kg'}
      </>
    ),
  }),
  column.accessor('taxCode', { header: 'Tax', size: 55, enableSorting: false }),
  column.accessor('active', {
    header: 'On sale',
    size: 70,
    enableSorting: false,
    cell: (cell) => (cell.getValue() ? 'Yes' : <span className="attention">No</span>),
  }),
  column.accessor('updatedAt', {
    id: 'updated',
    header: 'Last change',
    size: 165,
    cell: (cell) => dateTime(cell.getValue(), browserLocale),
  }),
];

/** The sort in the address ("-price") as the table's sorting state, and back. */
function sortingOf(sort: string | undefined): SortingState {
  const chosen = (productSorts as readonly string[]).includes(sort ?? '') ? sort! : 'sku';
  return [{ id: chosen.replace('-', ''), desc: chosen.startsWith('-') }];
}
const sortOf = (state: SortingState): ProductSort | undefined => {
  const [first] = state;
  if (!first || (first.id === 'sku' && !first.desc)) return undefined;
  return `${first.desc ? '-' : ''}${first.id}` as ProductSort;
};

export function ProductsPage() {
  const mayEdit = useMay('catalog.write');
  const [url, setUrl] = useUrlState(['q', 'category', 'active', 'sort', 'edit'] as const);
  const filter: ProductsFilter = {
    q: url.q,
    category: url.category,
    active: url.active === 'true' || url.active === 'false' ? url.active : undefined,
    sort: url.sort,
  };
  const list = useList(['products', filter], (after) => api.products(filter, after));
  const categories = useQuery({ queryKey: ['categories'], queryFn: api.categories, staleTime: 60_000 });
  const filtered = Boolean(filter.q || filter.category || filter.active);
  const [importing, setImporting] = useState(false);

  return (
    <>
      <PageHeader
        title="Products"
        description="The catalog every register sells from: a change reaches the registers within seconds."
        actions={
          <>
            <a
              className="button-secondary"
              href={api.productsCsvUrl(filter)}
              download="products.csv"
              data-testid="products-export"
            >
              Export CSV
            </a>
            {mayEdit && (
              <Button look="secondary" onClick={() => setImporting(true)} testId="products-import">
                Import CSV
              </Button>
            )}
            {mayEdit && (
              <Button look="primary" onClick={() => setUrl({ edit: '+' })} testId="product-new">
                New product
              </Button>
            )}
          </>
        }
      />
      <div className="filters" role="search">
        <SearchField label="Search" placeholder="Name, SKU or barcode" param="q" testId="products-search" />
        <SelectField
          label="Category"
          value={url.category ?? ''}
          onChange={(event) => setUrl({ category: event.target.value })}
          data-testid="products-category"
        >
          <option value="">All categories</option>
          {(categories.data ?? []).map((category) => (
            <option key={category}>{category}</option>
          ))}
        </SelectField>
        <SelectField
          label="On sale"
          value={url.active ?? ''}
          onChange={(event) => setUrl({ active: event.target.value })}
          data-testid="products-active"
        >
          <option value="">On sale or not</option>
          <option value="true">On sale</option>
          <option value="false">Taken off sale</option>
        </SelectField>
      </div>
      <DataTable
        name="Products"
        testId="products-table"
        columns={columns}
        list={list}
        rowKey={(product) => product.sku}
        sorting={{ state: sortingOf(url.sort), change: (state) => setUrl({ sort: sortOf(state) }) }}
        onRowClick={(product) => setUrl({ edit: product.sku })}
        twoLines
        empty={
          filtered
            ? { title: 'No product matches', hint: 'Try fewer words, or another category.' }
            : {
                title: 'The catalog is empty',
                hint: mayEdit
                  ? 'Add your first product with "New product". Registers sell what is here.'
                  : 'Someone with the buyer or owner role adds the products.',
              }
        }
      />
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {url.edit !== undefined && (
        <ProductEditor
          sku={url.edit === '+' ? null : url.edit}
          readOnly={!mayEdit}
          categories={categories.data ?? []}
          onClose={() => setUrl({ edit: undefined })}
        />
      )}
    </>
  );
}
