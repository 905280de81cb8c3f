/**
 * Purchase orders, newest first, by store, supplier and state. An order opens with its lines (ordered, received
 * so far, and lines received although not ordered, flagged), the PDF and CSV for the supplier, and what may be
 * done with it now: order a draft, cancel before anything is received, close short what the supplier will not
 * complete. Owners and buyers draft new orders here (one per store); store managers read their stores' orders.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  purchaseOrderStateLabels,
  type PurchaseOrder,
  type PurchaseOrderLine,
} from '../../../shared/purchasing.ts';
import { api } from '../api/api.ts';
import { useMay } from '../session/session.ts';
import { ActionForm } from '../ui/ActionForm.tsx';
import { ActionButton } from '../ui/Button.tsx';
import { ChoiceField } from '../ui/ChoiceField.tsx';
import { clippedCell, detailColumn, keyColumn, moneyCell, orDash, rowMoneyCell } from '../ui/columns.tsx';
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
import { browserLocale, dateTime, money } from '../ui/format.ts';
import { LinesTable } from '../ui/LinesTable.tsx';
import { ErrorNotice } from '../ui/Notice.tsx';
import { StoreSelect } from '../ui/StoreSelect.tsx';
import { useStoreChoice, useStores } from '../ui/stores.ts';
import { TypedLinesFields, useTypedLines, type TypedLine } from '../ui/TypedLines.tsx';
import { useAction } from '../ui/useAction.ts';
import { everyItem } from '../ui/useList.ts';
import { amountIn } from './amount.ts';

const total = (order: PurchaseOrder) => money(order.totalMinor, order.currency, browserLocale);
const ordered = (order: PurchaseOrder) => order.lines.reduce((sum, line) => sum + line.quantity, 0);
const received = (order: PurchaseOrder) => order.lines.reduce((sum, line) => sum + line.receivedQuantity, 0);

const column = columnsFor<PurchaseOrder>();
// Sized to fit a 1024 px window beside the menu, even with a vertical scroll bar: the supplier's name gives way.
const columns = [
  column.accessor('number', {
    header: 'Order',
    size: 100,
    ...detailColumn('order', 'purchase-order-open', (row: PurchaseOrder) => row.id),
  }),
  column.accessor('supplierName', { header: 'Supplier', size: 140, cell: clippedCell }),
  column.accessor('storeId', { header: 'Store', size: 90, cell: clippedCell }),
  column.accessor('state', {
    header: 'State',
    size: 125,
    cell: (cell) => purchaseOrderStateLabels[cell.getValue()],
  }),
  column.accessor((row) => `${received(row)} of ${ordered(row)}`, {
    id: 'received',
    header: 'Received',
    size: 95,
    ...figure,
  }),
  column.accessor('totalMinor', { header: 'Total', size: 105, ...figure, cell: rowMoneyCell }),
  column.accessor('expectedAt', { header: 'Expected', size: 100, cell: orDash }),
];

/** Every supplier, for the lists to choose one from; undefined while they load. */
function useSuppliers() {
  return useQuery({
    queryKey: ['suppliers', 'all'],
    queryFn: () => everyItem((after) => api.suppliers(undefined, after)),
  }).data;
}

const purchaseOrder: OpenedDocument<PurchaseOrder> = {
  param: 'order',
  title: 'Purchase order',
  testId: 'purchase-order-detail',
  what: 'the purchase order',
  load: api.purchaseOrder,
  show: PurchaseOrderDetail,
};

export function PurchaseOrdersPage() {
  const mayWrite = useMay('purchasing.write');
  const suppliers = useSuppliers();
  return (
    <DocumentListPage
      title="Purchase orders"
      description="What the stores ordered from suppliers, and how much of it has arrived."
      create={
        mayWrite && {
          param: 'draft',
          action: 'Draft an order',
          testId: 'purchase-order-new',
          form: DraftOrder,
        }
      }
      id="purchase-orders"
      choices={{
        supplierId: {
          label: 'Supplier',
          every: 'All suppliers',
          options: suppliers && Object.fromEntries(suppliers.map((supplier) => [supplier.id, supplier.name])),
        },
        state: { label: 'State', options: purchaseOrderStateLabels },
      }}
      columns={columns}
      load={api.purchaseOrders}
      rowKey={(row) => row.id}
      empty={{
        title: 'No purchase orders yet',
        hint: mayWrite
          ? 'Draft one here (add its supplier first, on Suppliers), or a store manager drafts one at the register.'
          : 'Orders appear here once a buyer drafts one, or a store manager does at the register.',
      }}
      record={purchaseOrder}
    />
  );
}

const line = columnsFor<PurchaseOrderLine>();
// Sized to fit the order's dialog: supplier codes and product names give way. The note column is there only
// when a line was received without being ordered; otherwise the product's name has its room.
const lineColumnsIn = (currency: string, anyNotOrdered: boolean) => [
  line.accessor('sku', { header: 'SKU', size: 100, ...keyColumn }),
  line.accessor('supplierCode', { header: 'Supplier code', size: 120, cell: clippedCell }),
  line.accessor('name', { header: 'Product', size: anyNotOrdered ? 150 : 250, cell: clippedCell }),
  line.accessor('quantity', { header: 'Ordered', size: 75, ...figure }),
  line.accessor('receivedQuantity', { header: 'Received', size: 80, ...figure }),
  line.accessor('unitCostMinor', { header: 'Unit cost', size: 95, ...figure, cell: moneyCell(currency) }),
  ...(anyNotOrdered
    ? [
        line.display({
          id: 'note',
          header: '',
          size: 100,
          cell: (cell) =>
            cell.row.original.flagged ? <strong className="discrepancy">Not ordered</strong> : null,
        }),
      ]
    : []),
];

