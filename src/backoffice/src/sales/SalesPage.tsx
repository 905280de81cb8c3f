/**
 * Sales and returns as the registers sent them, newest first: by store, by register, by day (the store's own
 * day) or by receipt number, all kept in the address. A row opens its receipt as the customer got it.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReturnView, SaleView } from '../../../shared/sync/admin-api.ts';
import { dayRange } from '../../../shared/time-zone.ts';
import { api, type DocumentsFilter } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { columnsFor, DataTable, figure, type Columns, type EmptyList } from '../ui/DataTable.tsx';
import { detailColumn } from '../ui/columns.tsx';
import { SelectField, TextField } from '../ui/Field.tsx';
import { money } from '../ui/format.ts';
import { Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { StoreFilters } from '../ui/StoreSelect.tsx';
import { StoreName } from '../ui/StoreName.tsx';
import { useStores } from '../ui/stores.ts';
import { Tabs } from '../ui/Tabs.tsx';
import { storeTimeCell } from '../ui/StoreTime.tsx';
import { useList, type ListPage } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { useUrlTab } from '../ui/useUrlTab.ts';
import { ReceiptDialog, type ReceiptRef } from './ReceiptDialog.tsx';

const tenderNames = { cash: 'Cash', card: 'Card' };

function Amount({ minor, currency, storeId }: { minor: number; currency: string; storeId: string }) {
  return <>{money(minor, currency, useStores().localeOf(storeId))}</>;
}

/** A list of sales or of returns: how head office sends it, how a row opens its receipt, and its columns. */
interface ReceiptKind<Row extends SaleView | ReturnView> {
  kind: ReceiptRef['kind'];
  name: string;
  load: (filter: DocumentsFilter, after: string | undefined) => Promise<ListPage<Row>>;
  idOf: (row: Row) => string;
  columns: Columns<Row>;
}

/** A list whose columns start with what every receipt has: its number (opening it), when and where. */
function receiptList<Row extends SaleView | ReturnView>(list: ReceiptKind<Row>): ReceiptKind<Row> {
  const receipt = columnsFor<Row>();
  // Spelled out: TypeScript cannot see a text field's type through a generic row.
  type Text = (row: Row) => string;
  const first = [
    receipt.accessor<Text, string>((row) => row.receiptNumber, {
      id: 'receiptNumber',
      header: 'Receipt',
      size: 130,
      // A link that opens the receipt (?receipt=sale:<id>), so the keyboard reaches it too.
      ...detailColumn('receipt', 'receipt-open', (row: Row) => `${list.kind}:${list.idOf(row)}`),
    }),
    receipt.accessor<Text, string>((row) => row.completedAt, {
      id: 'completedAt',
      header: 'Time',
      size: 180,
      cell: storeTimeCell,
    }),
    receipt.accessor<Text, string>((row) => row.storeId, {
      id: 'storeId',
      header: 'Store',
      size: 160,
      cell: (cell) => <StoreName storeId={cell.getValue()} />,
    }),
  ];
  return { ...list, columns: [...first, ...list.columns] };
}

const sale = columnsFor<SaleView>();
const saleColumns = [
  sale.accessor((row) => row.lines.length, { id: 'items', header: 'Lines', size: 70, ...figure }),
  sale.accessor('totalMinor', {
    header: 'Total',
    size: 110,
    ...figure,
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
  }),
];

const ret = columnsFor<ReturnView>();
const returnColumns = [
  ret.accessor('originalSaleId', {
    header: 'Of a sale',
    size: 110,
    cell: (cell) => (cell.getValue() ? 'With receipt' : 'Without receipt'),
  }),
];

const sales = receiptList<SaleView>({
  kind: 'sale',
  name: 'Sales',
  load: api.sales,
  idOf: (row) => row.saleId,
  columns: saleColumns,
});

const returns = receiptList<ReturnView>({
  kind: 'return',
  name: 'Returns',
  load: api.returns,
  idOf: (row) => row.returnId,
  columns: returnColumns,
});

const salesTabs = { sales: 'Sales', returns: 'Returns' };

export function SalesPage() {
  const mayReadRegisters = useMay('registers.read');
  const { byId, nameOf, loading } = useStores();
  const registers = useQuery({ queryKey: ['registers'], queryFn: api.registers, enabled: mayReadRegisters });
  const [shown, show] = useUrlTab('show', salesTabs);
  const [url, setUrl] = useUrlState(['storeId', 'registerId', 'day', 'receiptNumber', 'receipt'] as const);
  const [openKind, openId] = (url.receipt ?? '').split(/:(.*)/);
  const open: ReceiptRef | null =
    (openKind === 'sale' || openKind === 'return') && openId ? { kind: openKind, id: openId } : null;
  const setOpen = (receipt: ReceiptRef | null) =>
    setUrl({ receipt: receipt ? `${receipt.kind}:${receipt.id}` : undefined });
  const showReturns = shown === 'returns';

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
  const empty: EmptyList = filtered
    ? {
        title: `No ${showReturns ? 'return' : 'sale'} matches`,
        hint: 'Try another day or store, or clear the receipt number.',
      }
    : {
        title: `No ${showReturns ? 'returns' : 'sales'} yet`,
        hint: `${showReturns ? 'Returns' : 'Sales'} appear here as the registers send them: pair a register on Stores and registers, and ring something up.`,
      };

  if (loading) return <Loading what="stores" />;
  return (
    <>
      <PageHeader title="Sales and returns" description="As the registers sent them, newest first." />
      <Tabs tabs={salesTabs} shown={shown} onShow={show} testIdPrefix="show-" />
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
                {register.name} ({nameOf(register.storeId)})
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
        <SearchField label="Receipt number" param="receiptNumber" testId="sales-receipt" />
      </StoreFilters>
      {showReturns ? (
        <Receipts key="returns" of={returns} filter={filter} empty={empty} onOpen={setOpen} />
      ) : (
        <Receipts key="sales" of={sales} filter={filter} empty={empty} onOpen={setOpen} />
      )}
      {open && <ReceiptDialog receipt={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function Receipts<Row extends SaleView | ReturnView>({
  of,
  filter,
  empty,
  onOpen,
}: {
  of: ReceiptKind<Row>;
  filter: DocumentsFilter;
  empty: EmptyList;
  onOpen: (receipt: ReceiptRef) => void;
}) {
  const key = of.name.toLowerCase();
  const list = useList([key, filter], (after) => of.load(filter, after));
  return (
    <DataTable
      name={of.name}
      testId={`${key}-table`}
      columns={of.columns}
      list={list}
      rowKey={of.idOf}
      empty={empty}
      onRowClick={(row) => onOpen({ kind: of.kind, id: of.idOf(row) })}
    />
  );
}
