/**
 * Suppliers A to Z. A supplier opens with its details and what it sells us (its code, unit cost and pack size
 * per SKU), which its items' CSV downloads. Owners and buyers add and change them; everyone else reads.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { currencyDigits, toDecimalString } from '../../../shared/money.ts';
import type { Supplier, SupplierItem } from '../../../shared/purchasing.ts';
import { api } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { DetailLink } from '../ui/DetailLink.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { browserLocale, money } from '../ui/format.ts';
import { LoadingDialog } from '../ui/LoadingDialog.tsx';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { useAction } from '../ui/useAction.ts';
import { amountIn } from './amount.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';

const column = columnsFor<Supplier>();
const columns = [
  column.accessor('name', {
    header: 'Supplier',
    size: 220,
    enableHiding: false,
    enableSorting: false,
    cell: (cell) => (
      <DetailLink param="supplier" id={cell.row.original.id} testId="supplier-open">
        {cell.getValue()}
      </DetailLink>
    ),
  }),
  column.accessor('contact', { header: 'Contact', size: 160, enableSorting: false }),
  column.accessor('email', { header: 'Email', size: 220, enableSorting: false }),
  column.accessor('currency', { header: 'Currency', size: 90, enableSorting: false }),
  column.accessor('leadTimeDays', {
    header: 'Lead time (days)',
    size: 130,
    enableSorting: false,
    meta: { numeric: true },
  }),
  column.accessor('minimumOrderMinor', {
    header: 'Minimum order',
    size: 140,
    enableSorting: false,
    meta: { numeric: true },
    cell: (cell) => money(cell.getValue(), cell.row.original.currency, browserLocale),
  }),
];

/** A supplier's money as typed: "12.50" in its currency's decimals. */
const plain = (minor: number, currency: string) => toDecimalString(minor, currencyDigits(currency));

export function SuppliersPage() {
  const [url, setUrl] = useUrlState(['q', 'supplier', 'edit'] as const);
  const mayWrite = useSessionQuery().data!.user.permissions.includes('purchasing.write');
  const list = useList(['suppliers', url.q], (after) => api.suppliers(url.q, after));
  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Whom the stores buy from, and what each sells us: its codes, costs and pack sizes."
        actions={
          mayWrite && (
            <button
              type="button"
              className="button-primary"
              onClick={() => setUrl({ edit: 'new' })}
              data-testid="supplier-new"
            >
              Add a supplier
            </button>
          )
        }
      />
      <div className="filters" role="search">
        <SearchField
          label="Name starts with"
          value={url.q ?? ''}
          onSearch={(q) => setUrl({ q })}
          testId="suppliers-search"
        />
      </div>
      <DataTable
        name="Suppliers"
        testId="suppliers-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.id}
        empty={
          <EmptyState title="No suppliers yet">
            <p>
              {mayWrite
                ? 'Add the first supplier, then its items: purchase orders are made from them.'
                : 'An owner or a buyer adds suppliers here.'}
            </p>
          </EmptyState>
        }
      />
      {url.supplier && (
        <SupplierDetail
          supplierId={url.supplier}
          mayWrite={mayWrite}
          onEdit={() => setUrl({ edit: url.supplier })}
          onClose={() => setUrl({ supplier: undefined })}
        />
      )}
      {mayWrite && url.edit && (
        <SupplierForm
          supplierId={url.edit === 'new' ? null : url.edit}
          onClose={() => setUrl({ edit: undefined })}
          onSaved={(saved) => setUrl({ edit: undefined, supplier: saved.id })}
        />
      )}
    </>
  );
}

const item = columnsFor<SupplierItem>();

