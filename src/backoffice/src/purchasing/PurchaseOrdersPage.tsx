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
import { columnsFor, DataTable } from '../ui/DataTable.tsx';
import { DetailLink } from '../ui/DetailLink.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { fieldError, SelectField, TextField } from '../ui/Field.tsx';
import { browserLocale, dateTime, money } from '../ui/format.ts';
import { LoadingDialog } from '../ui/LoadingDialog.tsx';
import { EmptyState, ErrorNotice } from '../ui/Notice.tsx';
import { PageHeader } from '../ui/PageHeader.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStores } from '../ui/stores.ts';
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
    enableHiding: false,
    enableSorting: false,
    cell: (cell) => (
      <DetailLink param="order" id={cell.row.original.id} testId="purchase-order-open">
        {cell.getValue()}
      </DetailLink>
    ),
  }),
  column.accessor('supplierName', { header: 'Supplier', size: 180, enableSorting: false }),
  column.accessor('storeId', { header: 'Store', size: 110, enableSorting: false }),
  column.accessor('state', {
    header: 'State',
    size: 140,
    enableSorting: false,
    cell: (cell) => purchaseOrderStateLabels[cell.getValue()],
  }),
  column.accessor((row) => `${received(row)} of ${ordered(row)}`, {
    id: 'received',
    header: 'Received',
    size: 110,
    enableSorting: false,
    meta: { numeric: true },
  }),
  column.accessor('totalMinor', {
    header: 'Total',
    size: 120,
    enableSorting: false,
    meta: { numeric: true },
    cell: (cell) => total(cell.row.original),
  }),
  column.accessor('expectedAt', {
    header: 'Expected',
    size: 110,
    enableSorting: false,
    cell: (cell) => cell.getValue() ?? '—',
  }),
];

const isState = (value: string | undefined): value is PurchaseOrderState =>
  (purchaseOrderStates as readonly string[]).includes(value ?? '');