function PurchaseOrderDetail({ found: order, onClose, onChanged }: OpenedProps<PurchaseOrder>) {
  const mayWrite = useMay('purchasing.write');
  const { localeOf, nameOf } = useStores();
  const act = useAction(api.purchaseOrderAction, onChanged);
  const button = (action: 'order' | 'cancel' | 'close', label: string, primary = false) => (
    <ActionButton
      look={primary ? 'primary' : 'secondary'}
      action={act}
      input={{ orderId: order.id, action }}
      testId={`purchase-order-${action}`}
    >
      {label}
    </ActionButton>
  );
  const when = (iso: string | null) => (iso ? dateTime(iso, localeOf(order.storeId)) : 'Not yet');
  const nothingReceived = order.lines.every((each) => each.receivedQuantity === 0);
  // Not a refusal: a buyer may still order (a supplier can waive it, or charge for delivery).
  const minimum =
    useSuppliers()?.find((supplier) => supplier.id === order.supplierId)?.minimumOrderMinor ?? 0;
  return (
    <Dialog title={`Purchase order ${order.number}`} onClose={onClose} wide testId="purchase-order-detail">
      <dl className="facts">
        <Fact label="Supplier">{order.supplierName}</Fact>
        <Fact label="Store">{nameOf(order.storeId)}</Fact>
        <Fact label="State" testId="purchase-order-state">
          {purchaseOrderStateLabels[order.state]}
        </Fact>
        <Fact label="Ordered">{when(order.orderedAt)}</Fact>
        <Fact label="Expected">{order.expectedAt ?? '—'}</Fact>
        <Fact label="Total">{total(order)}</Fact>
        <Fact label="Last change">{when(order.updatedAt)} (who: see Audit)</Fact>
        {order.note && <Fact label="Note">{order.note}</Fact>}
      </dl>
      <div className="form-actions record-actions">
        {mayWrite && order.state === 'draft' && button('order', 'Order it', true)}
        {mayWrite &&
          (order.state === 'draft' || (order.state === 'ordered' && nothingReceived)) &&
          button('cancel', 'Cancel the order')}
        {mayWrite &&
          (order.state === 'ordered' || order.state === 'partly_received') &&
          button('close', 'Close short: expect no more')}
        <span className="record-files">
          For the supplier:
          <a
            className="button-secondary"
            href={api.purchaseOrderFileUrl(order.id, 'pdf')}
            download
            aria-label="PDF for the supplier"
            data-testid="purchase-order-pdf"
          >
            PDF
          </a>
          <a
            className="button-secondary"
            href={api.purchaseOrderFileUrl(order.id, 'csv')}
            download
            aria-label="CSV for the supplier"
          >
            CSV
          </a>
        </span>
      </div>
      {order.state === 'draft' && order.totalMinor < minimum && (
        <p className="notice" role="status" data-testid="purchase-order-below-minimum">
          This order comes to {total(order)}, under {order.supplierName}&rsquo;s minimum order of{' '}
          {money(minimum, order.currency, browserLocale)}: add to it, or check that they will take it.
        </p>
      )}
      <ErrorNotice error={act.error} />
      <LinesTable
        testId="purchase-order-lines"
        columns={lineColumnsIn(
          order.currency,
          order.lines.some((each) => each.flagged),
        )}
        lines={order.lines}
      />
    </Dialog>
  );
}

interface DraftLine extends TypedLine {
  unitCost: string;
}

function DraftOrder({ onClose, onMade }: NewDocumentForm) {
  const suppliers = useSuppliers() ?? [];
  const [supplierId, setSupplier] = useState('');
  const [storeId, setStore] = useStoreChoice();
  const typed = useTypedLines<DraftLine>({ sku: '', quantity: '1', unitCost: '' });
  const draft = useAction(api.createPurchaseOrders, (made) => onMade(made.items[0]!.id));
  const chosen = suppliers.find((supplier) => supplier.id === supplierId);
  // Per line, what is wrong with its unit cost (left empty: the supplier item's cost).
  const costs = typed.lines.map((row) =>
    row.unitCost.trim() === '' ? null : amountIn(row.unitCost, chosen?.currency ?? 'EUR'),
  );
  const [showCostErrors, setShowCostErrors] = useState(false);
  const send = () => {
    setShowCostErrors(true);
    if (costs.some((cost) => cost?.error)) return;
    draft.start({
      supplierId,
      lines: typed.lines
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
      <ActionForm
        label="Draft a purchase order"
        action={draft}
        onSend={send}
        send="Draft the order"
        sendTestId="draft-submit"
        inRow
        wholeRefusal
        fineprint="A draft is not sent to anyone: order it once it is right."
      >
        <ChoiceField
          label="Supplier"
          none="Choose a supplier"
          choices={suppliers.map((supplier) => ({ value: supplier.id, label: supplier.name }))}
          value={supplierId}
          onChange={(chosen) => setSupplier(chosen ?? '')}
          error={fieldError(draft.details, 'supplierId')}
          testId="draft-supplier"
        />
        <StoreSelect value={storeId} onChange={setStore} testId="draft-store" />
        <TypedLinesFields
          typed={typed}
          details={draft.details}
          testId="draft"
          more={(row, index) => (
            <TextField
              label={`Unit cost${chosen ? ` (${chosen.currency})` : ''}`}
              hint="Empty: the supplier's price"
              inputMode="decimal"
              value={row.unitCost}
              onChange={(event) => typed.change(index, { unitCost: event.target.value })}
              error={
                (showCostErrors ? costs[index]?.error : null) ??
                fieldError(draft.details, `lines.${index}.unitCostMinor`)
              }
            />
          )}
        />
      </ActionForm>
    </Dialog>
  );
}
