/**
 * Transfers between stores, newest first, as both stores see them. A transfer opens its lines (requested, sent,
 * received, damaged; a line that did not arrive as sent is marked) and its stages with when. Whoever may plan
 * one plans it here: the sending store's registers get it to pick and send.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  transferStatusLabels,
  transferStatuses,
  type TransferStatus,
  type TransferView,
  type TransferViewLine,
} from '../../../shared/transfers.ts';
import { api } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { columnsFor, DataTable, figure, unsorted } from '../ui/DataTable.tsx';
import { DetailLink } from '../ui/DetailLink.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { RecordDialog } from '../ui/RecordDialog.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreFilters } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { staticList, useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

/** Received, but not as sent: short, over or damaged. */
const differs = (line: TransferViewLine, status: TransferStatus) =>
  status === 'received' && (line.received !== line.sent || line.damaged > 0);

/** When it last moved: received, sent or asked for, in the sending store's locale. */
function LastStage({ row }: { row: TransferView }) {
  const where = useStores().localeOf(row.fromStoreId);
  const at = row.receivedAt ?? row.sentAt ?? row.requestedAt;
  return <>{at ? dateTime(at, where) : '—'}</>;
}

const column = columnsFor<TransferView>();
const columns = [
  column.accessor('number', {
    header: 'Transfer',
    size: 150,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => (
      <DetailLink param="transfer" id={cell.row.original.transferId} testId="transfer-open">
        {cell.getValue() ?? 'Not sent yet'}
      </DetailLink>
    ),
  }),
  column.accessor('fromStoreName', { header: 'From', size: 160, ...unsorted }),
  column.accessor('toStoreName', { header: 'To', size: 160, ...unsorted }),
  column.accessor((row) => row.lines.length, {
    id: 'lines',
    header: 'Lines',
    size: 70,
    ...figure,
  }),
  column.accessor('status', {
    header: 'Status',
    size: 190,
    ...unsorted,
    cell: (cell) => {
      const row = cell.row.original;
      const short = row.lines.some((line) => differs(line, row.status));
      return short ? `${transferStatusLabels[row.status]}, not as sent` : transferStatusLabels[row.status];
    },
  }),
  column.accessor((row) => row.receivedAt ?? row.sentAt ?? row.requestedAt, {
    id: 'when',
    header: 'Last change',
    size: 180,
    ...unsorted,
    cell: (cell) => <LastStage row={cell.row.original} />,
  }),
];

const isStatus = (value: string | undefined): value is TransferStatus =>
  (transferStatuses as readonly string[]).includes(value ?? '');

export function TransfersPage() {
  const [url, setUrl] = useUrlState(['storeId', 'status', 'transfer', 'plan'] as const);
  const mayPlan = useSessionQuery().data!.user.permissions.includes('transfers.plan');
  const status = isStatus(url.status) ? url.status : undefined;
  const filter = { storeId: url.storeId, status };
  const list = useList(['transfers', filter], (after) => api.transfers(filter, after));
  return (
    <>
      <PageHeader
        title="Transfers"
        description="Goods on their way between stores: what was asked for, sent and received."
        actions={
          mayPlan && (
            <button
              type="button"
              className="button-primary"
              onClick={() => setUrl({ plan: 'new' })}
              data-testid="transfer-plan"
            >
              Plan a transfer
            </button>
          )
        }
      />
      <StoreFilters
        storeId={url.storeId}
        onChange={(storeId) => setUrl({ storeId })}
        testId="transfers-store"
      >
        <SelectField
          label="Status"
          value={status ?? ''}
          onChange={(event) => setUrl({ status: event.target.value })}
          data-testid="transfers-status"
        >
          <option value="">All</option>
          {transferStatuses.map((option) => (
            <option key={option} value={option}>
              {transferStatusLabels[option]}
            </option>
          ))}
        </SelectField>
      </StoreFilters>
      <DataTable
        name="Transfers"
        testId="transfers-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.transferId}
        empty={
          <EmptyState title="No transfers yet">
            <p>
              A transfer appears here once a register sends or asks for goods (Transfers, at the register)
              {mayPlan ? ', or once you plan one here.' : '.'}
            </p>
          </EmptyState>
        }
      />
      {url.transfer && (
        <TransferDetail transferId={url.transfer} onClose={() => setUrl({ transfer: undefined })} />
      )}
      {mayPlan && url.plan && (
        <PlanTransfer
          onClose={() => setUrl({ plan: undefined })}
          onPlanned={(transferId) => setUrl({ plan: undefined, transfer: transferId })}
        />
      )}
    </>
  );
}

const line = columnsFor<TransferViewLine>();
const quantity = (key: 'requested' | 'sent' | 'received' | 'damaged', header: string) =>
  line.accessor(key, { header, size: 75, ...figure });

function TransferDetail({ transferId, onClose }: { transferId: string; onClose: () => void }) {
  return (
    <RecordDialog
      title="Transfer"
      what="the transfer"
      testId="transfer-detail"
      queryKey={['transfer', transferId]}
      load={() => api.transfer(transferId)}
      onClose={onClose}
    >
      {(found) => <TransferFacts found={found} onClose={onClose} />}
    </RecordDialog>
  );
}

