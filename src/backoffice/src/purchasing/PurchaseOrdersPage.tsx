/**
 * Purchase orders, newest first, by store, supplier and state. An order opens with its lines (ordered, received
 * so far, and lines received although not ordered, flagged), the PDF and CSV for the supplier, and what may be
 * done with it now: order a draft, cancel before anything is received, close short what the supplier will not
 * complete. Owners and buyers draft new orders here (one per store); store managers read their stores' orders.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  purchaseOrderStateLabels,
  purchaseOrderStates,
  type PurchaseOrder,
  type PurchaseOrderLine,
  type PurchaseOrderState,
} from '../../../shared/purchasing.ts';
import { api } from '../api/api.ts';
import { useSessionQuery } from '../session/session.ts';
import { ActionButton, Button } from '../ui/Button.tsx';
import { ChoiceField } from '../ui/ChoiceField.tsx';
import { detailCell, keyColumn, moneyCell, orDash } from '../ui/columns.tsx';
import { columnsFor, DataTable, figure, unsorted } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, TextField } from '../ui/Field.tsx';
import { browserLocale, dateTime, money } from '../ui/format.ts';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { RecordDialog } from '../ui/RecordDialog.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { useAction } from '../ui/useAction.ts';
import { staticList, useList } from '../ui/useList.ts';
import { useUrlState } from '../ui/useUrlState.ts';
import { amountIn } from './amount.ts';

const total = (order: PurchaseOrder) => money(order.totalMinor, order.currency, browserLocale);
const ordered = (order: PurchaseOrder) => order.lines.reduce((sum, line) => sum + line.quantity, 0);
const received = (order: PurchaseOrder) => order.lines.reduce((sum, line) => sum + line.receivedQuantity, 0);

const column = columnsFor<PurchaseOrder>();
const columns = [
  column.accessor('number', {
    header: 'Order',
    size: 120,
    ...keyColumn,
    cell: detailCell<PurchaseOrder>('order', (row) => row.id, 'purchase-order-open'),
  }),
  column.accessor('supplierName', { header: 'Supplier', size: 180, ...unsorted }),
  column.accessor('storeId', { header: 'Store', size: 110, ...unsorted }),
  column.accessor('state', {
    header: 'State',
    size: 140,
    ...unsorted,
    cell: (cell) => purchaseOrderStateLabels[cell.getValue()],
  }),
  column.accessor((row) => `${received(row)} of ${ordered(row)}`, {
    id: 'received',
    header: 'Received',
    size: 110,
    ...figure,
  }),
  column.accessor('totalMinor', {
    header: 'Total',
    size: 120,
    ...figure,
    cell: (cell) => total(cell.row.original),
  }),
  column.accessor('expectedAt', {
    header: 'Expected',
    size: 110,
    ...unsorted,
    cell: orDash,
  }),
];

const stateChoices = purchaseOrderStates.map((state) => ({
  value: state,
  label: purchaseOrderStateLabels[state],
}));

/** Every supplier, for the lists to choose one from. */
function useSupplierChoices() {
  const suppliers = useQuery({
    queryKey: ['suppliers', 'all'],
    queryFn: () => api.suppliers(undefined, undefined),
  });
  return {
    suppliers: suppliers.data?.items ?? [],
    choices: suppliers.data?.items.map((supplier) => ({ value: supplier.id, label: supplier.name })) ?? [],
  };
}

const isState = (value: string | undefined): value is PurchaseOrderState =>
  (purchaseOrderStates as readonly string[]).includes(value ?? '');

