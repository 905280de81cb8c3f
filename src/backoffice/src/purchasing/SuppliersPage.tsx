/**
 * Suppliers A to Z. A supplier opens with its details and what it sells us (its code, unit cost and pack size
 * per SKU), which its items' CSV downloads. Owners and buyers add and change them; everyone else reads.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { currencyDigits, toDecimalString } from '../../../shared/money.ts';
import type { Supplier, SupplierItem } from '../../../shared/purchasing.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { Button } from '../ui/Button.tsx';
import { clippedCell, detailColumn, keyColumn, moneyCell, rowMoneyCell } from '../ui/columns.tsx';
import { columnsFor, DataTable, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { browserLocale, money } from '../ui/format.ts';
import { PageHeader } from '../ui/PageHeader.tsx';
import { RecordDialog } from '../ui/RecordDialog.tsx';
import { SearchField } from '../ui/SearchField.tsx';
import { useAction } from '../ui/useAction.ts';
import { useFields } from '../ui/useFields.ts';
import { useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { amountIn } from './amount.ts';
import { plural } from '../../../shared/words.ts';

const column = columnsFor<Supplier>();
// Sized to fit a 1024 px window beside the menu: contact and email give way.
const columns = [
  column.accessor('name', {
    header: 'Supplier',
    size: 200,
    ...detailColumn('supplier', 'supplier-open', (row: Supplier) => row.id),
  }),
  column.accessor('contact', { header: 'Contact', size: 125, cell: clippedCell }),
  column.accessor('email', { header: 'Email', size: 140, cell: clippedCell }),
  column.accessor('currency', { header: 'Currency', size: 75 }),
  column.accessor('leadTimeDays', { header: 'Lead time (days)', size: 115, ...figure }),
  column.accessor('minimumOrderMinor', { header: 'Minimum order', size: 115, ...figure, cell: rowMoneyCell }),
];

/** A supplier's money as typed: "12.50" in its currency's decimals. */
const plain = (minor: number, currency: string) => toDecimalString(minor, currencyDigits(currency));

