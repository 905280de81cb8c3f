/**
 * Rebuilds every stock state (on hand, damaged, committed, in transit) from the movements and reports where the balance projection differs.
 *
 *   npm run stock:check -- [--data-dir DIR] [--repair]
 *
 * Exit code 0: balances match (or were repaired); 1: differences found and not repaired; 2: could not run.
 */
import { parseArgs } from 'node:util';
import { exitCodes, openServices, resolveDataDir, runCommand } from './ledger-cli.ts';
import { stockStateLabels } from '../../shared/stock.ts';

const usage =
  'Usage: npm run stock:check -- [--data-dir DIR] [--repair]   (DIR defaults to $COUNTER_DATA_DIR)';

runCommand(usage, () => {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, repair: { type: 'boolean' } } });
  const ledger = openServices(resolveDataDir(values['data-dir']));
  try {
    const report = ledger.services.stock.check({ repair: values.repair ?? false });
    for (const { sku, state, projected, fromMovements } of report.differences) {
      const stateName = stockStateLabels[state].toLowerCase();
      console.log(`${sku} ${stateName}: balance says ${projected}, movements add up to ${fromMovements}`);
    }
    if (report.differences.length === 0) {
      console.log(`All ${report.productsChecked} products: balances match the movements.`);
      return exitCodes.ok;
    }
    if (report.repaired) {
      console.log(`Repaired ${report.differences.length} balances from the movements.`);
      return exitCodes.ok;
    }
    console.log(`${report.differences.length} balances differ. Run again with --repair to rebuild them.`);
    return exitCodes.problems;
  } finally {
    ledger.close();
  }
});
