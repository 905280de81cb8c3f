/**
 * kill -9 of a register process while it sends transfers (test/harness/transfer-process.ts), 10 times, against
 * the real head office on SQLite and PostgreSQL behind a TCP proxy that is down now and then (issue 15). After
 * the register is opened again and drains, and a register at the receiving store received half of them: every
 * sent transfer is at head office exactly once, in transit = sent − received (INVENTORY.md invariant 8), both
 * stores' stock at head office adds up, and the sending register's figures equal head office's (invariant 9).
 */
import { describe, expect, it } from 'vitest';
import type { Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import { dialects } from '../headoffice/helpers.ts';
import { runAndKill } from '../../harness/kill-loop.ts';
import { createDemoStore, enrolAt, homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import { seedFrom, seededRandom } from '../../harness/seeded-random.ts';
import {
  asManager,
  drained,
  loaf,
  openRegister,
  poll,
  spaghetti,
  waitForStatus,
} from '../../harness/sync-register.ts';

const kills = Number(process.env.KILL_ITERATIONS ?? 10);
const seed = seedFrom('KILL_SEED');
const otherStore = 'CORK-1';
// More than the sends of ten kill loops can take (up to 3 a round, a round every few ms): a send beyond on hand is refused.
const startingStock = 100_000;

describe.each(dialects)('kill -9 of the register, head office on %s', (dialect) => {
  it(`keeps every transfer sent and syncs each exactly once across ${kills} kill -9s (seed ${seed})`, async () => {
    const next = seededRandom(seed);
    const setup = openRegister();
    const hq = await startHeadOfficeFor(setup, dialect);
    const receiver = openRegister();
    try {
      const { admin } = hq.ho;
      await createDemoStore(admin, { id: otherStore, name: 'Cork', addressLines: ['1 Grand Parade'] });
      const { catalog } = setup.app.services;
      const products = [spaghetti, loaf].map((code) => catalog.lookupCode(code)!);
      const skus = products.map((product) => product.sku);
      for (const storeId of [homeStore, otherStore])
        for (const sku of skus)
          await admin('POST', `/api/stores/${storeId}/stock-movements`, {
            sku,
            kind: 'receive',
            quantity: startingStock,
            occurredAt: new Date().toISOString(),
          });

      const registerId = await hq.enrol(setup);
      // The register knows the other store once head office sent its stock figures.
      await poll('the register knows the other store', () =>
        setup.app.services.transfers.stores().some((store) => store.storeId === otherStore),
      );
      // The register sends only what it has on hand: head office's starting stock, once its figures came down.
      await poll('the register has the starting stock', () =>
        products.every(
          (product) => setup.app.services.stock.figuresHere(product.id).on_hand === startingStock,
        ),
      );
      await waitForStatus(setup.app, drained);
      setup.close();

      const reported: string[] = [];
      for (let i = 0; i < kills; i += 1) {
        hq.proxy.setDown(next() < 0.2);
        await runAndKill(
          ['test/harness/transfer-process.ts', setup.dataDir, otherStore],
          Math.floor(next() * 700),
          (words) => {
            if (words[0] === 'sent') reported.push(words[1]!);
          },
        );
      }
      hq.proxy.setDown(false);
      expect(reported.length).toBeGreaterThan(kills);

      const survivor = openRegister({ dataDir: setup.dataDir });
      try {
        const { db } = survivor.app;
        const lastSeq = (db.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number }).seq;
        await waitForStatus(survivor.app, (s) => drained(s) && s.lastAckedSeq === lastSeq, 120_000);

        // Every transfer the process reported is in the ledger, and at head office exactly once.
        const local = (
          db.prepare(`SELECT transfer_id AS id FROM transfer_documents WHERE stage = 'sent'`).all() as {
            id: string;
          }[]
        ).map((row) => row.id);
        expect(local).toEqual(expect.arrayContaining(reported));
        const sends = await hq.ho.db
          .selectFrom('transfer_sends')
          .select('transfer_id')
          .where('register_id', '=', registerId)
          .execute();
        expect(sends.map((row) => row.transfer_id).sort()).toEqual([...local].sort());
        const headOfficeTransfers = await hq.ho.db
          .selectFrom('transfers')
          .select(['transfer_id', 'status'])
          .where('from_store_id', '=', homeStore)
          .execute();
        expect(headOfficeTransfers.map((row) => row.transfer_id).sort()).toEqual([...local].sort());
        expect(new Set(headOfficeTransfers.map((row) => row.status))).toEqual(new Set(['sent']));

        // The other store's register receives the first half, in full.
        await enrolAt(receiver, hq.proxy.url, await hq.pairingCode(otherStore), 'Cork till');
        asManager(receiver.app);
        const toReceive = local.slice(0, Math.ceil(local.length / 2));
        await poll('the receiving register has every transfer', () =>
          toReceive.every((id) => {
            try {
              return receiver.app.services.transfers.open(id).status === 'sent';
            } catch {
              return false;
            }
          }),
        );
        for (const transferId of toReceive) {
          const view = receiver.app.services.transfers.open(transferId);
          receiver.app.services.transfers.receive({
            transferId,
            note: null,
            lines: view.lines.map((line) => ({ sku: line.sku, received: line.sent, damaged: 0 })),
          });
        }
        await waitForStatus(receiver.app, drained);

        // Invariant 8: in transit = sent − received, per SKU; both stores' on hand add up.
        const sentUnits = (ids: string[], sku: string): number =>
          ids
            .map(
              (id) =>
                (
                  JSON.parse(
                    (
                      db
                        .prepare(
                          `SELECT document FROM transfer_documents WHERE transfer_id = ? AND stage = 'sent'`,
                        )
                        .get(id) as { document: string }
                    ).document,
                  ) as { lines: { sku: string; quantity: number }[] }
                ).lines.find((line) => line.sku === sku)?.quantity ?? 0,
            )
            .reduce((sum, quantity) => sum + quantity, 0);
        const stockAt = async (storeId: string, sku: string): Promise<StockView> =>
          (await admin<Page<StockView>>('GET', `/api/stores/${storeId}/stock?sku=${encodeURIComponent(sku)}`))
            .body.items[0]!;
        for (const sku of skus) {
          const sent = sentUnits(local, sku);
          const received = sentUnits(toReceive, sku);
          expect(sent, `${sku} sent`).toBeGreaterThan(0);
          const home = await stockAt(homeStore, sku);
          expect({ sku, onHand: home.onHand, inTransit: home.inTransit }).toEqual({
            sku,
            onHand: startingStock - sent,
            inTransit: sent - received,
          });
          expect((await stockAt(otherStore, sku)).onHand, `${sku} at ${otherStore}`).toBe(
            startingStock + received,
          );

          // Invariant 9: once head office's figures came down, the sending register shows the same.
          const product = products.find((each) => each.sku === sku)!;
          await poll(`${sku}: the sending register's figures equal head office's`, () => {
            const { here } = survivor.app.services.stock.availability(product.id);
            return here.on_hand === home.onHand && here.in_transit === home.inTransit;
          });
        }

        expect(
          await hq.invariants.check([
            { registerId, storeId: homeStore, db },
            {
              registerId: receiver.app.services.settings.register().registerId,
              storeId: otherStore,
              db: receiver.app.db,
            },
          ]),
        ).toEqual([]);
      } finally {
        survivor.close();
      }
    } finally {
      receiver.destroy();
      await hq.close();
      setup.destroy();
    }
  }, 180_000);
});
