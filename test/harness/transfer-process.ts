/**
 * A register as its own process, for kill -9 tests of transfers: opens the (already enrolled) register in the
 * data directory given, then sends one transfer after another to the store given while the sync pump runs,
 * until it is killed. After each send commits it prints "sent <transferId>" (stdout to a pipe is synchronous on
 * Linux, so a printed transfer was committed).
 *
 *   node --experimental-strip-types test/harness/transfer-process.ts <dataDir> <toStoreId>
 */
import { asManager, loaf, openRegister, spaghetti } from './sync-register.ts';

const [dataDir, toStoreId] = process.argv.slice(2);
if (!dataDir || !toStoreId) throw new Error('Usage: transfer-process.ts <dataDir> <toStoreId>');

const register = openRegister({ dataDir, sync: { ackTimeoutMs: 1000 } });
const { catalog, transfers } = register.app.services;
asManager(register.app);
const [pasta, bread] = [spaghetti, loaf].map((code) => catalog.lookupCode(code)!.id);
let round = 0;

process.stdout.write('ready\n');
const sendOne = (): void => {
  const lines = [{ productId: pasta!, quantity: 1 + (round % 3) }];
  if (round % 2 === 0) lines.push({ productId: bread!, quantity: 1 });
  const sent = transfers.send({ toStoreId, note: null, lines });
  round += 1;
  process.stdout.write(`sent ${sent.transferId}\n`);
  // Yield to the event loop between transfers so the pump runs in between.
  setTimeout(sendOne, round % 7);
};
sendOne();
