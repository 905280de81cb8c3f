/**
 * Sales and returns as the registers sent them, newest first: by store, by register, by day (the store's own
 * day) or by receipt number, all kept in the address. A row opens its receipt as the customer got it.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ReturnView, SaleView } from '../../../shared/sync/admin-api.ts';
import { dayRange } from '../../../shared/time-zone.ts';
import { api, type DocumentsFilter } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { columnsFor, DataTable, figure, unsorted } from '../ui/DataTable.tsx';
import { SelectField, TextField } from '../ui/Field.tsx';
import { dateTime, money } from '../ui/format.ts';
import { EmptyState, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { StoreFilters } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { ReceiptDialog, type ReceiptRef } from './ReceiptDialog.tsx';

const tenderNames = { cash: 'Cash', card: 'Card' };

/** Opens a receipt (?receipt=sale:<id>), keeping the filters: a link, so the keyboard reaches it too. */
function ReceiptLink({ kind, id, number }: ReceiptRef & { number: string }) {
  const [params] = useSearchParams();
  const search = new URLSearchParams(params);
  search.set('receipt', `${kind}:${id}`);
  return (
    <Link to={{ search: search.toString() }} data-testid="receipt-open">
      {number}
    </Link>
  );
}

function When({ iso, storeId }: { iso: string; storeId: string }) {
  return <>{dateTime(iso, useStores().localeOf(storeId))}</>;
}

function Amount({ minor, currency, storeId }: { minor: number; currency: string; storeId: string }) {
  return <>{money(minor, currency, useStores().localeOf(storeId))}</>;
}

function StoreName({ storeId }: { storeId: string }) {
  return <>{useStores().byId.get(storeId)?.name ?? storeId}</>;
}

const sale = columnsFor<SaleView>();
const saleColumns = [
  sale.accessor('receiptNumber', {
    header: 'Receipt',
    size: 130,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => <ReceiptLink kind="sale" id={cell.row.original.saleId} number={cell.getValue()} />,
  }),
  sale.accessor('completedAt', {
    header: 'Time',
    size: 180,
    ...unsorted,
    cell: (cell) => <When iso={cell.getValue()} storeId={cell.row.original.storeId} />,
  }),
  sale.accessor('storeId', {
    header: 'Store',
    size: 160,
    ...unsorted,
    cell: (cell) => <StoreName storeId={cell.getValue()} />,
  }),
  sale.accessor((row) => row.lines.length, {
    id: 'items',
    header: 'Lines',
    size: 70,
    ...figure,
  }),
  sale.accessor('totalMinor', {
    header: 'Total',
    size: 110,
    meta: { numeric: true },
    ...unsorted,
    cell: (cell) => (
      <Amount
        minor={cell.getValue()}
        currency={cell.row.original.currency}
        storeId={cell.row.original.storeId}
      />
    ),
  }),
  sale.accessor((row) => row.tenders.map((tender) => tenderNames[tender.kind]).join(', '), {
    id: 'tenders',
    header: 'Paid by',
    size: 110,
    ...unsorted,
  }),
];

const ret = columnsFor<ReturnView>();
const returnColumns = [
  ret.accessor('receiptNumber', {
    header: 'Receipt',
    size: 130,
    enableHiding: false,
    ...unsorted,
    cell: (cell) => <ReceiptLink kind="return" id={cell.row.original.returnId} number={cell.getValue()} />,
  }),
  ret.accessor('completedAt', {
    header: 'Time',
    size: 180,
    ...unsorted,
    cell: (cell) => <When iso={cell.getValue()} storeId={cell.row.original.storeId} />,
  }),
  ret.accessor('storeId', {
    header: 'Store',
    size: 160,
    ...unsorted,
    cell: (cell) => <StoreName storeId={cell.getValue()} />,
  }),
  ret.accessor('originalSaleId', {
    header: 'Of a sale',
    size: 110,
    ...unsorted,
    cell: (cell) => (cell.getValue() ? 'With receipt' : 'Without receipt'),
  }),
];

