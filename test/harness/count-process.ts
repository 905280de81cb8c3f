/**
 * A register as its own process, for kill -9 tests of stock counts: opens the (already enrolled) register in the
 * data directory given, then counts and submits one count after another while the sync pump runs, until it is
 * killed. A count left open by the previous kill is counted on and submitted first. After each submit commits
 * it prints "submitted <countId> <lines>" (stdout to a pipe is synchronous on Linux, so a printed count was
 * committed).
 *
 *   node --experimental-strip-types test/harness/count-process.ts <dataDir>
 */
import { asManager, loaf, openRegister, spaghetti } from './sync-register.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('Usage: count-process.ts <dataDir>');

const register = openRegister({ dataDir, sync: { ackTimeoutMs: 1000 } });
const { counts } = register.app.services;
asManager(register.app);
let round = 0;

process.stdout.write('ready\n');
const countOne = (): void => {
  if (counts.current() === null) counts.open({ scope: { kind: 'store' }, blind: false });
  // Alternating codes make a line per scan; a run of the same code adds up on one line.
  for (let i = 0; i < 5 + (round % 20); i += 1) counts.scan(i % 3 === 0 ? loaf : spaghetti);
  const submitted = counts.submit();
  round += 1;
  process.stdout.write(`submitted ${submitted.countId} ${submitted.lines}\n`);
  // Yield to the event loop between counts so the pump runs in between.
  setTimeout(countOne, round % 7);
};
countOne();