function SupplierDetail({
  supplierId,
  mayWrite,
  onEdit,
  onClose,
}: {
  supplierId: string;
  mayWrite: boolean;
  onEdit: () => void;
  onClose: () => void;
}) {
  const detail = useQuery({ queryKey: ['supplier', supplierId], queryFn: () => api.supplier(supplierId) });
  const items = useList(['supplier-items', supplierId], (after) => api.supplierItems(supplierId, after));
  if (!detail.data)
    return (
      <LoadingDialog
        title="Supplier"
        what="the supplier"
        error={detail.error}
        onClose={onClose}
        testId="supplier-detail"
      />
    );
  const supplier = detail.data;
  const itemColumns = [
    item.accessor('sku', { header: 'SKU', size: 110, enableSorting: false, enableHiding: false }),
    item.accessor('supplierCode', { header: 'Supplier code', size: 130, enableSorting: false }),
    item.accessor('unitCostMinor', {
      header: 'Unit cost',
      size: 110,
      enableSorting: false,
      meta: { numeric: true },
      cell: (cell) => money(cell.getValue(), supplier.currency, browserLocale),
    }),
    item.accessor('packSize', { header: 'Pack', size: 70, enableSorting: false, meta: { numeric: true } }),
    item.accessor('minimumQuantity', {
      header: 'Minimum',
      size: 90,
      enableSorting: false,
      meta: { numeric: true },
    }),
    item.accessor('caseBarcode', { header: 'Case barcode', size: 130, enableSorting: false }),
    item.accessor('preferred', {
      header: 'Preferred',
      size: 85,
      enableSorting: false,
      cell: (cell) => (cell.getValue() ? 'Yes' : ''),
    }),
  ];
  return (
    <Dialog title={supplier.name} onClose={onClose} wide testId="supplier-detail">
      <dl className="facts">
        <dt>Contact</dt>
        <dd>{supplier.contact ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{supplier.email ?? '—'}</dd>
        <dt>Currency</dt>
        <dd>{supplier.currency}</dd>
        <dt>Lead time</dt>
        <dd>
          {supplier.leadTimeDays} day{supplier.leadTimeDays === 1 ? '' : 's'}
        </dd>
        <dt>Minimum order</dt>
        <dd>{money(supplier.minimumOrderMinor, supplier.currency, browserLocale)}</dd>
      </dl>
      <div className="form-actions">
        {mayWrite && (
          <button type="button" className="button-secondary" onClick={onEdit} data-testid="supplier-edit">
            Change the details
          </button>
        )}
        <a className="button-secondary" href={api.supplierItemsCsvUrl(supplier.id)} download>
          Download the items (CSV)
        </a>
      </div>
      <h3>What it sells us</h3>
      <DataTable
        name="Supplier items"
        testId="supplier-items"
        columns={itemColumns}
        list={items}
        rowKey={(row) => row.sku}
        empty={<EmptyState title="No items yet">{mayWrite && <p>Add a SKU below.</p>}</EmptyState>}
      />
      {mayWrite && <ItemForm supplier={supplier} />}
    </Dialog>
  );
}

function ItemForm({ supplier }: { supplier: Supplier }) {
  const client = useQueryClient();
  const [fields, setFields] = useState({ sku: '', supplierCode: '', unitCost: '', packSize: '1' });
  const [costError, setCostError] = useState<string | null>(null);
  const save = useAction(api.putSupplierItem, async () => {
    setFields({ sku: '', supplierCode: '', unitCost: '', packSize: '1' });
    await client.invalidateQueries({ queryKey: ['supplier-items', supplier.id] });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const cost = amountIn(fields.unitCost, supplier.currency);
    setCostError(cost.error);
    if (cost.minor === null) return;
    save.start({
      supplierId: supplier.id,
      sku: fields.sku.trim(),
      supplierCode: fields.supplierCode,
      unitCostMinor: cost.minor,
      packSize: Number(fields.packSize),
    });
  };
  const field = (key: keyof typeof fields) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value }),
  });
  return (
    <form onSubmit={submit} className="form" aria-label="Add or change an item">
      <h3>Add or change an item</h3>
      <div className="fields-row">
        <TextField label="SKU" {...field('sku')} data-testid="item-sku" />
        <TextField
          label="Supplier code"
          {...field('supplierCode')}
          error={fieldError(save.details, 'supplierCode')}
          data-testid="item-code"
        />
        <TextField
          label={`Unit cost (${supplier.currency})`}
          inputMode="decimal"
          {...field('unitCost')}
          error={costError ?? fieldError(save.details, 'unitCostMinor')}
          data-testid="item-cost"
        />
        <TextField
          label="Pack size"
          inputMode="numeric"
          {...field('packSize')}
          error={fieldError(save.details, 'packSize')}
          data-testid="item-pack"
        />
      </div>
      <ErrorNotice error={save.error} />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={save.pending} data-testid="item-save">
          Save the item
        </button>
      </div>
    </form>
  );
}

