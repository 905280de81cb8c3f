/**
 * Stock adjustments the registers made (write-offs, repairs, found stock), newest first. One opens with its
 * reason, note, who made it and who approved it, and each line's moves between stock states and its value.
 */
import { stockStateLabels } from '../../../shared/stock.ts';
import type { AdjustmentView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { columnsFor, DataTable, figure, unsorted } from '../ui/DataTable.tsx';
import { DetailLink } from '../ui/DetailLink.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { RecordDialog } from '../ui/RecordDialog.tsx';
import { dateTime } from '../ui/format.ts';
import { EmptyState } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreFilters } from '../ui/StoreSelect.tsx';
import { useStoreFormat, useStores } from '../ui/stores.ts';
import { StoreTime } from '../ui/StoreTime.tsx';
import { staticList, useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

type AdjustmentLine = AdjustmentView['lines'][number];

function Value({ row }: { row: AdjustmentView }) {
  return <>{useStoreFormat(row.storeId).value(row.valueMinor)}</>;
}

const reasonOf = (row: AdjustmentView) => row.customReason ?? row.reasonLabel;

const column = columnsFor<AdjustmentView>();
const columns = [
  column.accessor(reasonOf, {
    id: 'reason',
    header: 'Reason',
    size: 200,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => (
      <DetailLink param="adjustment" id={cell.row.original.adjustmentId} testId="adjustment-open">
        {cell.getValue()}
      </DetailLink>
    ),
  }),
  column.accessor('completedAt', {
    header: 'Made',
    size: 180,
    ...unsorted,
    cell: (cell) => <StoreTime iso={cell.getValue()} storeId={cell.row.original.storeId} />,
  }),
  column.accessor('storeId', { header: 'Store', size: 110, ...unsorted }),
  column.accessor('userName', { header: 'By', size: 140, ...unsorted }),
  column.accessor('approverName', {
    header: 'Approved by',
    size: 140,
    ...unsorted,
    cell: (c) => c.getValue() ?? '—',
  }),
  column.accessor('valueMinor', {
    header: 'Value',
    size: 110,
    ...figure,
    cell: (c) => <Value row={c.row.original} />,
  }),
];

export function AdjustmentsPage() {
  const [url, setUrl] = useUrlState(['storeId', 'adjustment'] as const);
  const filter = { storeId: url.storeId };
  const list = useList(['adjustments', filter], (after) => api.adjustments(filter, after));
  return (
    <>
      <PageHeader
        title="Adjustments"
        description="Stock the registers wrote off, repaired or found, with why, who and what it was worth."
      />
      <StoreFilters
        storeId={url.storeId}
        onChange={(storeId) => setUrl({ storeId })}
        testId="adjustments-store"
      />
      <DataTable
        name="Adjustments"
        testId="adjustments-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.adjustmentId}
        empty={
          <EmptyState title="No adjustments yet">
            <p>An adjustment appears here once a register makes one (Adjust stock, at the register).</p>
          </EmptyState>
        }
      />
      {url.adjustment && (
        <AdjustmentDetail adjustmentId={url.adjustment} onClose={() => setUrl({ adjustment: undefined })} />
      )}
    </>
  );
}

function AdjustmentDetail({ adjustmentId, onClose }: { adjustmentId: string; onClose: () => void }) {
  return (
    <RecordDialog
      title="Adjustment"
      what="the adjustment"
      testId="adjustment-detail"
      queryKey={['adjustment', adjustmentId]}
      load={() => api.adjustment(adjustmentId)}
      onClose={onClose}
    >
      {(found) => <AdjustmentFacts found={found} onClose={onClose} />}
    </RecordDialog>
  );
}

const line = columnsFor<AdjustmentLine>();

function AdjustmentFacts({ found, onClose }: { found: AdjustmentView; onClose: () => void }) {
  const { where, value } = useStoreFormat(found.storeId);
  const { byId } = useStores();
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 120, ...unsorted, enableHiding: false }),
    line.accessor('name', { header: 'Product', size: 200, ...unsorted }),
    line.accessor('quantity', { header: 'Units', size: 80, ...figure }),
    line.accessor('moves', {
      header: 'Moves',
      size: 220,
      ...unsorted,
      cell: (cell) =>
        cell
          .getValue()
          .map((move) => `${stockStateLabels[move.state]} ${move.delta > 0 ? '+' : ''}${move.delta}`)
          .join(', '),
    }),
    line.accessor('valueMinor', {
      header: 'Value',
      size: 110,
      ...figure,
      cell: (cell) => value(cell.getValue()),
    }),
  ];
  return (
    <Dialog title={`Adjustment: ${reasonOf(found)}`} onClose={onClose} wide testId="adjustment-detail">
      <dl className="facts">
        <dt>Store</dt>
        <dd>{byId.get(found.storeId)?.name ?? found.storeId}</dd>
        <dt>Made</dt>
        <dd>{dateTime(found.completedAt, where)}</dd>
        <dt>Reason</dt>
        <dd data-testid="adjustment-reason">{reasonOf(found)}</dd>
        <dt>Note</dt>
        <dd>{found.note ?? 'None'}</dd>
        <dt>By</dt>
        <dd>{found.userName}</dd>
        <dt>Approved by</dt>
        <dd>{found.approverName ?? 'Needed no approval'}</dd>
        <dt>Value</dt>
        <dd>{value(found.valueMinor)}</dd>
      </dl>
      <DataTable
        name="Lines"
        testId="adjustment-lines"
        columns={lineColumns}
        list={staticList(found.lines)}
        rowKey={(row) => row.sku}
        empty={<EmptyState title="No lines" />}
      />
    </Dialog>
  );
}
