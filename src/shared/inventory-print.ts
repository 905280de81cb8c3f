/**
 * Paper for the people who move goods, on the receipt printer: a transfer's packing list (with the transfer's id
 * as a barcode, which the receiving store scans to open it), a receiving summary, an adjustment slip and shelf
 * labels.
 */
import type { AdjustmentPayload } from './documents/adjustment.ts';
import type { GoodsReceiptDocument } from './receiving.ts';
import type { TextDocument, TextLine } from './receipt.ts';
import { formatMoney } from './money.ts';
import type { ShelfLabel } from './purchase-receiving.ts';
import { adjustmentReasons, stockStateLabels } from './stock.ts';
import { formatQuantity } from './quantity.ts';
import { unitOfLine, type TransferView } from './transfers.ts';
import { unitsAndWeight } from './words.ts';

const when = (iso: string, locale: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

export function packingListDocument(transfer: TransferView, locale: string): TextDocument {
  const lines: TextLine[] = [
    { kind: 'line', text: 'PACKING LIST', bold: true },
    { kind: 'pair', left: 'Transfer', right: transfer.number ?? transfer.transferId },
    { kind: 'pair', left: 'From', right: transfer.fromStoreName },
    { kind: 'pair', left: 'To', right: transfer.toStoreName },
  ];
  if (transfer.sentAt) lines.push({ kind: 'pair', left: 'Sent', right: when(transfer.sentAt, locale) });
  if (transfer.note) lines.push({ kind: 'line', text: transfer.note });
  lines.push({ kind: 'rule' });
  for (const line of transfer.lines.filter((each) => each.sent > 0)) {
    const sent = unitOfLine(line) === 'kg' ? formatQuantity(line.sent, 'kg', locale) : `× ${line.sent}`;
    lines.push({ kind: 'pair', left: `${line.name} (${line.sku})`, right: sent });
  }
  const goods = unitsAndWeight(transfer.lines.map((line) => ({ quantity: line.sent, unit: line.unit })));
  lines.push({ kind: 'rule' }, { kind: 'pair', left: 'Goods', right: goods });
  lines.push({ kind: 'line', text: 'Receiving store: scan this code to open the transfer.' });
  lines.push({ kind: 'code', content: transfer.transferId });
  return { kind: 'text', lines };
}

export function receivingSummaryDocument(
  receipt: GoodsReceiptDocument,
  store: { locale: string; currency: string },
): TextDocument {
  const lines: TextLine[] = [
    { kind: 'line', text: 'GOODS RECEIVED', bold: true },
    { kind: 'pair', left: 'Number', right: receipt.number },
    { kind: 'pair', left: 'Received', right: when(receipt.completedAt, store.locale) },
    { kind: 'pair', left: 'By', right: receipt.userName },
  ];
  if (receipt.supplier) lines.push({ kind: 'pair', left: 'Supplier', right: receipt.supplier });
  if (receipt.deliveryNote) lines.push({ kind: 'pair', left: 'Delivery note', right: receipt.deliveryNote });
  lines.push({ kind: 'rule' });
  for (const line of receipt.lines) {
    lines.push({ kind: 'pair', left: `${line.name} (${line.sku})`, right: `× ${line.quantity}` });
    if (line.damaged > 0) lines.push({ kind: 'pair', left: '  of them damaged', right: `× ${line.damaged}` });
    if (line.unitCostMinor !== null)
      lines.push({
        kind: 'pair',
        left: '  unit cost',
        right: formatMoney(line.unitCostMinor, store.currency, store.locale),
      });
  }
  if (receipt.unknownLines.length > 0) {
    lines.push(
      { kind: 'rule' },
      { kind: 'line', text: 'Unknown barcodes (head office resolves them):', bold: true },
    );
    for (const line of receipt.unknownLines)
      lines.push({ kind: 'pair', left: line.code, right: `× ${line.quantity}` });
  }
  const units = receipt.lines.reduce((sum, line) => sum + line.quantity, 0);
  lines.push({ kind: 'rule' }, { kind: 'pair', left: 'Units received', right: String(units) });
  return { kind: 'text', lines };
}

/**
 * An adjustment slip, for the store's file and for whoever signs the write-off: the reason, who made it and who
 * approved it, each line with where its units went, and the value.
 */
export function adjustmentSlipDocument(
  adjustment: AdjustmentPayload,
  store: { locale: string; currency: string },
): TextDocument {
  const money = (minor: number): string => formatMoney(minor, store.currency, store.locale);
  const reason = adjustment.reason ? adjustmentReasons[adjustment.reason].label : adjustment.customReason!;
  const lines: TextLine[] = [
    { kind: 'line', text: 'STOCK ADJUSTMENT', bold: true },
    { kind: 'pair', left: 'Reason', right: reason },
    { kind: 'pair', left: 'Made', right: when(adjustment.completedAt, store.locale) },
    { kind: 'pair', left: 'By', right: adjustment.user.name },
  ];
  if (adjustment.approver) lines.push({ kind: 'pair', left: 'Approved by', right: adjustment.approver.name });
  if (adjustment.note) lines.push({ kind: 'line', text: adjustment.note });
  lines.push({ kind: 'rule' });
  for (const line of adjustment.lines) {
    lines.push({ kind: 'pair', left: `${line.name} (${line.sku})`, right: money(line.valueMinor) });
    const moves = line.moves
      .map(({ state, delta }) => `${stockStateLabels[state].toLowerCase()} ${delta > 0 ? '+' : ''}${delta}`)
      .join(', ');
    lines.push({ kind: 'line', text: moves });
  }
  lines.push(
    { kind: 'rule' },
    { kind: 'pair', left: 'Value', right: money(adjustment.valueMinor) },
    { kind: 'line', text: 'Signed: ____________________' },
  );
  return { kind: 'text', lines };
}

/**
 * Shelf labels on the receipt printer, one after the other with a rule between them to cut along: each the
 * product's name, its shelf price, its SKU and its barcode.
 */
export function shelfLabelsDocument(
  labels: ShelfLabel[],
  store: { locale: string; currency: string },
): TextDocument {
  const lines: TextLine[] = [];
  for (const label of labels) {
    for (let copy = 0; copy < label.copies; copy += 1) {
      if (lines.length > 0) lines.push({ kind: 'rule' });
      lines.push(
        { kind: 'line', text: label.name, bold: true },
        { kind: 'pair', left: label.sku, right: formatMoney(label.priceMinor, store.currency, store.locale) },
        { kind: 'code', content: label.code },
      );
    }
  }
  return { kind: 'text', lines };
}
