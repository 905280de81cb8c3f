/** A transfer's packing list, a receiving summary, an adjustment slip and shelf labels as the receipt printer gets them. */
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/main/devices/escpos.ts';
import {
  adjustmentSlipDocument,
  packingListDocument,
  receivingSummaryDocument,
  shelfLabelsDocument,
} from '../../src/shared/inventory-print.ts';
import type { TransferView } from '../../src/shared/transfers.ts';
import { decodeEscPos, formatTranscript } from '../harness/escpos-transcript.ts';

const printer = { model: 'epson-tm-t20iii', columns: null, returnCode: 'code128', cut: 'partial' } as const;
const printed = (bytes: Uint8Array): string[] => formatTranscript(decodeEscPos(bytes));

const transfer: TransferView = {
  transferId: '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b',
  number: 'R1-TR-000004',
  fromStoreId: 'MAIN',
  fromStoreName: 'Main Street',
  toStoreId: 'HARB',
  toStoreName: 'Harbour Street',
  status: 'sent',
  note: null,
  requestedAt: null,
  sentAt: '2026-03-01T10:00:00.000Z',
  receivedAt: null,
  lines: [
    { sku: 'MUG-1', name: 'Blue mug', requested: 0, sent: 6, received: 0, damaged: 0 },
    { sku: 'PLATE-2', name: 'Plate', requested: 2, sent: 0, received: 0, damaged: 0 },
  ],
};

describe('printed stock documents', () => {
  it('prints a packing list with what was sent and the transfer id as a Code 128 barcode to scan', () => {
    const lines = printed(renderDocument(packingListDocument(transfer, 'en-IE'), printer));
    expect(lines).toContain(`BARCODE code128 ${JSON.stringify(transfer.transferId)}`);
    const text = lines.join('\n');
    expect(text).toContain('R1-TR-000004');
    expect(text).toContain('Blue mug (MUG-1)');
    // Asked for but not sent: not on the packing list.
    expect(text).not.toContain('PLATE-2');
  });

  it('prints the weight of goods sold by kg on a packing list, and adds it up apart from the pieces', () => {
    const weighed: TransferView = {
      ...transfer,
      lines: [
        ...transfer.lines,
        { sku: 'APL-1', name: 'Apples', unit: 'kg', requested: 0, sent: 1250, received: 0, damaged: 0 },
      ],
    };
    const text = printed(renderDocument(packingListDocument(weighed, 'en-IE'), printer)).join('\n');
    expect(text).toMatch(/Apples \(APL-1\) +1\.250 kg/);
    expect(text).toMatch(/Goods +6 units and 1\.250 kg/);
  });

  it('prints a receiving summary with damaged units, unit costs and unknown barcodes', () => {
    const doc = receivingSummaryDocument(
      {
        receiptId: 'r1',
        storeId: 'MAIN',
        registerId: 'R1',
        userId: 'u1',
        userName: 'Sam',
        number: 'R1-GR-000001',
        completedAt: '2026-03-01T10:00:00.000Z',
        currency: 'EUR',
        supplier: 'Nordic Ceramics',
        deliveryNote: 'DN-9',
        note: null,
        purchaseOrderId: null,
        lines: [
          { productId: 1, sku: 'MUG-1', name: 'Blue mug', quantity: 12, damaged: 1, unitCostMinor: 250 },
        ],
        unknownLines: [{ code: '4006381333931', quantity: 3 }],
        outboxSeq: 7,
      },
      { locale: 'en-IE', currency: 'EUR' },
    );
    const text = printed(renderDocument(doc, printer)).join('\n');
    for (const expected of ['R1-GR-000001', 'Nordic Ceramics', 'of them damaged', '2.50', '4006381333931'])
      expect(text).toContain(expected);
  });

  it('prints an adjustment slip in the store’s own reason, with who approved it and a line to sign', () => {
    const doc = adjustmentSlipDocument(
      {
        adjustmentId: '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5c',
        storeId: 'MAIN',
        registerId: 'R1',
        completedAt: '2026-03-01T10:00:00.000Z',
        reason: null,
        customReason: 'Staff tasting',
        note: null,
        user: { userId: 'u1', name: 'Sam' },
        approver: { userId: 'u2', name: 'Morgan' },
        valueMinor: 750,
        lines: [
          {
            productId: 1,
            sku: 'MUG-1',
            name: 'Blue mug',
            quantity: -3,
            valueMinor: 750,
            moves: [{ state: 'on_hand', delta: -3 }],
          },
        ],
      },
      { locale: 'en-IE', currency: 'EUR' },
    );
    const text = printed(renderDocument(doc, printer)).join('\n');
    for (const expected of [
      /Staff tasting/,
      /Approved by\s+Morgan/,
      /Blue mug \(MUG-1\)\s+\S*7\.50/,
      /on hand -3/,
      /Signed:/,
    ])
      expect(text).toMatch(expected);
  });

  it('prints each shelf label as often as asked: name, SKU, shelf price and its barcode', () => {
    const labels = [
      { sku: 'MUG-1', name: 'Blue mug', priceMinor: 1250, code: '5901234123457', copies: 2 },
      { sku: 'PLATE-2', name: 'Plate', priceMinor: 399, code: 'PLATE-2', copies: 1 },
    ];
    const lines = printed(
      renderDocument(shelfLabelsDocument(labels, { locale: 'en-IE', currency: 'EUR' }), printer),
    );
    expect(lines.filter((line) => line.startsWith('BARCODE'))).toEqual([
      'BARCODE code128 "5901234123457"',
      'BARCODE code128 "5901234123457"',
      'BARCODE code128 "PLATE-2"',
    ]);
    const text = lines.join('\n');
    expect(text).toContain('Blue mug');
    // The euro sign goes out in the printer's code page: the SKU, then the price at the right edge.
    expect(text).toMatch(/MUG-1 +\S+12\.50"/);
    expect(text).toMatch(/PLATE-2 +\S+3\.99"/);
  });
});