export function PurchaseOrdersPage() {
  const [url, setUrl] = useUrlState(['storeId', 'supplierId', 'state', 'order', 'draft'] as const);
  const mayWrite = useSessionQuery().data!.user.permissions.includes('purchasing.write');
  const state = isState(url.state) ? url.state : undefined;
  const filter = { storeId: url.storeId, supplierId: url.supplierId, state };
  const list = useList(['purchase-orders', filter], (after) => api.purchaseOrders(filter, after));
  const suppliers = useQuery({
    queryKey: ['suppliers', 'all'],
    queryFn: () => api.suppliers(undefined, undefined),
  });
  return (
    <>
      <PageHeader
        title="Purchase orders"
        description="What the stores ordered from suppliers, and how much of it has arrived."
        actions={
          mayWrite && (
            <button
              type="button"
              className="button-primary"
              onClick={() => setUrl({ draft: 'new' })}
              data-testid="purchase-order-new"
            >
              Draft an order
            </button>
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
        <SelectField
          label="Supplier"
          value={url.supplierId ?? ''}
          onChange={(event) => setUrl({ supplierId: event.target.value })}
          data-testid="purchase-orders-supplier"
        >
          <option value="">All suppliers</option>
          {suppliers.data?.items.map((supplier) => (
            <option key={supplier.id} value={supplier.id}>
              {supplier.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="State"
          value={state ?? ''}
          onChange={(event) => setUrl({ state: event.target.value })}
          data-testid="purchase-orders-state"
        >
          <option value="">All</option>
          {purchaseOrderStates.map((option) => (
            <option key={option} value={option}>
              {purchaseOrderStateLabels[option]}
            </option>
          ))}
        </SelectField>
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
  const detail = useQuery({
    queryKey: ['purchase-order', orderId],
    queryFn: () => api.purchaseOrder(orderId),
  });
  const act = useAction(api.purchaseOrderAction, async (changed) => {
    client.setQueryData(['purchase-order', orderId], changed);
    await client.invalidateQueries({ queryKey: ['purchase-orders'] });
  });
  if (!detail.data)
    return (
      <LoadingDialog
        title="Purchase order"
        what="the purchase order"
        error={detail.error}
        onClose={onClose}
        testId="purchase-order-detail"
      />
    );
  const order = detail.data;
  const cost = (minor: number) => money(minor, order.currency, browserLocale);
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 110, enableSorting: false, enableHiding: false }),
    line.accessor('supplierCode', {
      header: 'Supplier code',
      size: 150,
      enableSorting: false,
      cell: (cell) => cell.getValue() ?? '—',
    }),
    line.accessor('name', { header: 'Product', size: 170, enableSorting: false }),
    line.accessor('quantity', { header: 'Ordered', size: 80, enableSorting: false, meta: { numeric: true } }),
    line.accessor('receivedQuantity', {
      header: 'Received',
      size: 85,
      enableSorting: false,
      meta: { numeric: true },
    }),
    line.accessor('unitCostMinor', {
      header: 'Unit cost',
      size: 100,
      enableSorting: false,
      meta: { numeric: true },
      cell: (cell) => cost(cell.getValue()),
    }),
    line.display({
      id: 'note',
      header: '',
      size: 120,
      cell: (cell) =>
        cell.row.original.flagged ? <strong className="discrepancy">Not ordered</strong> : null,
    }),
  ];
  const when = (iso: string | null) => (iso ? dateTime(iso, localeOf(order.storeId)) : 'Not yet');
  const nothingReceived = order.lines.every((each) => each.receivedQuantity === 0);
  const button = (action: 'order' | 'cancel' | 'close', label: string, primary = false) => (
    <button
      type="button"
      className={primary ? 'button-primary' : 'button-secondary'}
      disabled={act.pending}
      onClick={() => act.start({ orderId: order.id, action })}
      data-testid={`purchase-order-${action}`}
    >
      {label}
    </button>
  );
  return (
    <Dialog title={`Purchase order ${order.number}`} onClose={onClose} wide testId="purchase-order-detail">
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
      <div className="form-actions">
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
        columns={lineColumns}
        list={staticList(order.lines)}
        rowKey={(row) => row.sku}
        empty={<EmptyState title="No lines" />}
      />
    </Dialog>
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
  const suppliers = useQuery({
    queryKey: ['suppliers', 'all'],
    queryFn: () => api.suppliers(undefined, undefined),
  });
  const [supplierId, setSupplier] = useState('');
  const [storeId, setStore] = useState(stores[0]?.id ?? '');
  const [lines, setLines] = useState<DraftLine[]>([{ sku: '', quantity: '1', unitCost: '' }]);
  const draft = useAction(api.createPurchaseOrders, async (made) => {
    await client.invalidateQueries({ queryKey: ['purchase-orders'] });
    onDrafted(made.items[0]!.id);
  });
  const chosen = suppliers.data?.items.find((supplier) => supplier.id === supplierId);
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
        <SelectField
          label="Supplier"
          value={supplierId}
          onChange={(event) => setSupplier(event.target.value)}
          error={fieldError(draft.details, 'supplierId')}
          data-testid="draft-supplier"
        >
          <option value="">Choose a supplier</option>
          {suppliers.data?.items.map((supplier) => (
            <option key={supplier.id} value={supplier.id}>
              {supplier.name}
            </option>
          ))}
        </SelectField>
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
        <button
          type="button"
          className="button-secondary"
          onClick={() => setLines([...lines, { sku: '', quantity: '1', unitCost: '' }])}
        >
          Add a line
        </button>
        <ErrorNotice error={draft.error} />
        <div className="form-actions">
          <button
            type="submit"
            className="button-primary"
            disabled={draft.pending}
            data-testid="draft-submit"
          >
            Draft the order
          </button>
        </div>
        <p className="fine-print">A draft is not sent to anyone: order it once it is right.</p>
      </form>
    </Dialog>
  );
}
