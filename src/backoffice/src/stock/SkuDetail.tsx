/**
 * One SKU at every store in every state, and its movements at the store chosen on the page: what moved, in
 * which state, why, by which document and who, newest first, a page at a time.
 */
import { useQuery } from '@tanstack/react-query';
import { movementReasonLabels, stockStateLabels } from '../../../shared/stock.ts';
import type { StockMovementView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { Folded } from '../ui/columns.tsx';
import { columnsFor, DataTable, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { count, dateTime } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/Notice.tsx';
import { useStores } from '../ui/stores.ts';
import { storeTimeCell } from '../ui/StoreTime.tsx';
import { useList } from '../ui/useList.ts';

const column = columnsFor<StockMovementView>();

/** The figures of a SKU at a store, in the order the table shows them. */
const figureColumns = [
  ['onHand', stockStateLabels.on_hand],
  ['damaged', stockStateLabels.damaged],
  ['committed', stockStateLabels.committed],
  ['inTransit', stockStateLabels.in_transit],
  ['available', 'Available'],
] as const;

/** Who moved it: the person, or else the register. */
const whoMoved = (movement: StockMovementView) => movement.actor ?? movement.registerId;

// Sized to fit the dialog at 1024 px: why it moved folds under what moved it, and who under its document.
const movementColumns = [
  column.accessor('occurredAt', {
    header: 'When',
    size: 165,
    enableHiding: false,
    cell: storeTimeCell,
  }),
  column.accessor('reason', {
    header: 'What',
    size: 130,
    cell: (cell) => <Folded under={cell.row.original.detail}>{movementReasonLabels[cell.getValue()]}</Folded>,
  }),
  column.accessor('state', {
    header: 'State',
    size: 95,
    cell: (cell) => stockStateLabels[cell.getValue()],
  }),
  column.accessor('quantity', {
    header: 'Change',
    size: 70,
    ...figure,
    cell: (cell) => {
      const quantity = cell.getValue();
      return (
        <span className={quantity < 0 ? 'numeric attention' : 'numeric'}>
          {quantity > 0 && cell.row.original.reason !== 'COUNT' ? '+' : ''}
          {count(quantity)}
        </span>
      );
    },
  }),
  column.accessor('documentLabel', {
    header: 'Document',
    size: 180,
    cell: (cell) => {
      const movement = cell.row.original;
      const { documentLabel, documentId } = movement;
      return (
        <Folded under={whoMoved(movement)}>
          <span title={documentId ?? undefined}>
            {documentLabel ?? 'Head office'} {documentId ? <code>{documentId.slice(0, 8)}</code> : null}
          </span>
        </Folded>
      );
    },
  }),
];

export function SkuDetail({ sku, storeId, onClose }: { sku: string; storeId: string; onClose: () => void }) {
  const { localeOf, nameOf } = useStores();
  const across = useQuery({ queryKey: ['sku-stock', sku], queryFn: () => api.skuStock(sku) });
  const movements = useList(['sku-movements', storeId, sku], (after) =>
    api.skuMovements(storeId, sku, after),
  );
  const storeName = nameOf(storeId);
  return (
    <Dialog
      title={across.data?.name ? `${across.data.name} (${sku})` : sku}
      onClose={onClose}
      wide
      testId="sku-detail"
    >
      <ErrorNotice error={across.error} />
      {across.isPending ? (
        <Loading what="stock at every store" />
      ) : (
        <table className="summary-table" data-testid="sku-stores">
          <caption>At every store</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              {figureColumns.map(([key, label]) => (
                <th key={key} scope="col" className="numeric">
                  {label}
                </th>
              ))}
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {(across.data?.stores ?? []).map((store) => {
              const where = localeOf(store.storeId);
              return (
                <tr key={store.storeId} data-testid="sku-store" data-store={store.storeId}>
                  <th scope="row">
                    {store.storeName}
                    {store.storeKind === 'warehouse' && <span className="secondary"> (warehouse)</span>}
                  </th>
                  {figureColumns.map(([key]) => (
                    <td key={key} className={store[key] < 0 ? 'numeric attention' : 'numeric'}>
                      {count(store[key], where)}
                    </td>
                  ))}
                  <td>{store.updatedAt ? dateTime(store.updatedAt, where) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h3>Movements at {storeName}</h3>
      <DataTable
        name="Stock movements"
        testId="sku-movements"
        columns={movementColumns}
        list={movements}
        rowKey={(row) => String(row.id)}
        twoLines={movements.rows.some((movement) => movement.detail !== null || whoMoved(movement) !== null)}
        empty={{
          title: `Nothing moved at ${storeName}`,
          hint: 'Sales, returns, adjustments, receipts and counts of this SKU there show here.',
        }}
      />
    </Dialog>
  );
}
