/**
 * Stock counts, newest first: opened here (for a store's registers to count together) or at a register. A count opens its review: the variance of each
 * SKU (against what was expected when it was counted) in units and in value, and, for a manager, the approval
 * with the choice for SKUs nobody counted.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { describeScope, type UncountedChoice } from '../../../shared/counts.ts';
import type { CountVariance, CountView } from '../../../shared/sync/counts-api.ts';
import { api } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { DetailLink } from '../ui/DetailLink.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { LoadingDialog } from '../ui/LoadingDialog.tsx';
import { SelectField } from '../ui/Field.tsx';
import { count, dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStoreFormat } from '../ui/stores.ts';
import { StoreTime } from '../ui/StoreTime.tsx';
import { useAction } from '../ui/useAction.ts';
import { staticList, useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { OpenCountDialog } from './OpenCountDialog.tsx';

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
const columns = [
  column.accessor('scope', {
    header: 'Count',
    size: 260,
    enableHiding: false,
    enableSorting: false,
    cell: (cell) => (
      <DetailLink param="count" id={cell.row.original.countId} testId="count-open">
        {countTitle(cell.row.original)}
      </DetailLink>
    ),
  }),
  column.accessor('openedAt', {
    header: 'Opened',
    size: 180,
    enableSorting: false,
    cell: (cell) => <StoreTime iso={cell.getValue()} storeId={cell.row.original.storeId} />,
  }),
  column.accessor('storeId', { header: 'Store', size: 120, enableSorting: false }),
  column.accessor('lines', { header: 'Lines', size: 80, enableSorting: false, meta: { numeric: true } }),
  column.accessor((row) => row.registers.length, {
    id: 'registers',
    header: 'Registers',
    size: 90,
    enableSorting: false,
    meta: { numeric: true },
  }),
  column.accessor('status', {
    header: 'Status',
    size: 120,
    enableSorting: false,
    cell: (cell) => statusNames[cell.getValue()],
  }),
];

export function CountsPage() {
  const [url, setUrl] = useUrlState(['storeId', 'status', 'count', 'opening'] as const);
  const mayOpen = useSessionQuery().data!.user.permissions.includes('counts.open');
  const status: CountView['status'] | undefined =
    url.status === 'open' || url.status === 'approved' ? url.status : undefined;
  const filter = { storeId: url.storeId, status };
  const list = useList(['counts', filter], (after) => api.counts(filter, after));
  return (
    <>
      <PageHeader
        title="Stock counts"
        description="Open a count for a store’s registers to count together; review the variance and approve: on hand becomes what was counted, as of when."
        actions={
          mayOpen && (
            <button
              type="button"
              className="button-primary"
              onClick={() => setUrl({ opening: 'new' })}
              data-testid="count-open-new"
            >
              Open a count
            </button>
          )
        }
      />
      <div className="filters" role="search">
        <StoreSelect
          value={url.storeId ?? ''}
          onChange={(storeId) => setUrl({ storeId })}
          everyStore
          testId="counts-store"
        />
        <SelectField
          label="Status"
          value={status ?? ''}
          onChange={(event) => setUrl({ status: event.target.value })}
          data-testid="counts-status"
        >
          <option value="">All</option>
          <option value="open">To review</option>
          <option value="approved">Approved</option>
        </SelectField>
      </div>
      <DataTable
        name="Counts"
        testId="counts-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.countId}
        empty={
          <EmptyState title="No counts yet">
            <p>
              Open one for a store&rsquo;s registers to count together, or a register opens one (Counts, at
              the register).
            </p>
          </EmptyState>
        }
      />
      {url.count && <CountReview countId={url.count} onClose={() => setUrl({ count: undefined })} />}
      {url.opening && (
        <OpenCountDialog
          onClose={() => setUrl({ opening: undefined })}
          onOpened={(countId) => setUrl({ opening: undefined, count: countId })}
        />
      )}
    </>
  );
}

const variance = columnsFor<CountVariance>();

function CountReview({ countId, onClose }: { countId: string; onClose: () => void }) {
  const client = useQueryClient();
  const mayApprove = useSessionQuery().data!.user.permissions.includes('counts.write');
  const detail = useQuery({ queryKey: ['count', countId], queryFn: () => api.count(countId) });
  const format = useStoreFormat(detail.data?.storeId ?? '');
  const where = format.where;
  const [uncounted, setUncounted] = useState<UncountedChoice>('leave');
  const approve = useAction(
    () => api.approveCount(countId, uncounted),
    async (approved) => {
      client.setQueryData(['count', countId], approved);
      await client.invalidateQueries({ queryKey: ['counts'] });
    },
  );
  if (!detail.data)
    return (
      <LoadingDialog
        title="Stock count"
        what="the count"
        error={detail.error}
        onClose={onClose}
        testId="count-review"
      />
    );
  const found = detail.data;
  const value = (minor: number | null) => (minor === null ? '—' : format.value(minor));
  const itemColumns = [
    variance.accessor('sku', { header: 'SKU', size: 120, enableSorting: false, enableHiding: false }),
    variance.accessor('name', { header: 'Product', size: 200, enableSorting: false }),
    variance.accessor('expected', {
      header: 'Expected',
      size: 90,
      enableSorting: false,
      meta: { numeric: true },
    }),
    variance.accessor('counted', {
      header: 'Counted',
      size: 90,
      enableSorting: false,
      meta: { numeric: true },
      cell: (cell) => cell.getValue() ?? 'Not counted',
    }),
    variance.accessor('variance', {
      header: 'Variance',
      size: 90,
      enableSorting: false,
      meta: { numeric: true },
    }),
    variance.accessor('varianceValueMinor', {
      header: 'Value',
      size: 110,
      enableSorting: false,
      meta: { numeric: true },
      cell: (cell) => value(cell.getValue()),
    }),
    variance.accessor('asOf', {
      header: 'Counted at',
      size: 170,
      enableSorting: false,
      cell: (cell) => dateTime(cell.getValue(), where),
    }),
    variance.accessor('outcome', {
      header: 'Outcome',
      size: 150,
      enableSorting: false,
      cell: (cell) => outcomeNames[cell.getValue()],
    }),
  ];
  const items = staticList(found.items);
  const uncountedSkus = found.items.filter((item) => item.counted === null).length;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    approve.start(undefined);
  };
  return (
    <Dialog title={`Stock count: ${countTitle(found)}`} onClose={onClose} wide testId="count-review">
      <dl className="facts">
        <dt>Store</dt>
        <dd>{found.storeId}</dd>
        <dt>Opened</dt>
        <dd>{dateTime(found.openedAt, where)}</dd>
        <dt>Registers</dt>
        <dd>
          {found.registers.join(', ') || 'none yet'} ({count(found.lines)} lines)
        </dd>
        <dt>Variance</dt>
        <dd data-testid="count-variance">
          {found.varianceUnits} units, {value(found.varianceValueMinor)}
        </dd>
      </dl>
      <DataTable
        name="Variance by SKU"
        testId="count-items"
        columns={itemColumns}
        list={items}
        rowKey={(row) => row.sku}
        empty={<EmptyState title="Nothing counted" />}
      />
      {found.status === 'approved' ? (
        <p className="notice" data-testid="count-approved">
          Approved by {found.approvedBy} on {dateTime(found.approvedAt!, where)}; uncounted SKUs were{' '}
          {found.uncounted === 'zero' ? 'set to zero' : 'left as they were'}.
        </p>
      ) : mayApprove ? (
        <form onSubmit={submit} className="form" aria-label="Approve">
          {uncountedSkus > 0 && (
            <SelectField
              label={`${count(uncountedSkus)} SKU${uncountedSkus === 1 ? '' : 's'} of the count nobody counted`}
              value={uncounted}
              onChange={(event) => setUncounted(event.target.value as UncountedChoice)}
              data-testid="count-uncounted"
            >
              <option value="leave">Leave them as they are</option>
              <option value="zero">Set them to zero on hand</option>
            </SelectField>
          )}
          <ErrorNotice error={approve.error} />
          <div className="form-actions">
            <button
              type="submit"
              className="button-primary"
              disabled={approve.pending}
              data-testid="count-approve"
            >
              Approve the count
            </button>
          </div>
        </form>
      ) : (
        <p className="fine-print">Your role may read counts but not approve them.</p>
      )}
    </Dialog>
  );
}
