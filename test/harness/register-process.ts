/**
 * A register as its own process, for kill -9 tests: opens the (already enrolled) register in the data directory
 * given, then sells one sale after another while the sync pump runs, until it is killed. After each commit it
 * prints "sold <seq> <saleId>" (stdout to a pipe is synchronous on Linux, so a printed sale was committed).
 *
 *   node --experimental-strip-types test/harness/register-process.ts <dataDir>
 */
import { loaf, openRegister, sell, spaghetti } from './sync-register.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('Usage: register-process.ts <dataDir>');

const register = openRegister({ dataDir, sync: { ackTimeoutMs: 1000 } });
const baskets = [[spaghetti], [loaf, spaghetti], [spaghetti, spaghetti, loaf]];
let count = 0;

process.stdout.write('ready\n');
const sellOne = (): void => {
  const sale = sell(register.app, baskets[count % baskets.length]);
  count += 1;
  process.stdout.write(`sold ${sale.outboxSeq} ${sale.saleId}\n`);
  // Yield to the event loop between sales so the pump and downstream pulls run in between.
  setTimeout(sellOne, count % 7);
};
sellOne();
