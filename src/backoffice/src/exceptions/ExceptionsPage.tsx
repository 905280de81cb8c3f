/**
 * What head office recorded for a person to review, open ones first by default: each kind said in words (what
 * happened, what to do), resolved with a note of what was done; head office keeps who resolved it and when.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { exceptionKindsExplained } from '../../../shared/backoffice/exception-kinds.ts';
import { exceptionKinds, type ExceptionView } from '../../../shared/sync/admin-api.ts';
import { api, type ExceptionsFilter } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { clipped, clippedCell, detailColumn } from '../ui/columns.tsx';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Fact } from '../ui/Fact.tsx';
import { fieldError, SelectField, TextAreaField } from '../ui/Field.tsx';
import { FilterSelect, oneOf } from '../ui/FilterSelect.tsx';
import { dateTime } from '../ui/format.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { storeTimeCell } from '../ui/StoreTime.tsx';
import { useAction } from '../ui/useAction.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<ExceptionView>();

const kindTitles = Object.fromEntries(
  exceptionKinds.map((kind) => [kind, exceptionKindsExplained[kind].title]),
);

// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar: long text gives way.
const columns = [
  column.accessor((row: ExceptionView) => exceptionKindsExplained[row.kind].title, {
    id: 'kind',
    header: 'What',
    size: 170,
    ...detailColumn('open', 'exception-open', (row: ExceptionView) => String(row.id)),
  }),
  column.accessor('createdAt', { header: 'Recorded', size: 175, cell: storeTimeCell }),
  column.accessor('storeId', { header: 'Store', size: 85 }),
  column.accessor('sku', { header: 'SKU', size: 90, cell: clippedCell }),
  column.accessor('details', {
    header: 'Details',
    size: 160,
    cell: (cell) => clipped(cell.getValue()),
  }),
  column.accessor('resolvedAt', {
    header: 'Resolved',
    size: 85,
    cell: (cell) =>
      cell.getValue() ? (
        clipped(`${cell.row.original.resolvedBy ?? 'Yes'}: ${cell.row.original.resolutionNote ?? ''}`)
      ) : (
        <span className="attention">Open</span>
      ),
  }),
];

export function ExceptionsPage() {
  const mayResolve = useMay('exceptions.resolve');
  const [url, setUrl] = useUrlState(['storeId', 'kind', 'status', 'open'] as const);
  const kind = oneOf(exceptionKinds, url.kind);
  const status = url.status === 'resolved' || url.status === 'all' ? url.status : 'open';
  const filter: ExceptionsFilter = {
    storeId: url.storeId,
    kind,
    unresolved: status === 'open' ? 'true' : status === 'resolved' ? 'false' : undefined,
  };
  const list = useList(['exceptions', filter], (after) => api.exceptions(filter, after));
  const opened = list.rows.find((exception) => String(exception.id) === url.open);

  return (
    <>
      <PageHeader
        title="Exceptions"
        description="What head office noticed in what the registers sent: nothing is refused, so a person reviews it here."
      />
      <div className="filters" role="search">
        <SelectField
          label="Status"
          value={status}
          onChange={(event) =>
            setUrl({ status: event.target.value === 'open' ? undefined : event.target.value })
          }
          data-testid="exceptions-status"
        >
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
          <option value="all">Open and resolved</option>
        </SelectField>
        <StoreSelect
          value={url.storeId ?? ''}
          onChange={(storeId) => setUrl({ storeId })}
          everyStore
          testId="exceptions-store"
        />
        <FilterSelect
          label="Kind"
          every="Every kind"
          options={kindTitles}
          value={kind}
          onChange={(kind) => setUrl({ kind })}
          testId="exceptions-kind"
        />
      </div>
      <DataTable
        name="Exceptions"
        testId="exceptions-table"
        columns={columns}
        list={list}
        rowKey={(exception) => String(exception.id)}
        onRowClick={(exception) => setUrl({ open: String(exception.id) })}
        empty={{
          title: status === 'open' ? 'Nothing waits for review' : 'No exception matches',
          hint:
            status === 'open'
              ? 'Head office lists here what it notices in what the registers send: stock below zero, unknown SKUs, prices that differ.'
              : 'Try another store or kind.',
        }}
      />
      {opened && (
        <ExceptionDialog
          exception={opened}
          mayResolve={mayResolve}
          onClose={() => setUrl({ open: undefined })}
        />
      )}
    </>
  );
}

function ExceptionDialog({
  exception,
  mayResolve,
  onClose,
}: {
  exception: ExceptionView;
  mayResolve: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const { localeOf, nameOf } = useStores();
  const mayReadRegisters = useMay('registers.read');
  const registers = useQuery({ queryKey: ['registers'], queryFn: api.registers, enabled: mayReadRegisters });
  const registerName = registers.data?.find((register) => register.id === exception.registerId)?.name;
  const explained = exceptionKindsExplained[exception.kind];
  const [note, setNote] = useState('');
  const resolve = useAction(
    () => api.resolveException(exception.id, note),
    async () => {
      await client.invalidateQueries({ queryKey: ['exceptions'] });
      await client.invalidateQueries({ queryKey: ['today'] });
      onClose();
    },
  );
  const where = localeOf(exception.storeId);
  return (
    <Dialog title={explained.title} onClose={onClose} testId="exception-dialog">
      <p>{explained.what}</p>
      <p>
        <strong>What to do: </strong>
        {explained.todo}
      </p>
      {exception.kind === 'oversell' && (
        <p>
          <Link to="/channels?tab=orders&state=oversold" data-testid="exception-oversell-choices">
            Choose for the oversold orders on Channels
          </Link>
        </p>
      )}
      <dl className="facts">
        <Fact label="Recorded">{dateTime(exception.createdAt, where)}</Fact>
        <Fact label="Store">{nameOf(exception.storeId)}</Fact>
        {exception.registerId && (
          <Fact label="Register">
            {registerName ?? exception.registerId}
            {exception.seq !== null && `, its event ${exception.seq}`}
          </Fact>
        )}
        {exception.sku && <Fact label="SKU">{exception.sku}</Fact>}
        <dt>Details</dt>
        <dd className="pre-line">{exception.details}</dd>
      </dl>
      {exception.resolvedAt ? (
        <p className="notice" data-testid="exception-resolution">
          Resolved by {exception.resolvedBy ?? 'someone before notes were kept'} on{' '}
          {dateTime(exception.resolvedAt, where)}
          {exception.resolutionNote && `: ${exception.resolutionNote}`}
        </p>
      ) : mayResolve ? (
        <ActionForm
          label="Resolve"
          action={resolve}
          onSend={() => resolve.start(undefined)}
          send="Mark as resolved"
          sendTestId="resolve"
          inRow
        >
          <TextAreaField
            label="What was done about it"
            hint="Kept with your name, for whoever looks at it later."
            error={fieldError(resolve.details, 'note')}
            rows={3}
            required
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            data-testid="resolution-note"
          />
        </ActionForm>
      ) : (
        <p className="fine-print">Your role may read exceptions but not resolve them.</p>
      )}
    </Dialog>
  );
}
