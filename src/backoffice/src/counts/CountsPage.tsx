/**
 * Stock counts, newest first: opened here (for a store's registers to count together) or at a register. A count opens its review: the variance of each
 * SKU (against what was expected when it was counted) in units and in value, and, for a manager, the approval
 * with the choice for SKUs nobody counted.
 */
import { useState } from 'react';
import { describeScope, type UncountedChoice } from '../../../shared/counts.ts';
import type { CountDetail, CountVariance, CountView } from '../../../shared/sync/counts-api.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { detailColumn } from '../ui/columns.tsx';
import { columnsFor, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DocumentListPage, type OpenedProps, type OpenedDocument } from '../ui/DocumentListPage.tsx';
import { Fact } from '../ui/Fact.tsx';
import { SelectField } from '../ui/Field.tsx';
import { count, dateTime } from '../ui/format.ts';
import { LinesTable } from '../ui/LinesTable.tsx';
import { useStoreFormat } from '../ui/stores.ts';
import { storeTimeCell } from '../ui/StoreTime.tsx';
import { useAction } from '../ui/useAction.ts';
import { OpenCountDialog } from './OpenCountDialog.tsx';
import { plural } from '../../../shared/words.ts';

const statusNames = { open: 'To review', approved: 'Approved' } as const;
const outcomeNames = {
  pending: 'To approve',
  applied: 'Applied',
  zeroed: 'Set to zero',
  left: 'Left as it was',
  superseded: 'Counted again later: not applied',
} as const;

/** A register's opening count is named as such: it is what the register held when it enrolled, not a count. */
const countTitle = (count: Pick<CountView, 'opening' | 'scope'>): string =>
  count.opening ? 'Opening stock of a register at enrolment' : describeScope(count.scope);

const column = columnsFor<CountView>();
// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar.
const columns = [
  column.accessor(countTitle, {
    id: 'scope',
    header: 'Count',
    size: 220,
    ...detailColumn('count', 'count-open', (row: CountView) => row.countId),
  }),
  column.accessor('openedAt', { header: 'Opened', size: 180, cell: storeTimeCell }),
  column.accessor('storeId', { header: 'Store', size: 95 }),
  column.accessor('lines', { header: 'Lines', size: 60, ...figure }),
  column.accessor((row) => row.registers.length, {
    id: 'registers',
    header: 'Registers',
    size: 80,
    ...figure,
  }),
  column.accessor('status', {
    header: 'Status',
    size: 110,
    cell: (cell) => statusNames[cell.getValue()],
  }),
];

const countReview: OpenedDocument<CountDetail> = {
  param: 'count',
  title: 'Stock count',
  testId: 'count-review',
  what: 'the count',
  load: api.count,
  show: CountReview,
};

export function CountsPage() {
  const mayOpen = useMay('counts.open');
  return (
    <DocumentListPage
      title="Stock counts"
      description="Open a count for a store’s registers to count together; review the variance and approve: on hand becomes what was counted, as of when."
      create={
        mayOpen && {
          param: 'opening',
          action: 'Open a count',
          testId: 'count-open-new',
          form: OpenCountDialog,
        }
      }
      id="counts"
      choices={{ status: { label: 'Status', options: statusNames } }}
      name="Counts"
      columns={columns}
      load={api.counts}
      rowKey={(row) => row.countId}
      empty={{
        title: 'No counts yet',
        hint: 'Open one for a store’s registers to count together, or a register opens one (Counts, at the register).',
      }}
      record={countReview}
    />
  );
}

const variance = columnsFor<CountVariance>();

function CountReview({ found, onClose, onChanged }: OpenedProps<CountDetail>) {
  const mayApprove = useMay('counts.write');
  const format = useStoreFormat(found.storeId);
  const where = format.where;
  const [uncounted, setUncounted] = useState<UncountedChoice>('leave');
  const approve = useAction(() => api.approveCount(found.countId, uncounted), onChanged);
  const value = (minor: number | null) => (minor === null ? '—' : format.value(minor));
  const itemColumns = [
    variance.accessor('sku', { header: 'SKU', size: 120, enableHiding: false }),
    variance.accessor('name', { header: 'Product', size: 200 }),
    variance.accessor('expected', { header: 'Expected', size: 90, ...figure }),
    variance.accessor('counted', {
      header: 'Counted',
      size: 90,
      ...figure,
      cell: (cell) => cell.getValue() ?? 'Not counted',
    }),
    variance.accessor('variance', { header: 'Variance', size: 90, ...figure }),
    variance.accessor('varianceValueMinor', {
      header: 'Value',
      size: 110,
      ...figure,
      cell: (cell) => value(cell.getValue()),
    }),
    variance.accessor('asOf', {
      header: 'Counted at',
      size: 170,
      cell: (cell) => dateTime(cell.getValue(), where),
    }),
    variance.accessor('outcome', {
      header: 'Outcome',
      size: 150,
      cell: (cell) => outcomeNames[cell.getValue()],
    }),
  ];
  const uncountedSkus = found.items.filter((item) => item.counted === null).length;
  return (
    <Dialog title={`Stock count: ${countTitle(found)}`} onClose={onClose} wide testId="count-review">
      <dl className="facts">
        <Fact label="Store">{found.storeId}</Fact>
        <Fact label="Opened">{dateTime(found.openedAt, where)}</Fact>
        <Fact label="Registers">
          {found.registers.join(', ') || 'none yet'} ({count(found.lines)} lines)
        </Fact>
        <Fact label="Variance" testId="count-variance">
          {found.varianceUnits} units, {value(found.varianceValueMinor)}
        </Fact>
      </dl>
      <LinesTable
        name="Variance by SKU"
        testId="count-items"
        columns={itemColumns}
        lines={found.items}
        empty="Nothing counted"
      />
      {found.status === 'approved' ? (
        <p className="notice" data-testid="count-approved">
          Approved by {found.approvedBy} on {dateTime(found.approvedAt!, where)}; uncounted SKUs were{' '}
          {found.uncounted === 'zero' ? 'set to zero' : 'left as they were'}.
        </p>
      ) : mayApprove ? (
        <ActionForm
          label="Approve"
          action={approve}
          onSend={() => approve.start(undefined)}
          send="Approve the count"
          sendTestId="count-approve"
          inRow
          wholeRefusal
        >
          {uncountedSkus > 0 && (
            <SelectField
              label={`${plural(uncountedSkus, 'SKU')} of the count nobody counted`}
              value={uncounted}
              onChange={(event) => setUncounted(event.target.value as UncountedChoice)}
              data-testid="count-uncounted"
            >
              <option value="leave">Leave them as they are</option>
              <option value="zero">Set them to zero on hand</option>
            </SelectField>
          )}
        </ActionForm>
      ) : (
        <p className="fine-print">Your role may read counts but not approve them.</p>
      )}
    </Dialog>
  );
}
