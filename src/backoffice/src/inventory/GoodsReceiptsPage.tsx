/**
 * Goods the stores received, newest first. A receipt opens as its register sent it: supplier, delivery note,
 * each line with the damaged units and unit cost, and the barcodes the register did not know, which head office
 * resolves on Exceptions.
 */
import { Link } from 'react-router';
import type { GoodsReceiptLine, GoodsReceiptPayload } from '../../../shared/documents/goods-receipt.ts';
import type { GoodsReceiptView } from '../../../shared/inventory-admin.ts';
import { api } from '../api/api.ts';
import { clipped, detailColumn, Folded } from '../ui/columns.tsx';
import { columnsFor, figure } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DocumentListPage, type OpenedProps, type OpenedDocument } from '../ui/DocumentListPage.tsx';
import { Fact } from '../ui/Fact.tsx';
import { count, dateTime, money } from '../ui/format.ts';
import { LinesTable } from '../ui/LinesTable.tsx';
import { useStores } from '../ui/stores.ts';
import { StoreName } from '../ui/StoreName.tsx';
import { storeTimeCell } from '../ui/StoreTime.tsx';

const unknownBarcodes = '/exceptions?kind=unknown_barcode';

const column = columnsFor<GoodsReceiptView>();
// Sized to fit a 1024 px window beside the menu: the store folds under when it received, the delivery note under
// the supplier, and the units that arrived damaged under the units.
const columns = [
  column.accessor('number', {
    header: 'Receipt',
    size: 130,
    ...detailColumn('receipt', 'receipt-open', (row: GoodsReceiptView) => row.receiptId),
  }),
  column.accessor('completedAt', {
    header: 'Received',
    size: 175,
    cell: (cell) => (
      <Folded under={<StoreName storeId={cell.row.original.storeId} />}>{storeTimeCell(cell)}</Folded>
    ),
  }),
  column.accessor('supplier', {
    header: 'Supplier, delivery note',
    size: 230,
    cell: (cell) => <Folded under={cell.row.original.deliveryNote}>{clipped(cell.getValue() ?? '—')}</Folded>,
  }),
  column.accessor('units', {
    header: 'Units',
    size: 85,
    ...figure,
    cell: (cell) => {
      const { damagedUnits } = cell.row.original;
      return (
        <Folded under={damagedUnits > 0 ? <span className="attention">{damagedUnits} damaged</span> : null}>
          {cell.getValue()}
        </Folded>
      );
    },
  }),
  column.accessor('unknownLines', { header: 'Unknown barcodes', size: 125, ...figure }),
];

const receipt: OpenedDocument<GoodsReceiptPayload> = {
  param: 'receipt',
  title: 'Goods received',
  testId: 'receipt-document',
  what: 'the receipt',
  load: api.goodsReceipt,
  show: ReceiptFacts,
};

export function GoodsReceiptsPage() {
  return (
    <DocumentListPage
      title="Goods received"
      description="Deliveries and found stock the registers received, with what arrived damaged and barcodes they did not know."
      id="receipts"
      columns={columns}
      load={api.goodsReceipts}
      rowKey={(row) => row.receiptId}
      twoLines
      empty={{
        title: 'Nothing received yet',
        hint: 'A delivery appears here once a register receives it (Receive goods, at the register).',
      }}
      record={receipt}
    />
  );
}

const line = columnsFor<GoodsReceiptLine>();

function ReceiptFacts({ found, onClose }: OpenedProps<GoodsReceiptPayload>) {
  const { localeOf, nameOf } = useStores();
  const where = localeOf(found.storeId);
  const lineColumns = [
    line.accessor('sku', { header: 'SKU', size: 120, enableHiding: false }),
    line.accessor('name', { header: 'Product', size: 220 }),
    line.accessor('quantity', { header: 'Received', size: 90, ...figure }),
    line.accessor('damaged', { header: 'Of which damaged', size: 130, ...figure }),
    line.accessor('unitCostMinor', {
      header: 'Unit cost',
      size: 110,
      ...figure,
      cell: (cell) => {
        const cost = cell.getValue();
        return cost === null ? 'Not given' : money(cost, found.currency, where);
      },
    }),
  ];
  return (
    <Dialog title={`Goods received ${found.number}`} onClose={onClose} wide testId="receipt-document">
      <dl className="facts">
        <Fact label="Store">{nameOf(found.storeId)}</Fact>
        <Fact label="Received">{dateTime(found.completedAt, where)}</Fact>
        <Fact label="Supplier" testId="receipt-supplier">
          {found.supplier ?? 'Not given'}
        </Fact>
        <Fact label="Delivery note">{found.deliveryNote ?? 'Not given'}</Fact>
        {found.note && <Fact label="Note">{found.note}</Fact>}
      </dl>
      <LinesTable
        testId="receipt-lines"
        columns={lineColumns}
        lines={found.lines}
        empty="Only unknown barcodes"
      />
      {found.unknownLines.length > 0 && (
        <section aria-label="Unknown barcodes" data-testid="receipt-unknown">
          <h3>Barcodes the register did not know</h3>
          <ul>
            {found.unknownLines.map((unknown, index) => (
              <li key={`${index}-${unknown.code}`}>
                {unknown.code}: {count(unknown.quantity, where)}
              </li>
            ))}
          </ul>
          <p>
            They are kept, not lost: give each a product on{' '}
            <Link to={unknownBarcodes}>Exceptions (unknown barcodes)</Link>.
          </p>
        </section>
      )}
    </Dialog>
  );
}
