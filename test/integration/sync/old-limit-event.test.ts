/**
 * A register of the previous version could complete a sale whose event was larger than the 256 KB its pump
 * would send (a sale of 1,000 lines makes about 350 KB); that event, and everything queued after it, waited
 * for good. After the update the register sends it, and what follows, exactly once.
 */
import { expect, it } from 'vitest';
import { eventBytes, type UpstreamEvent } from '../../../src/shared/sync/protocol.ts';
import { cleanUpAfterEachTest } from '../../harness/after-test.ts';
import { writeOpenSaleDraft } from '../../harness/open-sale-draft.ts';
import { enrolledRegister } from '../../harness/sync-head-office.ts';
import { drained, loaf, openRegister, sellMany, waitForStatus } from '../../harness/sync-register.ts';

const afterTest = cleanUpAfterEachTest();

it('sends a sale over the previous version’s 256 KB limit that waited in the queue, once, and what came after it', async () => {
  const { reg, hq, registerId } = await enrolledRegister(afterTest);
  hq.proxy.setDown(true);
  await waitForStatus(reg.app, (s) => !s.connected);

  // The previous version: a sale of 1,000 lines completed, a few after it, and its pump stopped at the big one.
  writeOpenSaleDraft(reg.app.db, reg.app.services.catalog.lookupCode(loaf)!, 1000);
  reg.close();
  const previous = openRegister({ dataDir: reg.dataDir });
  const { sales } = previous.app.services;
  sales.addTender({ kind: 'cash', amountMinor: sales.current().dueMinor });
  const big = sales.complete().receipt.sale;
  sellMany(previous.app, 5);
  const event = previous.app.db
    .prepare(
      `SELECT seq, event_id AS eventId, type, schema_version AS schemaVersion, occurred_at AS occurredAt,
         payload, payload_hash AS payloadHash FROM outbox WHERE seq = ?`,
    )
    .get(big.outboxSeq) as UpstreamEvent;
  expect(eventBytes(event)).toBeGreaterThan(256 * 1024);
  previous.app.db
    .prepare('UPDATE sync_state SET blocked_reason = ?')
    .run(
      `Event #${big.outboxSeq} is larger than the 256 KB head office accepts in one message, so it cannot be sent.`,
    );
  const lastSeq = big.outboxSeq + 5;
  previous.close();

  // The update, and the link back.
  hq.proxy.setDown(false);
  const updated = openRegister({ dataDir: reg.dataDir });
  afterTest(() => updated.close());
  const status = await waitForStatus(updated.app, (s) => drained(s) && s.lastAckedSeq === lastSeq);

  expect(status.blockedReason).toBeNull();
  expect(await hq.invariants.check([{ registerId, storeId: hq.storeId, db: updated.app.db }])).toEqual([]);
});
