/**
 * One store's stock across its SKUs in every state (on hand, damaged, committed, in transit, available),
 * searched and filtered by head office: everything, or only what has nothing on hand. A row opens one SKU across
 * all stores with its movement history at the chosen store (`?sku=` in the address, as Products opens `?edit=`).
 * Above the list, the store's inventory value at moving average cost. The store, search, filter and SKU are
 * kept in the address.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { StockView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { Folded, keyColumn } from '../ui/columns.tsx';
import { detailCell } from '../ui/DetailLink.tsx';
import { columnsFor, DataTable, figure } from '../ui/DataTable.tsx';
import { ago, count, dateTime, money } from '../ui/format.ts';
import { SkuDetail } from './SkuDetail.tsx';
import { EmptyState, ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { StoreTime } from '../ui/StoreTime.tsx';
import { useStores } from '../ui/stores.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<StockView>();

/** A figure of the store's stock; with `warnAtZero`, none or less stands out. */
function Quantity({
  value,
  storeId,
  warnAtZero = false,
}: {
  value: number;
  storeId: string;
  warnAtZero?: boolean;
}) {
  const { localeOf } = useStores();
  return (
    <span className={warnAtZero && value <= 0 ? 'numeric attention' : 'numeric'}>
      {count(value, localeOf(storeId))}
    </span>
  );
}

/** When a SKU was last counted, from now ("counted 7 days ago"); pointing at it shows the moment. */
function CountedAgo({ iso, storeId }: { iso: string; storeId: string }) {
  const where = useStores().localeOf(storeId);
  return <span title={dateTime(iso, where)}>counted {ago(iso, undefined, where)}</span>;
}

const stateColumn = (
  key: 'onHand' | 'damaged' | 'committed' | 'inTransit' | 'available',
  header: string,
  size: number,
) =>
  column.accessor(key, {
    header,
    size,
    ...figure,
    cell: (cell) => (
      <Quantity value={cell.getValue()} storeId={cell.row.original.storeId} warnAtZero={key === 'onHand'} />
    ),
  });

const openSku = detailCell('sku', 'stock-sku-open', (row: StockView) => row.sku);

// Sized to fit a 1024 px window beside the menu: the product's name folds under its SKU, and when it was last
// counted under its last change.
const columns = [
  column.accessor('sku', {
    header: 'SKU',
    size: 175,
    ...keyColumn,
    cell: (cell) => (
      <Folded under={cell.row.original.name ?? <span className="attention">Not in the catalog</span>}>
        {openSku(cell)}
      </Folded>
    ),
  }),
  stateColumn('onHand', 'On hand', 75),
  stateColumn('damaged', 'Damaged', 80),
  stateColumn('committed', 'Committed', 90),
  stateColumn('inTransit', 'In transit', 82),
  stateColumn('available', 'Available', 82),
  column.accessor('updatedAt', {
    header: 'Last change',
    size: 170,
    cell: (cell) => {
      const { countedAt, storeId } = cell.row.original;
      return (
        <Folded under={countedAt ? <CountedAgo iso={countedAt} storeId={storeId} /> : 'never counted'}>
          <StoreTime iso={cell.getValue()} storeId={storeId} />
        </Folded>
      );
    },
  }),
];

export function StockPage() {
  const { stores, loading, error } = useStores();
  const [url, setUrl] = useUrlState(['storeId', 'q', 'low', 'sku'] as const);
  const store = stores.find((candidate) => candidate.id === url.storeId) ?? stores[0];
  if (loading) return <Loading what="stores" />;
  return (
    <>
      <PageHeader
        title="Stock"
        description="What each store has, by SKU and state, as its registers and counts report it. Open a SKU to see it at every store and its movements."
      />
      <ErrorNotice error={error} />
      {!store ? (
        <EmptyState title="No stores yet">
          <p>
            Stock is kept per store: <Link to="/stores">create a store</Link> first.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="filters" role="search">
            <StoreSelect value={store.id} onChange={(storeId) => setUrl({ storeId })} testId="stock-store" />
            <SearchField label="Search" placeholder="SKU or product name" param="q" testId="stock-search" />
            <label className="checkbox filter-checkbox">
              <input
                type="checkbox"
                checked={url.low === 'true'}
                onChange={(event) => setUrl({ low: event.target.checked ? 'true' : undefined })}
                data-testid="stock-low"
              />
              Only SKUs with nothing on hand
            </label>
          </div>
          <StockValueSummary storeId={store.id} />
          <StoreStock
            storeId={store.id}
            q={url.q}
            low={url.low === 'true'}
            storeName={store.name}
            onOpen={(sku) => setUrl({ sku })}
          />
          {url.sku !== undefined && (
            <SkuDetail sku={url.sku} storeId={store.id} onClose={() => setUrl({ sku: undefined })} />
          )}
        </>
      )}
    </>
  );
}

/** The store's stock at moving average cost (docs/cost.md), and how many SKUs have no cost yet. */
function StockValueSummary({ storeId }: { storeId: string }) {
  const { localeOf } = useStores();
  const value = useQuery({ queryKey: ['stock-value', storeId], queryFn: () => api.stockValue(storeId) });
  if (!value.data) return <ErrorNotice error={value.error} />;
  const { totalValueMinor, currency, skusWithoutCost } = value.data;
  return (
    <p className="stock-value" data-testid="stock-value">
      The store's stock at cost:{' '}
      <strong className="numeric">{money(totalValueMinor, currency, localeOf(storeId))}</strong>
      {skusWithoutCost > 0 &&
        ` · ${count(skusWithoutCost, localeOf(storeId))} ${skusWithoutCost === 1 ? 'SKU was' : 'SKUs were'} never received at a known cost (valued at zero)`}
    </p>
  );
}

function StoreStock({
  storeId,
  storeName,
  q,
  low,
  onOpen,
}: {
  storeId: string;
  storeName: string;
  q?: string;
  low: boolean;
  onOpen: (sku: string) => void;
}) {
  const filter = { q, low: low ? ('true' as const) : undefined };
  const list = useList(['stock', storeId, filter], (after) => api.stock(storeId, filter, after));
  return (
    <DataTable
      name={`Stock at ${storeName}`}
      testId="stock-table"
      columns={columns}
      list={list}
      rowKey={(row) => row.sku}
      onRowClick={(row) => onOpen(row.sku)}
      twoLines
      empty={
        q || low
          ? {
              title: low ? 'Nothing is out of stock here' : 'No SKU matches',
              hint: low ? 'Every SKU this store has stock of has some on hand.' : 'Try fewer letters.',
            }
          : {
              title: `No stock recorded at ${storeName} yet`,
              hint: 'Stock appears as its registers sell and as goods are received or counted.',
            }
      }
    />
  );
}
