/**
 * Stock adjustments the registers made (write-offs, repairs, found stock), newest first. One opens with its
 * reason, note, who made it and who approved it, and each line's moves between stock states and its value.
 */
import { stockStateLabels } from '../../../shared/stock.ts';
import type { AdjustmentView } from '../../../shared/sync/admin-api.ts';
import { api } from '../api/api.ts';
import { clippedCell, detailColumn } from '../ui/columns.tsx';
import { columnsFor, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DocumentListPage, type OpenedProps, type OpenedDocument } from '../ui/DocumentListPage.tsx';
import { Fact } from '../ui/Fact.tsx';
import { dateTime } from '../ui/format.ts';
import { LinesTable } from '../ui/LinesTable.tsx';
import { useStoreFormat, useStores } from '../ui/stores.ts';
import { storeTimeCell } from '../ui/StoreTime.tsx';

type AdjustmentLine = AdjustmentView['lines'][number];

function Value({ row }: { row: AdjustmentView }) {
  return <>{useStoreFormat(row.storeId).value(row.valueMinor)}</>;
}

const reasonOf = (row: AdjustmentView) => row.customReason ?? row.reasonLabel;

const column = columnsFor<AdjustmentView>();
// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar.
const columns = [
  column.accessor(reasonOf, {
    id: 'reason',
    header: 'Reason',
    size: 170,
    ...detailColumn('adjustment', 'adjustment-open', (row: AdjustmentView) => row.adjustmentId),
  }),
  column.accessor('completedAt', { header: 'Made', size: 180, cell: storeTimeCell }),
  column.accessor('storeId', { header: 'Store', size: 95 }),
  column.accessor('userName', { header: 'By', size: 110, cell: clippedCell }),
  column.accessor('approverName', { header: 'Approved by', size: 105, cell: clippedCell }),
  column.accessor('valueMinor', {
    header: 'Value',
    size: 100,
    ...figure,
    cell: (c) => <Value row={c.row.original} />,
  }),
];

const adjustment: OpenedDocument<AdjustmentView> = {
  param: 'adjustment',
  title: 'Adjustment',
  testId: 'adjustment-detail',
  what: 'the adjustment',
  load: api.adjustment,
  show: AdjustmentFacts,
};

export function AdjustmentsPage() {
  return (
    <DocumentListPage
      title="Adjustments"
      description="Stock the registers wrote off, repaired or found, with why, who and what it was worth."
      id="adjustments"
      columns={columns}
      load={api.adjustments}
      rowKey={(row) => row.adjustmentId}
      empty={{
        title: 'No adjustments yet',
        hint: 'An adjustment appears here once a register makes one (Adjust stock, at the register).',
      }}
      record={adjustment}
    />
  );
}

const line = columnsFor<AdjustmentLine>();

function AdjustmentFacts({ found, onClose }: OpenedProps<AdjustmentView>) {
  const { where, value } = useStoreFormat(found.storeId);
  const { nameOf } = useStores();
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 120, enableHiding: false }),
    line.accessor('name', { header: 'Product', size: 200 }),
    line.accessor('quantity', { header: 'Units', size: 80, ...figure }),
    line.accessor('moves', {
      header: 'Moves',
      size: 220,
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
        <Fact label="Store">{nameOf(found.storeId)}</Fact>
        <Fact label="Made">{dateTime(found.completedAt, where)}</Fact>
        <Fact label="Reason" testId="adjustment-reason">
          {reasonOf(found)}
        </Fact>
        <Fact label="Note">{found.note ?? 'None'}</Fact>
        <Fact label="By">{found.userName}</Fact>
        <Fact label="Approved by">{found.approverName ?? 'Needed no approval'}</Fact>
        <Fact label="Value">{value(found.valueMinor)}</Fact>
      </dl>
      <LinesTable testId="adjustment-lines" columns={lineColumns} lines={found.lines} />
    </Dialog>
  );
}
