/**
 * kill -9 of a register process while it counts and submits stock counts (test/harness/count-process.ts), 10
 * times, against the real head office on SQLite and PostgreSQL behind a TCP proxy that is down now and then
 * (issue 15). After the register is opened again and drains: every submission is at head office exactly once,
 * with the lines the register committed (submit is one transaction: no half submission), SYNC.md's invariants
 * hold, and an approved count's figures reach the register (INVENTORY.md invariants 7 and 9).
 */
import { describe, expect, it } from 'vitest';
import type { Page, StockView } from '../../../src/shared/sync/admin-api.ts';
import { dialects } from '../headoffice/helpers.ts';
import { runAndKill } from '../../harness/kill-loop.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import { seedFrom, seededRandom } from '../../harness/seeded-random.ts';
import {
  allAcknowledged,
  drained,
  loaf,
  openRegister,
  spaghetti,
  waitForStatus,
  waitUntil,
} from '../../harness/sync-register.ts';

const kills = Number(process.env.KILL_ITERATIONS ?? 10);
const seed = seedFrom('KILL_SEED');

interface SubmittedLine {
  submission: string;
  sku: string;
  quantity: number;
  countedAt: string;
}

const byLine = (a: SubmittedLine, b: SubmittedLine): number =>
  `${a.submission} ${a.countedAt} ${a.sku} ${a.quantity}`.localeCompare(
    `${b.submission} ${b.countedAt} ${b.sku} ${b.quantity}`,
  );

describe.each(dialects)('kill -9 of the register, head office on %s', (dialect) => {
  it(`keeps every count submission and syncs each exactly once across ${kills} kill -9s (seed ${seed})`, async () => {
    const next = seededRandom(seed);
    const setup = openRegister();
    const hq = await startHeadOfficeFor(setup, dialect);
    try {
      const registerId = await hq.enrol(setup);
      await waitForStatus(setup.app, drained);
      setup.close();

      const reported = new Map<string, number>();
      for (let i = 0; i < kills; i += 1) {
        hq.proxy.setDown(next() < 0.2);
        await runAndKill(
          ['test/harness/count-process.ts', setup.dataDir],
          Math.floor(next() * 700),
          (words) => {
            if (words[0] === 'submitted') reported.set(words[1]!, Number(words[2]));
          },
        );
      }
      hq.proxy.setDown(false);
      expect(reported.size).toBeGreaterThan(kills);

      const survivor = openRegister({ dataDir: setup.dataDir });
      try {
        const { db } = survivor.app;
        await waitForStatus(survivor.app, allAcknowledged(survivor.app), 120_000);

        // Every count the process reported is submitted here, with all its lines sent.
        const counts = db
          .prepare(
            `SELECT c.count_id AS countId, c.status,
             (SELECT count(*) FROM count_lines l WHERE l.count_id = c.count_id AND l.submission_id IS NULL) AS unsent
           FROM counts c`,
          )
          .all() as { countId: string; status: string; unsent: number }[];
        const submitted = new Map(counts.map((count) => [count.countId, count]));
        for (const countId of reported.keys())
          expect(submitted.get(countId), `count ${countId}`).toMatchObject({
            status: 'submitted',
            unsent: 0,
          });
        // At most the one count a kill interrupted is still open.
        expect(counts.filter((count) => count.status === 'open').length).toBeLessThanOrEqual(1);

        // Head office has each submission once, with the seq and the lines the register committed (besides the
        // opening count the register sent when it enrolled, which the counting process did not make).
        const local = db
          .prepare(
            'SELECT submission_id AS id, count_id AS countId, outbox_seq AS seq, line_count AS lines FROM count_submissions ORDER BY submission_id',
          )
          .all() as { id: string; countId: string; seq: number; lines: number }[];
        const remote = await hq.ho.db
          .selectFrom('count_submissions as s')
          .innerJoin('counts as c', 'c.count_id', 's.count_id')
          .select(['s.submission_id as id', 's.count_id as countId', 's.seq', 's.line_count as lines'])
          .where('s.register_id', '=', registerId)
          .where('c.opening', '=', 0)
          .orderBy('s.submission_id')
          .execute();
        expect(remote).toEqual(local);
        const localLines = (
          db
            .prepare(
              `SELECT submission_id AS submission, sku, quantity, counted_at AS countedAt
             FROM count_lines WHERE submission_id IS NOT NULL`,
            )
            .all() as SubmittedLine[]
        ).sort(byLine);
        const remoteLines = (
          await hq.ho.db
            .selectFrom('count_lines as l')
            .innerJoin('counts as c', 'c.count_id', 'l.count_id')
            .select(['l.submission_id as submission', 'l.sku', 'l.quantity', 'l.counted_at as countedAt'])
            .where('c.opening', '=', 0)
            .execute()
        ).sort(byLine);
        expect(remoteLines).toEqual(localLines);
        expect(localLines.length).toBe(local.reduce((sum, row) => sum + row.lines, 0));

        expect(await hq.invariants.check([{ registerId, storeId: homeStore, db }])).toEqual([]);

        // Approving the last count sets head office's on hand to what was counted (no sales here), and the
        // figures come down to the register.
        const last = [...reported.keys()].at(-1)!;
        const approved = await hq.ho.admin('POST', `/api/counts/${last}/approve`, { uncounted: 'leave' });
        expect(approved.status).toBe(200);
        const counted = (sku: string): number =>
          (
            db
              .prepare(
                'SELECT coalesce(sum(quantity), 0) AS total FROM count_lines WHERE count_id = ? AND sku = ?',
              )
              .get(last, sku) as { total: number }
          ).total;
        const { catalog, stock } = survivor.app.services;
        for (const code of [spaghetti, loaf]) {
          const product = catalog.lookupCode(code)!;
          const reply = await hq.ho.admin<Page<StockView>>(
            'GET',
            `/api/stores/${homeStore}/stock?sku=${encodeURIComponent(product.sku)}`,
          );
          expect(reply.body.items[0]?.onHand, product.sku).toBe(counted(product.sku));
          await waitUntil(
            survivor.app,
            () => stock.availability(product.id).onHandHere === counted(product.sku),
          );
        }
      } finally {
        survivor.close();
      }
    } finally {
      await hq.close();
      setup.destroy();
    }
  }, 180_000);
});