function TransferFacts({ found, onClose }: { found: TransferView; onClose: () => void }) {
  const { localeOf } = useStores();
  // Every stage in the sending store's way of writing, as on the list.
  const when = (iso: string | null) => (iso ? dateTime(iso, localeOf(found.fromStoreId)) : 'Not yet');
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 130, ...unsorted, enableHiding: false }),
    line.accessor('name', { header: 'Product', size: 180, ...unsorted }),
    quantity('requested', 'Requested'),
    quantity('sent', 'Sent'),
    quantity('received', 'Received'),
    quantity('damaged', 'Damaged'),
    line.display({
      id: 'difference',
      header: 'Arrived',
      size: 120,
      cell: (cell) => {
        const row = cell.row.original;
        if (!differs(row, found.status)) return found.status === 'received' ? 'As sent' : '—';
        const gap = row.received - row.sent;
        const words = [gap < 0 ? `${-gap} short` : gap > 0 ? `${gap} over` : null];
        if (row.damaged > 0) words.push(`${row.damaged} damaged`);
        return <strong className="discrepancy">{words.filter(Boolean).join(', ')}</strong>;
      },
    }),
  ];
  const lines = staticList(found.lines);
  const discrepancies = found.lines.filter((row) => differs(row, found.status)).length;
  return (
    <Dialog
      title={`Transfer ${found.number ?? '(not sent yet)'}`}
      onClose={onClose}
      wide
      testId="transfer-detail"
    >
      <dl className="facts">
        <dt>From</dt>
        <dd>{found.fromStoreName}</dd>
        <dt>To</dt>
        <dd>{found.toStoreName}</dd>
        <dt>Status</dt>
        <dd data-testid="transfer-status">{transferStatusLabels[found.status]}</dd>
        <dt>Asked for</dt>
        <dd>{when(found.requestedAt)}</dd>
        <dt>Sent</dt>
        <dd>{when(found.sentAt)}</dd>
        <dt>Received</dt>
        <dd>{when(found.receivedAt)}</dd>
        {found.note && (
          <>
            <dt>Note</dt>
            <dd>{found.note}</dd>
          </>
        )}
      </dl>
      {discrepancies > 0 && (
        <p className="notice notice-error" data-testid="transfer-discrepancy">
          {discrepancies} line{discrepancies === 1 ? '' : 's'} did not arrive as sent: see the transfer
          discrepancy on <Link to="/exceptions?kind=transfer_discrepancy">Exceptions</Link>.
        </p>
      )}
      <DataTable
        name="Lines"
        testId="transfer-lines"
        columns={lineColumns}
        list={lines}
        rowKey={(row) => row.sku}
        empty={<EmptyState title="No lines" />}
      />
    </Dialog>
  );
}

interface PlanLine {
  sku: string;
  quantity: string;
}

function PlanTransfer({
  onClose,
  onPlanned,
}: {
  onClose: () => void;
  onPlanned: (transferId: string) => void;
}) {
  const client = useQueryClient();
  const { stores } = useStores();
  const [fromStoreId, setFrom] = useState(stores[0]?.id ?? '');
  const [toStoreId, setTo] = useState(stores[1]?.id ?? '');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<PlanLine[]>([{ sku: '', quantity: '1' }]);
  const plan = useAction(api.planTransfer, async (planned) => {
    await client.invalidateQueries({ queryKey: ['transfers'] });
    onPlanned(planned.transferId);
  });
  const change = (index: number, patch: Partial<PlanLine>) =>
    setLines(lines.map((old, at) => (at === index ? { ...old, ...patch } : old)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    plan.start({
      fromStoreId,
      toStoreId,
      note: note.trim() === '' ? undefined : note,
      lines: lines
        .filter((row) => row.sku.trim() !== '')
        .map((row) => ({ sku: row.sku.trim(), quantity: Number(row.quantity) })),
    });
  };
  const storeOptions = stores.map((store) => (
    <option key={store.id} value={store.id}>
      {store.name}
    </option>
  ));
  return (
    <Dialog title="Plan a transfer" onClose={onClose} testId="transfer-plan-form">
      <form onSubmit={submit} className="form" aria-label="Plan a transfer">
        <SelectField
          label="From"
          value={fromStoreId}
          onChange={(event) => setFrom(event.target.value)}
          error={fieldError(plan.details, 'fromStoreId')}
          data-testid="plan-from"
        >
          {storeOptions}
        </SelectField>
        <SelectField
          label="To"
          value={toStoreId}
          onChange={(event) => setTo(event.target.value)}
          error={fieldError(plan.details, 'toStoreId')}
          data-testid="plan-to"
        >
          {storeOptions}
        </SelectField>
        {lines.map((row, index) => (
          <div className="plan-line" key={index}>
            <TextField
              label={`SKU, line ${index + 1}`}
              value={row.sku}
              onChange={(event) => change(index, { sku: event.target.value })}
              error={fieldError(plan.details, `lines.${index}.sku`)}
              data-testid="plan-sku"
            />
            <TextField
              label="Quantity"
              inputMode="numeric"
              value={row.quantity}
              onChange={(event) => change(index, { quantity: event.target.value })}
              error={fieldError(plan.details, `lines.${index}.quantity`)}
              data-testid="plan-quantity"
            />
          </div>
        ))}
        <button
          type="button"
          className="button-secondary"
          onClick={() => setLines([...lines, { sku: '', quantity: '1' }])}
        >
          Add a line
        </button>
        <TextField
          label="Note (optional)"
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={fieldError(plan.details, 'note')}
        />
        <ErrorNotice error={plan.error} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={plan.pending} data-testid="plan-submit">
            Plan the transfer
          </button>
        </div>
        <p className="fine-print">The sending store&rsquo;s registers get it to pick and send.</p>
      </form>
    </Dialog>
  );
}