export function PurchaseOrdersPage() {
  const [url, setUrl] = useUrlState(['storeId', 'supplierId', 'state', 'order', 'draft'] as const);
  const mayWrite = useSessionQuery().data!.user.permissions.includes('purchasing.write');
  const state = isState(url.state) ? url.state : undefined;
  const filter = { storeId: url.storeId, supplierId: url.supplierId, state };
  const list = useList(['purchase-orders', filter], (after) => api.purchaseOrders(filter, after));
  const { choices: supplierChoices } = useSupplierChoices();
  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="What the stores ordered from suppliers, and how much of it has arrived."
        actions={
          mayWrite && (
            <Button look="primary" onClick={() => setUrl({ draft: 'new' })} testId="purchase-order-new">
              Draft an order
            </Button>
          )
        }
      />
      <div className="filters" role="search">
        <StoreSelect
          value={url.storeId ?? ''}
          onChange={(storeId) => setUrl({ storeId })}
          everyStore
          testId="purchase-orders-store"
        />
        <ChoiceField
          label="Supplier"
          none="All suppliers"
          choices={supplierChoices}
          value={url.supplierId}
          onChange={(supplierId) => setUrl({ supplierId })}
          testId="purchase-orders-supplier"
        />
        <ChoiceField
          label="State"
          none="All"
          choices={stateChoices}
          value={state}
          onChange={(chosen) => setUrl({ state: chosen })}
          testId="purchase-orders-state"
        />
      </div>
      <DataTable
        name="Purchase orders"
        testId="purchase-orders-table"
        columns={columns}
        list={list}
        rowKey={(row) => row.id}
        empty={
          <EmptyState title="No purchase orders yet">
            <p>
              {mayWrite
                ? 'Draft one here (add its supplier first, on Suppliers), or a store manager drafts one at the register.'
                : 'Orders appear here once a buyer drafts one, or a store manager does at the register.'}
            </p>
          </EmptyState>
        }
      />
      {url.order && (
        <PurchaseOrderDetail
          orderId={url.order}
          mayWrite={mayWrite}
          onClose={() => setUrl({ order: undefined })}
        />
      )}
      {mayWrite && url.draft && (
        <DraftOrder
          onClose={() => setUrl({ draft: undefined })}
          onDrafted={(orderId) => setUrl({ draft: undefined, order: orderId })}
        />
      )}
    </>
  );
}

const line = columnsFor<PurchaseOrderLine>();
const lineColumnsIn = (currency: string) => [
  line.accessor('sku', { header: 'SKU', size: 110, ...keyColumn }),
  line.accessor('supplierCode', {
    header: 'Supplier code',
    size: 150,
    ...unsorted,
    cell: orDash,
  }),
  line.accessor('name', { header: 'Product', size: 170, ...unsorted }),
  line.accessor('quantity', { header: 'Ordered', size: 80, ...figure }),
  line.accessor('receivedQuantity', { header: 'Received', size: 85, ...figure }),
  line.accessor('unitCostMinor', { header: 'Unit cost', size: 100, ...figure, cell: moneyCell(currency) }),
  line.display({
    id: 'note',
    header: '',
    size: 120,
    cell: (cell) => (cell.row.original.flagged ? <strong className="discrepancy">Not ordered</strong> : null),
  }),
];