export function SuppliersPage() {
  const [url, setUrl] = useUrlState(['q', 'supplier', 'edit'] as const);
  const mayWrite = useMay('purchasing.write');
  const list = useList(['suppliers', url.q], (after) => api.suppliers(url.q, after));
  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Whom the stores buy from, and what each sells us: its codes, costs and pack sizes."
        actions={
          mayWrite && (
            <Button look="primary" onClick={() => setUrl({ edit: 'new' })} testId="supplier-new">
              Add a supplier
            </Button>
          )
        }
      />
      <div className="filters" role="search">
        <SearchField label="Name starts with" param="q" testId="suppliers-search" />
      </div>
      <DataTable
        name="Suppliers"
        testId="suppliers-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.id}
        empty={
          url.q
            ? { title: `No supplier's name starts with “${url.q}”`, hint: 'Try fewer letters.' }
            : {
                title: 'No suppliers yet',
                hint: mayWrite
                  ? 'Add the first supplier, then its items: purchase orders are made from them.'
                  : 'An owner or a buyer adds suppliers here.',
              }
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

/** A supplier as head office sends it, in a dialog that says it is loading until then. */
function SupplierRecord({
  supplierId,
  testId,
  onClose,
  children,
}: {
  supplierId: string;
  testId: string;
  onClose: () => void;
  children: (supplier: Supplier) => ReactNode;
}) {
  return (
    <RecordDialog
      title="Supplier"
      what="the supplier"
      testId={testId}
      queryKey={['supplier', supplierId]}
      load={() => api.supplier(supplierId)}
      onClose={onClose}
    >
      {children}
    </RecordDialog>
  );
}

const item = columnsFor<SupplierItem>();
// Sized to fit the supplier's dialog.
const itemColumnsIn = (currency: string) => [
  item.accessor('sku', { header: 'SKU', size: 110, ...keyColumn }),
  item.accessor('supplierCode', { header: 'Supplier code', size: 135, cell: clippedCell }),
  item.accessor('unitCostMinor', { header: 'Unit cost', size: 110, ...figure, cell: moneyCell(currency) }),
  item.accessor('packSize', { header: 'Pack', size: 70, ...figure }),
  item.accessor('minimumQuantity', { header: 'Minimum', size: 90, ...figure }),
  item.accessor('caseBarcode', { header: 'Case barcode', size: 125 }),
  item.accessor('preferred', {
    header: 'Preferred',
    size: 85,
    cell: (cell) => (cell.getValue() ? 'Yes' : ''),
  }),
];

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
  const items = useList(['supplier-items', supplierId], (after) => api.supplierItems(supplierId, after));
  return (
    <SupplierRecord supplierId={supplierId} testId="supplier-detail" onClose={onClose}>
      {(supplier) => (
        <Dialog title={supplier.name} onClose={onClose} wide testId="supplier-detail">
          <dl className="facts">
            <dt>Contact</dt>
            <dd>{supplier.contact ?? '—'}</dd>
            <dt>Email</dt>
            <dd>{supplier.email ?? '—'}</dd>
            <dt>Currency</dt>
            <dd>{supplier.currency}</dd>
            <dt>Lead time</dt>
            <dd>{plural(supplier.leadTimeDays, 'day')}</dd>
            <dt>Minimum order</dt>
            <dd>{money(supplier.minimumOrderMinor, supplier.currency, browserLocale)}</dd>
          </dl>
          <div className="form-actions">
            {mayWrite && (
              <Button onClick={onEdit} testId="supplier-edit">
                Change the details
              </Button>
            )}
            <a className="button-secondary" href={api.supplierItemsCsvUrl(supplier.id)} download>
              Download the items (CSV)
            </a>
          </div>
          <h3>What it sells us</h3>
          <DataTable
            name="Supplier items"
            testId="supplier-items"
            columns={itemColumnsIn(supplier.currency)}
            list={items}
            rowKey={(row) => row.sku}
            empty={{ title: 'No items yet', hint: mayWrite ? 'Add a SKU below.' : undefined }}
          />
          {mayWrite && <ItemForm supplier={supplier} />}
        </Dialog>
      )}
    </SupplierRecord>
  );
}

function ItemForm({ supplier }: { supplier: Supplier }) {
  const client = useQueryClient();
  const { fields, field, reset } = useFields({ sku: '', supplierCode: '', unitCost: '', packSize: '1' });
  const [costError, setCostError] = useState<string | null>(null);
  const save = useAction(api.putSupplierItem, async () => {
    reset();
    await client.invalidateQueries({ queryKey: ['supplier-items', supplier.id] });
  });
  const send = () => {
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
  return (
    <ActionForm
      label="Add or change an item"
      action={save}
      onSend={send}
      send="Save the item"
      sendTestId="item-save"
      inRow
      wholeRefusal
    >
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
    </ActionForm>
  );
}

/** Where the supplier form goes when it is closed or saved. */
interface FormExits {
  onClose: () => void;
  onSaved: (supplier: Supplier) => void;
}

function SupplierForm({ supplierId, ...exits }: FormExits & { supplierId: string | null }) {
  if (supplierId === null) return <SupplierFields supplier={null} {...exits} />;
  return (
    <SupplierRecord supplierId={supplierId} testId="supplier-form" onClose={exits.onClose}>
      {(supplier) => <SupplierFields supplier={supplier} {...exits} />}
    </SupplierRecord>
  );
}

/** The supplier form's fields as typed, with the name head office gives each in its refusals. */
const supplierFields: {
  key: 'name' | 'contact' | 'email' | 'currency' | 'leadTimeDays' | 'minimumOrder';
  label: string;
  sentAs?: string;
  input?: InputHTMLAttributes<HTMLInputElement>['inputMode'];
  type?: string;
  testId?: string;
}[] = [
  { key: 'name', label: 'Name', testId: 'supplier-name' },
  { key: 'contact', label: 'Contact (optional)' },
  { key: 'email', label: 'Email for orders (optional)', type: 'email', testId: 'supplier-email' },
  { key: 'currency', label: 'Currency', testId: 'supplier-currency' },
  {
    key: 'leadTimeDays',
    label: 'Lead time (days from ordering to delivery)',
    input: 'numeric',
    testId: 'supplier-lead-time',
  },
  {
    key: 'minimumOrder',
    label: 'Minimum order value',
    sentAs: 'minimumOrderMinor',
    input: 'decimal',
    testId: 'supplier-minimum-order',
  },
];

function SupplierFields({ supplier, onClose, onSaved }: FormExits & { supplier: Supplier | null }) {
  const client = useQueryClient();
  const { fields, field } = useFields({
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
  const send = () => {
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
  const title = supplier ? `Change ${supplier.name}` : 'Add a supplier';
  return (
    <Dialog title={title} onClose={onClose} testId="supplier-form">
      <ActionForm
        label={title}
        action={action}
        onSend={send}
        send={supplier ? 'Save the changes' : 'Add the supplier'}
        sendTestId="supplier-save"
        inRow
      >
        {supplierFields.map(({ key, label, sentAs = key, input, type, testId }) => (
          <TextField
            key={key}
            label={label}
            type={type}
            inputMode={input}
            {...field(key)}
            error={(key === 'minimumOrder' ? minimumError : null) ?? fieldError(action.details, sentAs)}
            data-testid={testId}
          />
        ))}
      </ActionForm>
    </Dialog>
  );
}