export function SalesPage() {
  const mayReadRegisters = useSessionQuery().data!.user.permissions.includes('registers.read');
  const { byId, loading } = useStores();
  const registers = useQuery({ queryKey: ['registers'], queryFn: api.registers, enabled: mayReadRegisters });
  const [url, setUrl] = useUrlState([
    'show',
    'storeId',
    'registerId',
    'day',
    'receiptNumber',
    'receipt',
  ] as const);
  const [openKind, openId] = (url.receipt ?? '').split(/:(.*)/);
  const open: ReceiptRef | null =
    (openKind === 'sale' || openKind === 'return') && openId ? { kind: openKind, id: openId } : null;
  const setOpen = (receipt: ReceiptRef | null) =>
    setUrl({ receipt: receipt ? `${receipt.kind}:${receipt.id}` : undefined });
  const showReturns = url.show === 'returns';

  const store = url.storeId ? byId.get(url.storeId) : undefined;
  const timeZone = store?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const day = url.day && /^\d{4}-\d{2}-\d{2}$/.test(url.day) ? dayRange(url.day, timeZone) : null;
  const filter: DocumentsFilter = {
    storeId: url.storeId,
    registerId: url.registerId,
    receiptNumber: url.receiptNumber,
    from: day?.from.toISOString(),
    to: day?.to.toISOString(),
  };
  const storeRegisters = (registers.data ?? []).filter(
    (register) => !url.storeId || register.storeId === url.storeId,
  );
  const filtered = Object.values(filter).some((value) => value !== undefined);
  const empty = filtered ? (
    <EmptyState title={`No ${showReturns ? 'return' : 'sale'} matches`}>
      <p>Try another day or store, or clear the receipt number.</p>
    </EmptyState>
  ) : (
    <EmptyState title={`No ${showReturns ? 'returns' : 'sales'} yet`}>
      <p>
        {showReturns ? 'Returns' : 'Sales'} appear here as the registers send them: pair a register on Stores
        and registers, and ring something up.
      </p>
    </EmptyState>
  );

  if (loading) return <Loading what="stores" />;
  return (
    <>
      <PageHeader title="Sales and returns" description="As the registers sent them, newest first." />
      <div className="tabs" role="group" aria-label="Show">
        <button
          type="button"
          aria-pressed={!showReturns}
          onClick={() => setUrl({ show: undefined })}
          data-testid="show-sales"
        >
          Sales
        </button>
        <button
          type="button"
          aria-pressed={showReturns}
          onClick={() => setUrl({ show: 'returns' })}
          data-testid="show-returns"
        >
          Returns
        </button>
      </div>
      <StoreFilters
        storeId={url.storeId}
        onChange={(storeId) => setUrl({ storeId, registerId: undefined })}
        testId="sales-store"
      >
        {mayReadRegisters && (
          <SelectField
            label="Register"
            value={url.registerId ?? ''}
            onChange={(event) => setUrl({ registerId: event.target.value })}
            data-testid="sales-register"
          >
            <option value="">All registers</option>
            {storeRegisters.map((register) => (
              <option key={register.id} value={register.id}>
                {register.name} ({byId.get(register.storeId)?.name ?? register.storeId})
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label="Day"
          type="date"
          value={url.day ?? ''}
          hint={store ? `The store's day (${store.timeZone})` : undefined}
          onChange={(event) => setUrl({ day: event.target.value })}
          data-testid="sales-day"
        />
        <SearchField
          label="Receipt number"
          value={url.receiptNumber ?? ''}
          onSearch={(receiptNumber) => setUrl({ receiptNumber })}
          testId="sales-receipt"
        />
      </StoreFilters>
      {showReturns ? (
        <Returns filter={filter} empty={empty} onOpen={setOpen} />
      ) : (
        <Sales filter={filter} empty={empty} onOpen={setOpen} />
      )}
      {open && <ReceiptDialog receipt={open} onClose={() => setOpen(null)} />}
    </>
  );
}

interface ListProps {
  filter: DocumentsFilter;
  empty: ReactNode;
  onOpen: (receipt: ReceiptRef) => void;
}

function Sales({ filter, empty, onOpen }: ListProps) {
  const list = useList(['sales', filter], (after) => api.sales(filter, after));
  return (
    <DataTable
      name="Sales"
      testId="sales-table"
      columns={saleColumns}
      list={list}
      rowKey={(row) => row.saleId}
      empty={empty}
      onRowClick={(row) => onOpen({ kind: 'sale', id: row.saleId })}
    />
  );
}

function Returns({ filter, empty, onOpen }: ListProps) {
  const list = useList(['returns', filter], (after) => api.returns(filter, after));
  return (
    <DataTable
      name="Returns"
      testId="returns-table"
      columns={returnColumns}
      list={list}
      rowKey={(row) => row.returnId}
      empty={empty}
      onRowClick={(row) => onOpen({ kind: 'return', id: row.returnId })}
    />
  );
}
