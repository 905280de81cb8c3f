/**
 * What is low at this store (the register's Low stock list) counts transfers as head office's replenishment does:
 * what other stores are to bring here, sent or only asked for or planned, and what this store is to send them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterApp } from '../../../src/main/app.ts';
import type { TransferView } from '../../../src/shared/transfers.ts';
import { freshApp, onHand } from '../returns/returns-fixture.ts';

let app: RegisterApp;
afterEach(() => app?.close());

/** A transfer not sent yet, as head office sends it down: planned by a buyer, `requested` units of milk. */
function planned(transferId: string, from: string, to: string, requested: number): void {
  const view: TransferView = {
    transferId,
    number: null,
    fromStoreId: from,
    fromStoreName: `Store ${from}`,
    toStoreId: to,
    toStoreName: `Store ${to}`,
    status: 'planned',
    note: null,
    requestedAt: '2026-01-01T10:00:00.000Z',
    sentAt: null,
    receivedAt: null,
    lines: [{ sku: 'T-MILK', name: 'Milk', requested, sent: 0, received: 0, damaged: 0 }],
  };
  app.services.transfers.saveFromHeadOffice(view, '2026-01-01T10:00:01.000Z');
}

const milkLine = () => app.services.lowStock.list().find((line) => line.sku === 'T-MILK');

describe('low stock at the register', () => {
  it('counts a transfer planned to this store as on its way, and one planned from it as spoken for', () => {
    app = freshApp();
    const here = app.services.settings.register().storeId;
    const reorderPoint = onHand(app, 'T-MILK') + 2;
    app.services.lowStock.saveLevels(
      `${here}:sku:T-MILK`,
      {
        kind: 'sku',
        storeId: here,
        sku: 'T-MILK',
        levels: { reorderPoint, desiredLevel: reorderPoint + 10, safetyStock: 0 },
      },
      '2026-01-01T09:00:00.000Z',
    );
    expect(milkLine()).toMatchObject({ inboundTransit: 0 });

    // A buyer plans 5 from store B: with them on the way the milk is no longer low.
    planned('tr-b-here', 'B', here, 5);
    expect(milkLine()).toBeUndefined();

    // And 6 from here to store C: those are as good as gone, so the milk is low again.
    planned('tr-here-c', here, 'C', 6);
    expect(milkLine()).toMatchObject({ available: onHand(app, 'T-MILK') - 6, inboundTransit: 5 });
  });
});
