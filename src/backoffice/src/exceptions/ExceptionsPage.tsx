/**
 * What head office recorded for a person to review, open ones first by default: each kind said in words (what
 * happened, what to do), resolved with a note of what was done; head office keeps who resolved it and when.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { exceptionKindsExplained } from '../../../shared/backoffice/exception-kinds.ts';
import { exceptionKinds, type ExceptionKind, type ExceptionView } from '../../../shared/sync/admin-api.ts';
import { api, type ExceptionsFilter } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { columnsFor, DataTable, unsorted } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField } from '../ui/Field.tsx';
import { dateTime } from '../ui/format.ts';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { useAction } from '../ui/useAction.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<ExceptionView>();

function When({ iso, storeId }: { iso: string; storeId: string }) {
  return <>{dateTime(iso, useStores().localeOf(storeId))}</>;
}

/** Opens the exception (?open=<id>), keeping the filters. */
function OpenLink({ exception }: { exception: ExceptionView }) {
  const [params] = useSearchParams();
  const search = new URLSearchParams(params);
  search.set('open', String(exception.id));
  return (
    <Link to={{ search: search.toString() }} data-testid="exception-open">
      {exceptionKindsExplained[exception.kind].title}
    </Link>
  );
}

const columns = [
  column.accessor('kind', {
    header: 'What',
    size: 210,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => <OpenLink exception={cell.row.original} />,
  }),
  column.accessor('createdAt', {
    header: 'Recorded',
    size: 160,
    ...unsorted,
    cell: (cell) => <When iso={cell.getValue()} storeId={cell.row.original.storeId} />,
  }),
  column.accessor('storeId', { header: 'Store', size: 100, ...unsorted }),
  column.accessor('sku', { header: 'SKU', size: 110, ...unsorted }),
  column.accessor('details', {
    header: 'Details',
    size: 300,
    ...unsorted,
    cell: (cell) => <span className="clamp">{cell.getValue()}</span>,
  }),
  column.accessor('resolvedAt', {
    header: 'Resolved',
    size: 160,
    ...unsorted,
    cell: (cell) =>
      cell.getValue() ? (
        <span>
          {cell.row.original.resolvedBy ?? 'Yes'}: {cell.row.original.resolutionNote}
        </span>
      ) : (
        <span className="attention">Open</span>
      ),
  }),
];

export function ExceptionsPage() {
  const mayResolve = useSessionQuery().data!.user.permissions.includes('exceptions.resolve');
  const [url, setUrl] = useUrlState(['storeId', 'kind', 'status', 'open'] as const);
  const kind = (exceptionKinds as readonly string[]).includes(url.kind ?? '')
    ? (url.kind as ExceptionKind)
    : undefined;
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
        <SelectField
          label="Kind"
          value={kind ?? ''}
          onChange={(event) => setUrl({ kind: event.target.value })}
          data-testid="exceptions-kind"
        >
          <option value="">Every kind</option>
          {exceptionKinds.map((option) => (
            <option key={option} value={option}>
              {exceptionKindsExplained[option].title}
            </option>
          ))}
        </SelectField>
      </div>
      <DataTable
        name="Exceptions"
        testId="exceptions-table"
        columns={columns}
        list={list}
        rowKey={(exception) => String(exception.id)}
        onRowClick={(exception) => setUrl({ open: String(exception.id) })}
        empty={
          <EmptyState title={status === 'open' ? 'Nothing waits for review' : 'No exception matches'}>
            <p>
              {status === 'open'
                ? 'Head office lists here what it notices in what the registers send: stock below zero, unknown SKUs, prices that differ.'
                : 'Try another store or kind.'}
            </p>
          </EmptyState>
        }
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
  const { localeOf, byId } = useStores();
  const mayReadRegisters = useSessionQuery().data!.user.permissions.includes('registers.read');
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    resolve.start(undefined);
  };
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
        <dt>Recorded</dt>
        <dd>{dateTime(exception.createdAt, where)}</dd>
        <dt>Store</dt>
        <dd>{byId.get(exception.storeId)?.name ?? exception.storeId}</dd>
        {exception.registerId && (
          <>
            <dt>Register</dt>
            <dd>
              {registerName ?? exception.registerId}
              {exception.seq !== null && `, its event ${exception.seq}`}
            </dd>
          </>
        )}
        {exception.sku && (
          <>
            <dt>SKU</dt>
            <dd>{exception.sku}</dd>
          </>
        )}
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
        <form onSubmit={submit} className="form" aria-label="Resolve">
          <div className="field">
            <label htmlFor="resolution-note">What was done about it</label>
            <textarea
              id="resolution-note"
              rows={3}
              required
              maxLength={500}
              value={note}
              aria-describedby="resolution-note-hint"
              onChange={(event) => setNote(event.target.value)}
              data-testid="resolution-note"
            />
            <p className="field-hint" id="resolution-note-hint">
              Kept with your name, for whoever looks at it later.
            </p>
            {fieldError(resolve.details, 'note') && (
              <p className="field-error">{fieldError(resolve.details, 'note')}</p>
            )}
          </div>
          <ErrorNotice error={resolve.details ? null : resolve.error} />
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={resolve.pending} data-testid="resolve">
              Mark as resolved
            </button>
          </div>
        </form>
      ) : (
        <p className="fine-print">Your role may read exceptions but not resolve them.</p>
      )}
    </Dialog>
  );
}