function PurchaseOrderDetail({
  orderId,
  mayWrite,
  onClose,
}: {
  orderId: string;
  mayWrite: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const { localeOf, byId } = useStores();
  const act = useAction(api.purchaseOrderAction, async (changed) => {
    client.setQueryData(['purchase-order', orderId], changed);
    await client.invalidateQueries({ queryKey: ['purchase-orders'] });
  });
  const button = (action: 'order' | 'cancel' | 'close', label: string, primary = false) => (
    <ActionButton
      look={primary ? 'primary' : 'secondary'}
      action={act}
      input={{ orderId, action }}
      testId={`purchase-order-${action}`}
    >
      {label}
    </ActionButton>
  );
  return (
    <RecordDialog
      title="Purchase order"
      what="the purchase order"
      testId="purchase-order-detail"
      queryKey={['purchase-order', orderId]}
      load={() => api.purchaseOrder(orderId)}
      onClose={onClose}
    >
      {(order) => {
        const when = (iso: string | null) => (iso ? dateTime(iso, localeOf(order.storeId)) : 'Not yet');
        const nothingReceived = order.lines.every((each) => each.receivedQuantity === 0);
        return (
          <Dialog
            title={`Purchase order ${order.number}`}
            onClose={onClose}
            wide
            testId="purchase-order-detail"
          >
            <dl className="facts">
              <dt>Supplier</dt>
              <dd>{order.supplierName}</dd>
              <dt>Store</dt>
              <dd>{byId.get(order.storeId)?.name ?? order.storeId}</dd>
              <dt>State</dt>
              <dd data-testid="purchase-order-state">{purchaseOrderStateLabels[order.state]}</dd>
              <dt>Ordered</dt>
              <dd>{when(order.orderedAt)}</dd>
              <dt>Expected</dt>
              <dd>{order.expectedAt ?? '—'}</dd>
              <dt>Total</dt>
              <dd>{total(order)}</dd>
              <dt>Last change</dt>
              <dd>{when(order.updatedAt)} (who: see Audit)</dd>
              {order.note && (
                <>
                  <dt>Note</dt>
                  <dd>{order.note}</dd>
                </>
              )}
            </dl>
            <div className="form-actions record-actions">
              {mayWrite && order.state === 'draft' && button('order', 'Order it', true)}
              {mayWrite &&
                (order.state === 'draft' || (order.state === 'ordered' && nothingReceived)) &&
                button('cancel', 'Cancel the order')}
              {mayWrite &&
                (order.state === 'ordered' || order.state === 'partly_received') &&
                button('close', 'Close short: expect no more')}
              <a
                className="button-secondary"
                href={api.purchaseOrderFileUrl(order.id, 'pdf')}
                download
                data-testid="purchase-order-pdf"
              >
                PDF for the supplier
              </a>
              <a className="button-secondary" href={api.purchaseOrderFileUrl(order.id, 'csv')} download>
                CSV for the supplier
              </a>
            </div>
            <ErrorNotice error={act.error} />
            <DataTable
              name="Lines"
              testId="purchase-order-lines"
              columns={lineColumnsIn(order.currency)}
              list={staticList(order.lines)}
              rowKey={(row) => row.sku}
              empty={<EmptyState title="No lines" />}
            />
          </Dialog>
        );
      }}
    </RecordDialog>
  );
}

interface DraftLine {
  sku: string;
  quantity: string;
  unitCost: string;
}

function DraftOrder({ onClose, onDrafted }: { onClose: () => void; onDrafted: (orderId: string) => void }) {
  const client = useQueryClient();
  const { stores } = useStores();
  const { suppliers, choices: supplierChoices } = useSupplierChoices();
  const [supplierId, setSupplier] = useState('');
  const [storeId, setStore] = useState(stores[0]?.id ?? '');
  const [lines, setLines] = useState<DraftLine[]>([{ sku: '', quantity: '1', unitCost: '' }]);
  const draft = useAction(api.createPurchaseOrders, async (made) => {
    await client.invalidateQueries({ queryKey: ['purchase-orders'] });
    onDrafted(made.items[0]!.id);
  });
  const chosen = suppliers.find((supplier) => supplier.id === supplierId);
  const change = (index: number, patch: Partial<DraftLine>) =>
    setLines(lines.map((old, at) => (at === index ? { ...old, ...patch } : old)));
  // Per line, what is wrong with its unit cost (left empty: the supplier item's cost).
  const costs = lines.map((row) =>
    row.unitCost.trim() === '' ? null : amountIn(row.unitCost, chosen?.currency ?? 'EUR'),
  );
  const [showCostErrors, setShowCostErrors] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowCostErrors(true);
    if (costs.some((cost) => cost?.error)) return;
    draft.start({
      supplierId,
      lines: lines
        .map((row, index) => ({ row, cost: costs[index] }))
        .filter(({ row }) => row.sku.trim() !== '')
        .map(({ row, cost }) => ({
          storeId,
          sku: row.sku.trim(),
          quantity: Number(row.quantity),
          ...(cost?.minor != null && { unitCostMinor: cost.minor }),
        })),
    });
  };
  return (
    <Dialog title="Draft a purchase order" onClose={onClose} testId="purchase-order-form">
      <form onSubmit={submit} className="form" aria-label="Draft a purchase order">
        <ChoiceField
          label="Supplier"
          none="Choose a supplier"
          choices={supplierChoices}
          value={supplierId}
          onChange={(chosen) => setSupplier(chosen ?? '')}
          error={fieldError(draft.details, 'supplierId')}
          testId="draft-supplier"
        />
        <StoreSelect value={storeId} onChange={setStore} testId="draft-store" />
        {lines.map((row, index) => (
          <div className="fields-row" key={index}>
            <TextField
              label={`SKU, line ${index + 1}`}
              value={row.sku}
              onChange={(event) => change(index, { sku: event.target.value })}
              error={fieldError(draft.details, `lines.${index}.sku`)}
              data-testid="draft-sku"
            />
            <TextField
              label="Quantity"
              inputMode="numeric"
              value={row.quantity}
              onChange={(event) => change(index, { quantity: event.target.value })}
              error={fieldError(draft.details, `lines.${index}.quantity`)}
              data-testid="draft-quantity"
            />
            <TextField
              label={`Unit cost${chosen ? ` (${chosen.currency})` : ''}`}
              hint="Empty: the supplier's price"
              inputMode="decimal"
              value={row.unitCost}
              onChange={(event) => change(index, { unitCost: event.target.value })}
              error={
                (showCostErrors ? costs[index]?.error : null) ??
                fieldError(draft.details, `lines.${index}.unitCostMinor`)
              }
            />
          </div>
        ))}
        <Button onClick={() => setLines([...lines, { sku: '', quantity: '1', unitCost: '' }])}>
          Add a line
        </Button>
        <ErrorNotice error={draft.error} />
        <SubmitButton pending={draft.pending} testId="draft-submit">
          Draft the order
        </SubmitButton>
        <p className="fine-print">A draft is not sent to anyone: order it once it is right.</p>
      </form>
    </Dialog>
  );
}
