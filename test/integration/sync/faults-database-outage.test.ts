/**
 * Head office's PostgreSQL goes away for a while, with the real register and the real head office: a TCP proxy
 * on the database link refuses and cuts every connection. Head office stays up and answers 'retry' to pushes and
 * 'unavailable' to new connections; the register keeps selling, waits as it is told instead of hammering, and
 * once the database is back every sale arrives exactly once (the six SYNC.md invariants).
 */
import { afterEach, expect, it } from 'vitest';
import { RETRY_AFTER_MS } from '../../../src/headoffice/db/transient.ts';
import { homeStore, startHeadOfficeFor } from '../../harness/sync-head-office.ts';
import {
  drained,
  openRegister,
  pushRecorder,
  sell,
  sellMany,
  waitForStatus,
} from '../../harness/sync-register.ts';
import { startTcpProxy } from '../../harness/tcp-proxy.ts';
import { PG_URL } from '../headoffice/helpers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('answers retry and unavailable while its database is down; the register sells on, backs off, loses nothing', async () => {
  const recorder = pushRecorder();
  const reg = openRegister({ sync: { connect: recorder.connect, ackTimeoutMs: 20_000 } });
  cleanups.push(() => reg.destroy());
  const target = new URL(PG_URL);
  const databaseLink = await startTcpProxy(Number(target.port || 5432), target.hostname);
  cleanups.push(() => databaseLink.close());
  target.port = String(databaseLink.port);
  const hq = await startHeadOfficeFor(reg, 'postgres', { databaseUrl: target.toString() });
  cleanups.push(() => hq.close());
  const registerId = await hq.enrol(reg);
  sellMany(reg.app, 5);
  const { lastAckedSeq: ackedBefore } = await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq > 0);

  // The database goes away; head office itself stays up and the register stays connected to it.
  databaseLink.setDown(true);
  const outageStart = Date.now();
  sell(reg.app);
  const told = await waitForStatus(reg.app, (s) => /asked to wait/.test(s.lastError ?? ''));
  expect(told.lastError).toMatch(/cannot reach its database/);
  // Sales go on during the outage, each a moment apart: with the register backing off they do not each send
  // a push, and the pushes that go out wait head office's retry-after between them.
  let soldDuringOutage = 1;
  while (Date.now() - outageStart < 2.5 * RETRY_AFTER_MS) {
    sell(reg.app);
    soldDuringOutage += 1;
    await sleep(100);
  }
  const pushesDuringOutage = recorder.pushes.filter((push) => push.at >= outageStart);
  expect(pushesDuringOutage.length).toBeGreaterThanOrEqual(2);
  expect(pushesDuringOutage.length).toBeLessThan(soldDuringOutage / 4);
  const gaps = pushesDuringOutage.slice(1).map((push, i) => push.at - pushesDuringOutage[i]!.at);
  // One millisecond of slack: timers round to the millisecond.
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(RETRY_AFTER_MS - 1);

  // The register's connection drops too: head office cannot check its token and answers 'unavailable'.
  hq.proxy.cut();
  const refused = await waitForStatus(reg.app, (s) => /unavailable/.test(s.lastError ?? ''));
  expect(refused).toMatchObject({ connected: false, blockedReason: null });
  sellMany(reg.app, 20);
  const waiting = reg.app.sync.status();
  expect(waiting).toMatchObject({ eventsWaiting: soldDuringOutage + 20, lastAckedSeq: ackedBefore });
  const lastSeq = ackedBefore + waiting.eventsWaiting;

  databaseLink.setDown(false);
  await waitForStatus(reg.app, (s) => drained(s) && s.lastAckedSeq === lastSeq);
  expect(await hq.invariants.check([{ registerId, storeId: homeStore, db: reg.app.db }])).toEqual([]);
}, 90_000);