function SupplierForm({
  supplierId,
  onClose,
  onSaved,
}: {
  supplierId: string | null;
  onClose: () => void;
  onSaved: (supplier: Supplier) => void;
}) {
  const existing = useQuery({
    queryKey: ['supplier', supplierId],
    queryFn: () => api.supplier(supplierId!),
    enabled: supplierId !== null,
  });
  if (supplierId !== null && !existing.data)
    return (
      <LoadingDialog
        title="Supplier"
        what="the supplier"
        error={existing.error}
        onClose={onClose}
        testId="supplier-form"
      />
    );
  return <SupplierFields supplier={existing.data ?? null} onClose={onClose} onSaved={onSaved} />;
}

function SupplierFields({
  supplier,
  onClose,
  onSaved,
}: {
  supplier: Supplier | null;
  onClose: () => void;
  onSaved: (supplier: Supplier) => void;
}) {
  const client = useQueryClient();
  const [fields, setFields] = useState({
    name: supplier?.name ?? '',
    contact: supplier?.contact ?? '',
    email: supplier?.email ?? '',
    currency: supplier?.currency ?? 'EUR',
    leadTimeDays: String(supplier?.leadTimeDays ?? 0),
    minimumOrder: supplier ? plain(supplier.minimumOrderMinor, supplier.currency) : '0',
  });
  const done = async (saved: Supplier) => {
    await client.invalidateQueries({ queryKey: ['suppliers'] });
    await client.invalidateQueries({ queryKey: ['supplier', saved.id] });
    onSaved(saved);
  };
  const create = useAction(api.createSupplier, done);
  const update = useAction(api.updateSupplier, done);
  const action = supplier ? update : create;
  const [minimumError, setMinimumError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minimum = amountIn(
      fields.minimumOrder,
      /^[A-Za-z]{3}$/.test(fields.currency) ? fields.currency.toUpperCase() : 'EUR',
    );
    setMinimumError(minimum.error);
    if (minimum.minor === null) return;
    const body = {
      name: fields.name,
      contact: fields.contact,
      email: fields.email,
      currency: fields.currency,
      leadTimeDays: Number(fields.leadTimeDays),
      minimumOrderMinor: minimum.minor,
    };
    if (supplier) update.start({ supplierId: supplier.id, ...body });
    else create.start(body);
  };
  const field = (key: keyof typeof fields) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => setFields({ ...fields, [key]: event.target.value }),
  });
  const title = supplier ? `Change ${supplier.name}` : 'Add a supplier';
  return (
    <Dialog title={title} onClose={onClose} testId="supplier-form">
      <form onSubmit={submit} className="form" aria-label={title}>
        <TextField
          label="Name"
          {...field('name')}
          error={fieldError(action.details, 'name')}
          data-testid="supplier-name"
        />
        <TextField
          label="Contact (optional)"
          {...field('contact')}
          error={fieldError(action.details, 'contact')}
        />
        <TextField
          label="Email for orders (optional)"
          type="email"
          {...field('email')}
          error={fieldError(action.details, 'email')}
          data-testid="supplier-email"
        />
        <TextField
          label="Currency"
          {...field('currency')}
          error={fieldError(action.details, 'currency')}
          data-testid="supplier-currency"
        />
        <TextField
          label="Lead time (days from ordering to delivery)"
          inputMode="numeric"
          {...field('leadTimeDays')}
          error={fieldError(action.details, 'leadTimeDays')}
          data-testid="supplier-lead-time"
        />
        <TextField
          label="Minimum order value"
          inputMode="decimal"
          {...field('minimumOrder')}
          error={minimumError ?? fieldError(action.details, 'minimumOrderMinor')}
        />
        <ErrorNotice error={action.error} />
        <div className="form-actions">
          <button
            type="submit"
            className="button-primary"
            disabled={action.pending}
            data-testid="supplier-save"
          >
            {supplier ? 'Save the changes' : 'Add the supplier'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
