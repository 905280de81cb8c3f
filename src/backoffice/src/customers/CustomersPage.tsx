/**
 * The company's customers (issue 19): searched by name, phone or email; one with their purchases in every store
 * the person may see; records that share an email or a phone, merged by a person; a person's data exported or
 * erased on their request. Online orders of the same email join the purchases once sales channels exist.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CustomerView, Duplicates } from '../../../shared/backoffice/customers-api.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionButton, Button } from '../ui/Button.tsx';
import { clippedCell, keyColumn } from '../ui/columns.tsx';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { browserLocale, dateTime, money } from '../ui/format.ts';
import { ErrorNotice, Loading } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { StoreName } from '../ui/StoreName.tsx';
import { StoreTime, storeTimeCell } from '../ui/StoreTime.tsx';
import { useStores } from '../ui/stores.ts';
import { SimpleTable } from '../ui/SimpleTable.tsx';
import { useAction } from '../ui/useAction.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<CustomerView>();

// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar.
const columns = [
  column.accessor('name', {
    header: 'Name',
    size: 180,
    ...keyColumn,
    cell: (cell) => (
      <button type="button" className="link-button" data-testid="customer-open">
        {cell.getValue()}
      </button>
    ),
  }),
  column.accessor('phone', { header: 'Phone', size: 125 }),
  column.accessor('email', { header: 'Email', size: 160, cell: clippedCell }),
  column.accessor('storeId', {
    header: 'Made at',
    size: 125,
    cell: (cell) => <StoreName storeId={cell.getValue()} />,
  }),
  column.accessor('createdAt', {
    header: 'Since',
    size: 180,
    cell: storeTimeCell,
  }),
];

const contact = (customer: CustomerView): string =>
  [customer.phone, customer.email].filter(Boolean).join(' · ') || 'no phone or email';

export function CustomersPage() {
  const mayManage = useMay('customers.manage');
  const [url, setUrl] = useUrlState(['q', 'open'] as const);
  const list = useList(['customers', url.q], (after) => api.customers(url.q, after));

  return (
    <>
      <PageHeader
        title="Customers"
        description="One list for the company, as the registers made them. The same person made at two registers stays two records until someone merges them below."
      />
      <div className="filters" role="search">
        <SearchField label="Search" param="q" placeholder="Name, phone or email" testId="customers-search" />
      </div>
      <Duplicates mayManage={mayManage} />
      <DataTable
        name="Customers"
        testId="customers-table"
        columns={columns}
        list={list}
        rowKey={(customer) => customer.customerId}
        onRowClick={(customer) => setUrl({ open: customer.customerId })}
        empty={{
          title: url.q ? 'Nobody matches' : 'No customers yet',
          hint: url.q
            ? 'Try part of the name, or the whole phone number or email.'
            : 'Customers appear here once a register names one on a sale and syncs.',
        }}
      />
      {url.open && (
        <CustomerDialog
          customerId={url.open}
          mayManage={mayManage}
          onClose={() => setUrl({ open: undefined })}
        />
      )}
    </>
  );
}

/** Records that share an email or a phone: a person picks the one to keep and merges the others into it. */
function Duplicates({ mayManage }: { mayManage: boolean }) {
  const found = useQuery({ queryKey: ['customers', 'duplicates'], queryFn: api.customerDuplicates });
  if (found.error) return <ErrorNotice error={found.error} />;
  const groups = found.data?.groups ?? [];
  if (groups.length === 0) return null;
  return (
    <section className="panel duplicates" aria-label="Possible duplicates" data-testid="customer-duplicates">
      <header className="panel-header">
        <h2>Possible duplicates</h2>
      </header>
      <p className="fine-print">
        These records share an email or a phone number. If they are one person, keep one and merge the others
        into it: their purchases then count as the kept record’s. Sales are never changed.
      </p>
      {groups.map((group) => (
        <DuplicateGroup key={`${group.reason}:${group.key}`} group={group} mayManage={mayManage} />
      ))}
    </section>
  );
}

function DuplicateGroup({ group, mayManage }: { group: Duplicates['groups'][number]; mayManage: boolean }) {
  const client = useQueryClient();
  const [keep, setKeep] = useState(group.customers[0]!.customerId);
  const others = group.customers.filter((customer) => customer.customerId !== keep);
  const merge = useAction(
    () =>
      api.mergeCustomers(
        keep,
        others.map((customer) => customer.customerId),
      ),
    () => client.invalidateQueries({ queryKey: ['customers'] }),
  );
  return (
    <fieldset className="duplicate-group" data-testid="duplicate-group">
      <legend>
        Same {group.reason}: {group.key}
      </legend>
      {group.customers.map((customer) => (
        <label key={customer.customerId} className="checkbox">
          <input
            type="radio"
            name={`keep-${group.reason}-${group.key}`}
            checked={customer.customerId === keep}
            disabled={!mayManage}
            onChange={() => setKeep(customer.customerId)}
            data-testid="duplicate-keep"
          />
          <span>
            <strong>{customer.name}</strong> · {contact(customer)} · made at{' '}
            <StoreName storeId={customer.storeId} /> on{' '}
            <StoreTime iso={customer.createdAt} storeId={customer.storeId} />
          </span>
        </label>
      ))}
      <ErrorNotice error={merge.error} />
      {mayManage && (
        <ActionButton action={merge} input={undefined} testId="duplicate-merge">
          Merge {others.length === 1 ? 'the other record' : `the other ${others.length} records`} into the
          kept one
        </ActionButton>
      )}
    </fieldset>
  );
}

