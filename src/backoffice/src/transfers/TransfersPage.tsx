/**
 * Transfers between stores, newest first, as both stores see them. A transfer opens its lines (requested, sent,
 * received, damaged; a line that did not arrive as sent is marked) and its stages with when. Whoever may plan
 * one plans it here: the sending store's registers get it to pick and send.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  transferStatusLabels,
  type TransferStatus,
  type TransferView,
  type TransferViewLine,
} from '../../../shared/transfers.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { clipped, clippedCell, detailColumn } from '../ui/columns.tsx';
import { columnsFor, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import {
  DocumentListPage,
  type OpenedProps,
  type NewDocumentForm,
  type OpenedDocument,
} from '../ui/DocumentListPage.tsx';
import { Fact } from '../ui/Fact.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { dateTime } from '../ui/format.ts';
import { LinesTable } from '../ui/LinesTable.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStoreChoice, useStores } from '../ui/stores.ts';
import { TypedLinesFields, useTypedLines } from '../ui/TypedLines.tsx';
import { useAction } from '../ui/useAction.ts';
import { plural } from '../../../shared/words.ts';

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
// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar.
const columns = [
  column.accessor((row: TransferView) => row.number ?? 'Not sent yet', {
    id: 'number',
    header: 'Transfer',
    size: 105,
    ...detailColumn('transfer', 'transfer-open', (row: TransferView) => row.transferId),
  }),
  column.accessor('fromStoreName', { header: 'From', size: 110, cell: clippedCell }),
  column.accessor('toStoreName', { header: 'To', size: 110, cell: clippedCell }),
  column.accessor((row) => row.lines.length, { id: 'lines', header: 'Lines', size: 55, ...figure }),
  column.accessor('status', {
    header: 'Status',
    size: 185,
    cell: (cell) => {
      const row = cell.row.original;
      const short = row.lines.some((line) => differs(line, row.status));
      return clipped(
        short ? `${transferStatusLabels[row.status]}, not as sent` : transferStatusLabels[row.status],
      );
    },
  }),
  column.accessor((row) => row.receivedAt ?? row.sentAt ?? row.requestedAt, {
    id: 'when',
    header: 'Last change',
    size: 180,
    cell: (cell) => <LastStage row={cell.row.original} />,
  }),
];

const transfer: OpenedDocument<TransferView> = {
  param: 'transfer',
  title: 'Transfer',
  testId: 'transfer-detail',
  what: 'the transfer',
  load: api.transfer,
  show: TransferFacts,
};

export function TransfersPage() {
  const mayPlan = useMay('transfers.plan');
  return (
    <DocumentListPage
      title="Transfers"
      description="Goods on their way between stores: what was asked for, sent and received."
      create={
        mayPlan && {
          param: 'plan',
          action: 'Plan a transfer',
          testId: 'transfer-plan',
          form: PlanTransfer,
        }
      }
      id="transfers"
      choices={{ status: { label: 'Status', options: transferStatusLabels } }}
      columns={columns}
      load={api.transfers}
      rowKey={(row) => row.transferId}
      empty={{
        title: 'No transfers yet',
        hint: `A transfer appears here once a register sends or asks for goods (Transfers, at the register)${mayPlan ? ', or once you plan one here.' : '.'}`,
      }}
      record={transfer}
    />
  );
}

const line = columnsFor<TransferViewLine>();
const quantity = (key: 'requested' | 'sent' | 'received' | 'damaged', header: string) =>
  line.accessor(key, { header, size: 75, ...figure });

function TransferFacts({ found, onClose }: OpenedProps<TransferView>) {
  const { localeOf } = useStores();
  // Every stage in the sending store's way of writing, as on the list.
  const when = (iso: string | null) => (iso ? dateTime(iso, localeOf(found.fromStoreId)) : 'Not yet');
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 130, enableHiding: false }),
    line.accessor('name', { header: 'Product', size: 180 }),
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
  const discrepancies = found.lines.filter((row) => differs(row, found.status)).length;
  return (
    <Dialog
      title={`Transfer ${found.number ?? '(not sent yet)'}`}
      onClose={onClose}
      wide
      testId="transfer-detail"
    >
      <dl className="facts">
        <Fact label="From">{found.fromStoreName}</Fact>
        <Fact label="To">{found.toStoreName}</Fact>
        <Fact label="Status" testId="transfer-status">
          {transferStatusLabels[found.status]}
        </Fact>
        <Fact label="Asked for">{when(found.requestedAt)}</Fact>
        <Fact label="Sent">{when(found.sentAt)}</Fact>
        <Fact label="Received">{when(found.receivedAt)}</Fact>
        {found.note && <Fact label="Note">{found.note}</Fact>}
      </dl>
      {discrepancies > 0 && (
        <p className="notice notice-error" data-testid="transfer-discrepancy">
          {plural(discrepancies, 'line')} did not arrive as sent: see the transfer discrepancy on{' '}
          <Link to="/exceptions?kind=transfer_discrepancy">Exceptions</Link>.
        </p>
      )}
      <LinesTable testId="transfer-lines" columns={lineColumns} lines={found.lines} />
    </Dialog>
  );
}

function PlanTransfer({ onClose, onMade }: NewDocumentForm) {
  // Every store, not only the person's: a store manager asks the warehouse or another store for stock.
  const allStores = useQuery({ queryKey: ['transfer-stores'], queryFn: api.transferStores }).data ?? [];
  // Into one of the person's stores, from the first other store, until they choose.
  const [toStoreId, setTo] = useStoreChoice();
  const [chosenFrom, setFrom] = useState('');
  const fromStoreId = chosenFrom || (allStores.find((store) => store.id !== toStoreId)?.id ?? '');
  const [note, setNote] = useState('');
  const typed = useTypedLines({ sku: '', quantity: '1' });
  const plan = useAction(api.planTransfer, (planned) => onMade(planned.transferId));
  const submit = () =>
    plan.start({
      fromStoreId,
      toStoreId,
      note: note.trim() === '' ? undefined : note,
      lines: typed.lines
        .filter((row) => row.sku.trim() !== '')
        .map((row) => ({ sku: row.sku.trim(), quantity: Number(row.quantity) })),
    });
  return (
    <Dialog title="Plan a transfer" onClose={onClose} testId="transfer-plan-form">
      <ActionForm
        label="Plan a transfer"
        action={plan}
        onSend={submit}
        send="Plan the transfer"
        sendTestId="plan-submit"
        inRow
        wholeRefusal
        fineprint="The sending store’s registers get it to pick and send."
      >
        <StoreSelect
          label="From"
          value={fromStoreId}
          onChange={setFrom}
          stores={allStores}
          error={fieldError(plan.details, 'fromStoreId')}
          testId="plan-from"
        />
        <StoreSelect
          label="To"
          value={toStoreId}
          onChange={setTo}
          stores={allStores}
          error={fieldError(plan.details, 'toStoreId')}
          testId="plan-to"
        />
        <TypedLinesFields typed={typed} details={plan.details} testId="plan" />
        <TextField
          label="Note (optional)"
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={fieldError(plan.details, 'note')}
        />
      </ActionForm>
    </Dialog>
  );
}
