/**
 * Head office's stock check (`npm run headoffice -- stock:check [--repair]`), as `npm run stock:check` is the
 * register's: rebuilds every state of every store's SKUs from the movements and reports where stock_balances
 * differs; with repair it rewrites those balances (the registers get them on the stock stream).
 *
 * The rebuild replays each SKU's movements in the order they were recorded, by stock.ts's rules: a COUNT sets on
 * hand to the counted quantity plus the on-hand movements recorded before it that happened after it, unless an
 * earlier-recorded count is newer; a later on-hand movement counts when it happened at or after the latest count;
 * the other states are the sums of their movements.
 */
import { sql } from 'kysely';
import { noStock, stockStates, type StockState } from '../shared/stock.ts';
import { takeSeqs, writeTransaction } from './changes.ts';
import type { HeadOffice, Tx } from './context.ts';
import { rowsOf } from './db/bulk.ts';
import type { StockMovementsTable } from './db/schema.ts';
import { overwriteBalances, type Balance } from './stock.ts';

export interface StockDifference {
  storeId: string;
  sku: string;
  state: StockState;
  /** What stock_balances says. */
  projected: number;
  /** What the movements add up to. */
  fromMovements: number;
}

export interface StockCheckReport {
  /** Store and SKU pairs that have a balance or movements. */
  balancesChecked: number;
  differences: StockDifference[];
  repaired: boolean;
}

type MovementOfSku = Pick<StockMovementsTable, 'state' | 'reason' | 'quantity' | 'occurred_at'>;

/** One SKU's balance at one store from its movements, in the order they were recorded. */
export function replayMovements(movements: MovementOfSku[]): Balance {
  const balance: Balance = { ...noStock, counted_at: null };
  const onHandSoFar: MovementOfSku[] = [];
  for (const movement of movements) {
    const quantity = Number(movement.quantity);
    if (movement.reason === 'COUNT') {
      if (balance.counted_at === null || movement.occurred_at > balance.counted_at) {
        balance.on_hand = onHandSoFar
          .filter((earlier) => earlier.occurred_at > movement.occurred_at)
          .reduce((sum, earlier) => sum + Number(earlier.quantity), quantity);
        balance.counted_at = movement.occurred_at;
      }
    } else if (movement.state !== 'on_hand') {
      balance[movement.state] += quantity;
    } else {
      onHandSoFar.push(movement);
      if (balance.counted_at === null || movement.occurred_at >= balance.counted_at)
        balance.on_hand += quantity;
    }
  }
  return balance;
}

/** SKUs per statement when reading movements: bounded memory however many stores and SKUs there are. */
const KEYS_PER_READ = 500;

async function pairsToCheck(tx: Tx): Promise<{ storeId: string; sku: string }[]> {
  const rows = await tx
    .selectFrom('stock_balances')
    .select(['store_id', 'sku'])
    .union(tx.selectFrom('stock_movements').select(['store_id', 'sku']))
    .orderBy('store_id')
    .orderBy('sku')
    .execute();
  return rows.map((row) => ({ storeId: row.store_id, sku: row.sku }));
}

/**
 * Checks every balance against its movements; `repair` rewrites the ones that differ. One transaction that first
 * takes the stock stream's head, as every stock write does, so nothing changes stock between the reading and
 * the repair.
 */
export function checkStock(ho: HeadOffice, options: { repair: boolean }): Promise<StockCheckReport> {
  return writeTransaction(ho, async (tx, changes) => {
    await takeSeqs(tx, 'stock', 0);
    const pairs = await pairsToCheck(tx);
    const differences: StockDifference[] = [];
    const rebuilt: { storeId: string; sku: string; balance: Balance }[] = [];
    for (let start = 0; start < pairs.length; start += KEYS_PER_READ) {
      const keys = pairs.slice(start, start + KEYS_PER_READ);
      const wanted = rowsOf(
        ho.dialect,
        'stock_balances',
        keys.map(({ storeId, sku }) => ({ store_id: storeId, sku })),
      );
      const [movements, balances] = await Promise.all([
        tx
          .selectFrom('stock_movements')
          .select(['store_id', 'sku', 'state', 'reason', 'quantity', 'occurred_at'])
          .where(sql<boolean>`(store_id, sku) in (${wanted})`)
          .orderBy('id')
          .execute(),
        tx
          .selectFrom('stock_balances')
          .select(['store_id', 'sku', 'on_hand', 'damaged', 'committed', 'in_transit'])
          .where(sql<boolean>`(store_id, sku) in (${wanted})`)
          .execute(),
      ]);
      const key = (storeId: string, sku: string): string => `${storeId}\0${sku}`;
      const movementsOf = new Map<string, MovementOfSku[]>();
      for (const movement of movements) {
        const list = movementsOf.get(key(movement.store_id, movement.sku)) ?? [];
        list.push(movement);
        movementsOf.set(key(movement.store_id, movement.sku), list);
      }
      const projectedOf = new Map(balances.map((row) => [key(row.store_id, row.sku), row]));
      for (const { storeId, sku } of keys) {
        const balance = replayMovements(movementsOf.get(key(storeId, sku)) ?? []);
        const projected = projectedOf.get(key(storeId, sku)) ?? noStock;
        const differing = stockStates.filter((state) => Number(projected[state]) !== balance[state]);
        for (const state of differing)
          differences.push({
            storeId,
            sku,
            state,
            projected: Number(projected[state]),
            fromMovements: balance[state],
          });
        if (differing.length > 0) rebuilt.push({ storeId, sku, balance });
      }
    }
    if (options.repair) await overwriteBalances(ho, tx, changes, rebuilt);
    return { balancesChecked: pairs.length, differences, repaired: options.repair && rebuilt.length > 0 };
  });
}

/** The report in words, one line per difference, and the exit code: 0 all match or repaired, 1 differences left. */
export function describeStockCheck(report: StockCheckReport): { lines: string[]; exitCode: number } {
  const lines = report.differences.map(
    ({ storeId, sku, state, projected, fromMovements }) =>
      `Store ${storeId}, ${sku}, ${state.replace('_', ' ')}: balance says ${projected}, movements add up to ${fromMovements}`,
  );
  if (report.differences.length === 0) {
    lines.push(`All ${report.balancesChecked} balances of every store match the movements.`);
    return { lines, exitCode: 0 };
  }
  if (report.repaired) {
    lines.push(
      `Repaired ${report.differences.length} figures from the movements; registers get them as they sync.`,
    );
    return { lines, exitCode: 0 };
  }
  lines.push(`${report.differences.length} figures differ. Run again with --repair to rebuild them.`);
  return { lines, exitCode: 1 };
}
