/**
 * A revoked register is re-paired, not enrolled again: its numbering is for life (head office's cursor for it
 * lives with its id), so a code for a new register, which would expect seq 1, is refused to it and stays unused.
 * A re-pair code for its own id gives it a new token; it keeps its id and queue and carries on where head
 * office's cursor stands. Real register, real head office, real sockets; the six SYNC.md invariants hold.
 */
import { afterEach, expect, it } from 'vitest';
import type { PairingCodeView, RegisterView } from '../../../src/shared/sync/admin-api.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import { drained, openRegister, sell, sellMany, waitForStatus } from '../../harness/sync-register.ts';
import { connectRegister, type ConnectRefused } from '../headoffice/helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function register() {
  const opened = openRegister();
  cleanups.push(() => opened.destroy());
  return opened;
}

it('a revoked register is re-paired with a code for itself and keeps its numbering; other codes are refused', async () => {
  const reg = register();
  const hq = await startHeadOfficeFor(reg);
  cleanups.push(() => hq.close());
  const { admin } = hq.ho;
  const registerId = await hq.enrol(reg);
  sellMany(reg.app, 3);
  const { lastAckedSeq: ackedBefore } = await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq > 0);

  expect((await admin('POST', `/api/registers/${registerId}/revoke`)).status).toBe(200);
  const revoked = await waitForStatus(reg.app, (s) => s.blockedReason !== null);
  expect(revoked.blockedReason).toMatch(/revoked/);
  expect(revoked.blockedReason).toMatch(/re-pair code/);
  expect(revoked.blockedReason).not.toMatch(/enrol it again/);
  sellMany(reg.app, 2);
  const enrolAgain = (pairingCode: string) =>
    reg.app.sync.enrollUnattended({ headOfficeUrl: hq.proxy.url, pairingCode, registerName: 'Till 1 (back)' });

  // A code for a new register is refused to an enrolled register, and stays good for a new one.
  const newRegisterCode = await hq.pairingCode();
  await expect(enrolAgain(newRegisterCode)).rejects.toMatchObject({
    code: 'CONFLICT',
    message: expect.stringMatching(/already enrolled.*re-pair code/),
  });
  const other = register();
  await other.app.sync.enrollUnattended({
    headOfficeUrl: hq.proxy.url,
    pairingCode: newRegisterCode,
    registerName: 'Till 2',
  });
  const otherId = other.app.services.settings.register().registerId;
  expect(otherId).not.toBe(registerId);
  sell(other.app);

  // A re-pair code works only for the register it names.
  const rePairCode = async (id: string): Promise<PairingCodeView> => {
    const reply = await admin<PairingCodeView>('POST', `/api/registers/${id}/pairing-codes`, {});
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const forOther = await rePairCode(otherId);
  expect(forOther).toMatchObject({ registerId: otherId, storeId: homeStore });
  await expect(enrolAgain(forOther.code)).rejects.toMatchObject({
    code: 'CONFLICT',
    message: expect.stringContaining('re-pairs another register ("Till 2")'),
  });
  const fresh = register();
  await expect(
    fresh.app.sync.enrollUnattended({
      headOfficeUrl: hq.proxy.url,
      pairingCode: forOther.code,
      registerName: 'Till 3',
    }),
  ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('not enrolled yet') });
  expect(fresh.app.sync.status().enrolled).toBe(false);

  // The re-pair: same id, same numbering, a new token; the revoke is lifted and the queue drains.
  const oldToken = (
    reg.app.db.prepare('SELECT device_token AS token FROM sync_state').get() as { token: string }
  ).token;
  const status = await enrolAgain((await rePairCode(registerId)).code);
  expect(status).toMatchObject({ enrolled: true, blockedReason: null });
  expect(reg.app.services.settings.register().registerId).toBe(registerId);
  expect(sell(reg.app).outboxSeq).toBe(ackedBefore + 3);
  await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === ackedBefore + 3);
  await waitForStatus(other.app, drained);

  const registers = (await admin<RegisterView[]>('GET', '/api/registers')).body;
  expect(registers.find((r) => r.id === registerId)).toMatchObject({
    name: 'Till 1 (back)',
    revokedAt: null,
    lastAppliedSeq: ackedBefore + 3,
  });
  const refused = (await connectRegister(hq.ho.url, oldToken).catch(
    (error: ConnectRefused) => error,
  )) as ConnectRefused;
  expect(refused.message).toBe('unknown_token');
  expect(
    await hq.invariants.check([
      { registerId, storeId: homeStore, db: reg.app.db },
      { registerId: otherId, storeId: homeStore, db: other.app.db },
    ]),
  ).toEqual([]);
}, 60_000);