function CustomerDialog({
  customerId,
  mayManage,
  onClose,
}: {
  customerId: string;
  mayManage: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const { localeOf } = useStores();
  const customer = useQuery({
    queryKey: ['customers', 'one', customerId],
    queryFn: () => api.customer(customerId),
  });
  const purchases = useQuery({
    queryKey: ['customers', 'purchases', customerId],
    queryFn: () => api.customerPurchases(customerId),
  });
  const [confirmErase, setConfirmErase] = useState(false);
  const exportData = useAction(
    () => api.exportCustomer(customerId),
    (data) => download(`customer-${customerId}.json`, JSON.stringify(data, null, 2)),
  );
  const erase = useAction(
    () => api.eraseCustomer(customerId),
    () => client.invalidateQueries({ queryKey: ['customers'] }),
  );

  const shown = customer.data;
  return (
    <Dialog title={shown?.name ?? 'Customer'} onClose={onClose} wide testId="customer-dialog">
      {customer.error ? <ErrorNotice error={customer.error} /> : null}
      {!shown && !customer.error && <Loading what="the customer" />}
      {shown && (
        <>
          <dl className="facts">
            <dt>Phone</dt>
            <dd>{shown.phone ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{shown.email ?? '—'}</dd>
            <dt>Name on receipts</dt>
            <dd>{shown.nameOnReceipt ? 'Yes, as they asked' : 'No'}</dd>
            <dt>Made at</dt>
            <dd data-testid="customer-made">
              <StoreName storeId={shown.storeId} />,{' '}
              <StoreTime iso={shown.createdAt} storeId={shown.storeId} />
            </dd>
            {shown.merged.length > 0 && (
              <>
                <dt>Merged records</dt>
                <dd data-testid="customer-merged">
                  {shown.merged.map((record) => `${record.name} (${contact(record)})`).join('; ')}
                </dd>
              </>
            )}
            {shown.erasedAt && (
              <>
                <dt>Erased</dt>
                <dd data-testid="customer-erased">{dateTime(shown.erasedAt, browserLocale)}, on request</dd>
              </>
            )}
          </dl>
          <h3>Purchases</h3>
          {purchases.error ? <ErrorNotice error={purchases.error} /> : null}
          {purchases.data && purchases.data.items.length === 0 && <p className="fine-print">None yet.</p>}
          {purchases.data && purchases.data.items.length > 0 && (
            <SimpleTable
              testId="customer-purchases"
              columns={['When', 'Store', 'Receipt', { label: 'Total', numeric: true }]}
            >
              {purchases.data.items.map((purchase) => (
                <tr key={purchase.documentId}>
                  <td>{dateTime(purchase.completedAt, localeOf(purchase.storeId))}</td>
                  <td>
                    <StoreName storeId={purchase.storeId} />
                  </td>
                  <td>
                    {purchase.kind === 'return' ? 'Return ' : ''}
                    {purchase.receiptNumber}
                  </td>
                  <td className="numeric">
                    {money(
                      purchase.kind === 'return' ? -purchase.totalMinor : purchase.totalMinor,
                      purchase.currency,
                      localeOf(purchase.storeId),
                    )}
                  </td>
                </tr>
              ))}
            </SimpleTable>
          )}
          {mayManage && !shown.erasedAt && (
            <div className="form-actions">
              <ErrorNotice error={exportData.error ?? erase.error} />
              <ActionButton action={exportData} input={undefined} testId="customer-export">
                Export their data (JSON)
              </ActionButton>
              {confirmErase ? (
                <ActionButton look="danger" action={erase} input={undefined} testId="customer-erase-confirm">
                  Erase name, phone and email for good
                </ActionButton>
              ) : (
                <Button onClick={() => setConfirmErase(true)} testId="customer-erase">
                  Erase on request…
                </Button>
              )}
            </div>
          )}
          {confirmErase && !shown.erasedAt && (
            <p className="fine-print">
              Their sales stay, with no name on them. Registers that looked them up keep what they saw until
              they are told.
            </p>
          )}
        </>
      )}
    </Dialog>
  );
}

/** Hands the person a file their browser saves. */
function download(fileName: string, text: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}
