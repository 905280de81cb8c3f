/**
 * Imports a catalog CSV (format: docs/catalog-csv.md) into a register's ledger: every row or none.
 *
 *   npm run catalog:import -- FILE [--data-dir DIR]
 *
 * Exit code 0: imported; 1: the file has problems (all listed, nothing imported); 2: could not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exitCodes, openServices, resolveDataDir, runCommand, UsageError } from './ledger-cli.ts';

const usage = 'Usage: npm run catalog:import -- FILE [--data-dir DIR]   (DIR defaults to $COUNTER_DATA_DIR)';

runCommand(usage, () => {
  const { values, positionals } = parseArgs({
    options: { 'data-dir': { type: 'string' } },
    allowPositionals: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('Name exactly one CSV file to import.');
  if (!existsSync(file)) throw new UsageError(`There is no file at ${file}.`);
  const csv = readFileSync(file, 'utf8');
  const ledger = openServices(resolveDataDir(values['data-dir']));
  try {
    const report = ledger.services.catalog.importCsv(csv);
    if (report.errors.length > 0) {
      for (const { row, message } of report.errors) console.error(`row ${row}: ${message}`);
      console.error(
        `${file}: ${report.errors.length} problems, nothing was imported. Fix them and import again.`,
      );
      return exitCodes.problems;
    }
    console.log(
      `Imported ${report.imported} products from ${file}: ${report.created} new, ${report.updated} updated.`,
    );
    return exitCodes.ok;
  } finally {
    ledger.close();
  }
});
