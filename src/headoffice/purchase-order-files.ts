/**
 * A purchase order for its supplier: a PDF to send (pdf-lib, with the standard Helvetica whose metrics ship in
 * the library: nothing is fetched at run time) and a CSV for the supplier's own system, both with the supplier's
 * codes beside our SKUs. Helvetica writes Western European text (WinAnsi); any other character is printed as "?".
 */
import { stringify } from 'csv-stringify/sync';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { currencyDigits, toDecimalString } from '../shared/money.ts';
import { purchaseOrderStateLabels, type PurchaseOrder } from '../shared/purchasing.ts';
import type { Store, SuppliersTable } from './db/schema.ts';

const amount = (minor: number, currency: string): string =>
  `${toDecimalString(minor, currencyDigits(currency))} ${currency}`;

/** The ordered lines (a flagged line was never ordered: the supplier does not need it). */
const orderedLines = (order: PurchaseOrder) => order.lines.filter((line) => !line.flagged);

export function purchaseOrderCsv(order: PurchaseOrder): string {
  return stringify(
    orderedLines(order).map((line) => [
      order.number,
      line.supplierCode ?? '',
      line.sku,
      line.name,
      line.quantity,
      line.packSize,
      toDecimalString(line.unitCostMinor, currencyDigits(order.currency)),
      toDecimalString(line.quantity * line.unitCostMinor, currencyDigits(order.currency)),
      order.currency,
    ]),
    {
      header: true,
      columns: [
        'order',
        'supplier_code',
        'sku',
        'description',
        'quantity',
        'pack_size',
        'unit_cost',
        'amount',
        'currency',
      ],
    },
  );
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const LINE = 15;
/** Table columns: where each starts, and whether its text is right-aligned at the column's end. */
const columns = [
  { title: 'Supplier code', x: MARGIN, width: 90, right: false },
  { title: 'SKU', x: MARGIN + 92, width: 80, right: false },
  { title: 'Description', x: MARGIN + 174, width: 140, right: false },
  { title: 'Qty', x: MARGIN + 316, width: 40, right: true },
  { title: 'Pack', x: MARGIN + 358, width: 30, right: true },
  { title: 'Unit cost', x: MARGIN + 390, width: 50, right: true },
  { title: 'Amount', x: MARGIN + 442, width: 57, right: true },
] as const;

export async function purchaseOrderPdf(
  order: PurchaseOrder,
  supplier: SuppliersTable,
  store: Pick<Store, 'name' | 'address_lines'>,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Purchase order ${order.number}`);
  pdf.setSubject(`${order.number} for ${supplier.name}`);
  pdf.setCreator('Counter head office');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const writable = new Set(font.getCharacterSet());
  const safe = (text: string): string =>
    [...text].map((char) => (writable.has(char.codePointAt(0)!) ? char : '?')).join('');

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const write = (
    text: string,
    x: number,
    options: { size?: number; face?: PDFFont; width?: number; right?: boolean } = {},
  ) => {
    const face = options.face ?? font;
    const size = options.size ?? 9;
    let shown = safe(text);
    // Cut what does not fit its column, with an ellipsis ("..." : WinAnsi has no single-character one).
    if (options.width !== undefined)
      while (shown.length > 1 && face.widthOfTextAtSize(shown, size) > options.width)
        shown = `${shown.slice(0, -4)}...`;
    const width = face.widthOfTextAtSize(shown, size);
    page.drawText(shown, { x: options.right ? x + (options.width ?? 0) - width : x, y, size, font: face });
  };
  const nextLine = (by = LINE) => {
    y -= by;
    if (y < MARGIN + LINE * 3) {
      page = pdf.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
      tableHeader();
    }
  };
  const tableHeader = () => {
    for (const column of columns)
      write(column.title, column.x, { face: bold, width: column.width, right: column.right });
    y -= 4;
    page.drawLine({
      start: { x: MARGIN, y },
      end: { x: A4.width - MARGIN, y },
      thickness: 0.5,
      color: rgb(0.4, 0.4, 0.4),
    });
    y -= LINE - 4;
  };

  write(`Purchase order ${order.number}`, MARGIN, { size: 18, face: bold });
  y -= 28;
  const parties: [string, string[]][] = [
    ['Supplier', [supplier.name, supplier.contact ?? '', supplier.email ?? ''].filter(Boolean)],
    ['Deliver to', [store.name, ...(JSON.parse(store.address_lines) as string[])]],
  ];
  const top = y;
  parties.forEach(([title, lines], i) => {
    y = top;
    const x = MARGIN + i * 260;
    write(title, x, { face: bold });
    for (const line of lines) {
      y -= LINE;
      write(line, x, { width: 240 });
    }
  });
  y = top - LINE * 5;
  const facts: [string, string][] = [
    ['Status', purchaseOrderStateLabels[order.state]],
    ['Ordered', order.orderedAt?.slice(0, 10) ?? 'not yet'],
    ['Expected', order.expectedAt ?? 'as soon as possible'],
    ['Currency', order.currency],
  ];
  for (const [label, value] of facts) {
    write(`${label}:`, MARGIN, { face: bold });
    write(value, MARGIN + 70);
    y -= LINE;
  }
  y -= LINE;
  tableHeader();
  for (const line of orderedLines(order)) {
    const cells = [
      line.supplierCode ?? '',
      line.sku,
      line.name,
      String(line.quantity),
      String(line.packSize),
      toDecimalString(line.unitCostMinor, currencyDigits(order.currency)),
      toDecimalString(line.quantity * line.unitCostMinor, currencyDigits(order.currency)),
    ];
    columns.forEach((column, i) => write(cells[i]!, column.x, { width: column.width, right: column.right }));
    nextLine();
  }
  y -= 4;
  write('Total', columns[5].x, { face: bold, width: columns[5].width, right: true });
  write(amount(order.totalMinor, order.currency), columns[6].x - 20, {
    face: bold,
    width: columns[6].width + 20,
    right: true,
  });
  if (order.note) {
    nextLine(LINE * 2);
    write('Note', MARGIN, { face: bold });
    for (const text of order.note.split('\n')) {
      nextLine();
      write(text, MARGIN, { width: A4.width - 2 * MARGIN });
    }
  }
  // Printed at the foot of every page: which order and which page.
  const pages = pdf.getPages();
  pages.forEach((each, i) => {
    each.drawText(safe(`${order.number} - ${supplier.name} - page ${i + 1} of ${pages.length}`), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return pdf.save();
}
