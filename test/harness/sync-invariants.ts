/**
 * The six invariants of SYNC.md, checked after the queues drain, between register ledgers and a real head
 * office's database. `check()` returns every violation in words (empty when all hold), so a failing fault test
 * says exactly what went wrong; it also remembers head office's cursors to check they never went backwards.
 */
import type Database from 'better-sqlite3';
import type { Db as HeadOfficeDb } from '../../src/headoffice/db/schema.ts';
import { salesById } from '../../src/headoffice/received.ts';

export interface RegisterLedger {
  /** The register's id at head office (from enrolment). */
  registerId: string;
  storeId: string;
  db: Database.Database;
}

interface Totals {
  byStoreDay: Map<string, number>;
  bySku: Map<string, { quantity: number; totalMinor: number }>;
}

export class SyncInvariants {
  private readonly headOffice: HeadOfficeDb;
  /** Head office's last applied seq per register at the previous check. */
  private readonly seen = new Map<string, number>();

  constructor(headOffice: HeadOfficeDb) {
    this.headOffice = headOffice;
  }

  async check(registers: RegisterLedger[]): Promise<string[]> {
    const violations: string[] = [];
    const ids = registers.map((register) => register.registerId);
    const hoRegisters = await this.headOffice
      .selectFrom('registers')
      .select(['id', 'last_applied_seq'])
      .where('id', 'in', ids)
      .execute();
    const hoSales = await this.headOffice
      .selectFrom('sales')
      .select(['sale_id', 'register_id', 'seq'])
      .where('register_id', 'in', ids)
      .execute();
    const received = await this.headOffice
      .selectFrom('received_events')
      .select(['register_id', 'seq', 'payload_hash'])
      .where('register_id', 'in', ids)
      .execute();

    // 2. No duplicate: one row per (register, seq) and per business document.
    const perSeq = countBy(hoSales, (sale) => `${sale.register_id} #${sale.seq}`);
    const perSale = countBy(hoSales, (sale) => sale.sale_id);
    for (const [key, count] of [...perSeq, ...perSale]) {
      if (count > 1) violations.push(`duplicate at head office: ${key} recorded ${count} times`);
    }
    const receivedPerSeq = countBy(received, (event) => `${event.register_id} #${event.seq}`);
    for (const [key, count] of receivedPerSeq) {
      if (count > 1) violations.push(`event ${key} received ${count} times`);
    }

    for (const register of registers) {
      const { db, registerId } = register;
      const outbox = db.prepare('SELECT seq, payload_hash AS hash FROM outbox ORDER BY seq').all() as {
        seq: number;
        hash: string;
      }[];
      const acked = (db.prepare('SELECT last_acked_seq AS seq FROM sync_state').get() as { seq: number }).seq;
      const lastApplied = hoRegisters.find((row) => row.id === registerId)?.last_applied_seq ?? 0;

      // 1. No loss: every outbox seq exists at head office, with the same content.
      const hashes = new Map(
        received
          .filter((event) => event.register_id === registerId)
          .map((event) => [event.seq, event.payload_hash]),
      );
      const saleSeqs = new Set(
        hoSales.filter((sale) => sale.register_id === registerId).map((sale) => sale.seq),
      );
      const localSales = db.prepare('SELECT outbox_seq AS seq FROM sales').all() as { seq: number }[];
      const missing = outbox.filter((row) => hashes.get(row.seq) !== row.hash).map((row) => row.seq);
      if (missing.length > 0)
        violations.push(`${registerId}: seqs not at head office (or different): ${range(missing)}`);
      const salesMissing = localSales.filter((sale) => !saleSeqs.has(sale.seq)).map((sale) => sale.seq);
      if (salesMissing.length > 0)
        violations.push(`${registerId}: sales not recorded at head office: ${range(salesMissing)}`);

      // 4. Monotonic: head office's cursor never decreases; the register never acks beyond it.
      const before = this.seen.get(registerId) ?? 0;
      if (lastApplied < before)
        violations.push(
          `${registerId}: head office's last applied seq went from ${before} to ${lastApplied}`,
        );
      this.seen.set(registerId, lastApplied);
      if (acked > lastApplied)
        violations.push(`${registerId}: register acked ${acked} beyond head office's ${lastApplied}`);

      // 5. Drain: nothing left waiting.
      const lastSeq = outbox.at(-1)?.seq ?? 0;
      if (acked !== lastSeq)
        violations.push(
          `${registerId}: ${lastSeq - acked} events still waiting (acked ${acked} of ${lastSeq})`,
        );
      if (outbox.some((row, i) => row.seq !== i + 1))
        violations.push(`${registerId}: the outbox seqs have a gap`);

      // 6. Integrity.
      violations.push(...ledgerIntegrity(register));
    }

    // 3. Totals per store and day, per store and SKU, to the cent and the unit.
    const local = registerTotals(registers);
    const remote = await this.headOfficeTotals(ids);
    violations.push(...compareTotals('store/day total', local.byStoreDay, remote.byStoreDay));
    violations.push(...compareTotals('store/SKU', local.bySku, remote.bySku));
    return violations;
  }

  private async headOfficeTotals(registerIds: string[]): Promise<Totals> {
    const sales = await this.headOffice
      .selectFrom('sales')
      .select(['sale_id', 'store_id', 'completed_at', 'total_minor'])
      .where('register_id', 'in', registerIds)
      .execute();
    // A sale's lines are in its payload, as the register sent it.
    const received = await salesById(
      this.headOffice,
      sales.map((sale) => sale.sale_id),
    );
    const lines = sales.flatMap(({ sale_id, store_id }) =>
      (received.get(sale_id)?.lines ?? []).map((line) => ({ store_id, ...line })),
    );
    return totals(
      sales.map((sale) => ({
        storeId: sale.store_id,
        day: sale.completed_at.slice(0, 10),
        totalMinor: sale.total_minor,
      })),
      lines.map((line) => ({
        storeId: line.store_id,
        sku: line.sku,
        quantity: line.quantity,
        totalMinor: line.totalMinor,
      })),
    );
  }
}

/** `PRAGMA integrity_check` is ok; no sale without its lines' movements and its outbox row, and vice versa. */
export function ledgerIntegrity({ db, registerId }: { db: Database.Database; registerId: string }): string[] {
  const violations: string[] = [];
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') violations.push(`${registerId}: integrity_check says ${String(integrity)}`);
  const orphans = db
    .prepare(
      `SELECT s.receipt_number AS receipt,
         (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.sale_id) AS lines,
         (SELECT count(*) FROM stock_movements m WHERE m.document_id = s.sale_id AND m.reason = 'SALE') AS movements,
         (SELECT count(*) FROM outbox o WHERE o.seq = s.outbox_seq AND json_extract(o.payload, '$.saleId') = s.sale_id) AS events
       FROM sales s`,
    )
    .all() as { receipt: string; lines: number; movements: number; events: number }[];
  for (const sale of orphans) {
    if (sale.lines === 0 || sale.movements !== sale.lines || sale.events !== 1) {
      violations.push(
        `${registerId}: sale ${sale.receipt} has ${sale.lines} lines, ${sale.movements} movements, ${sale.events} outbox rows`,
      );
    }
  }
  const unsold = db
    .prepare(
      `SELECT o.seq FROM outbox o WHERE o.type = 'sale.completed'
         AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.outbox_seq = o.seq)`,
    )
    .all() as { seq: number }[];
  if (unsold.length > 0)
    violations.push(`${registerId}: outbox rows without their sale: ${range(unsold.map((row) => row.seq))}`);
  return violations;
}

function registerTotals(registers: RegisterLedger[]): Totals {
  const sales: { storeId: string; day: string; totalMinor: number }[] = [];
  const lines: { storeId: string; sku: string; quantity: number; totalMinor: number }[] = [];
  for (const { db } of registers) {
    sales.push(
      ...(db
        .prepare(
          'SELECT store_id AS storeId, substr(completed_at, 1, 10) AS day, total_minor AS totalMinor FROM sales',
        )
        .all() as typeof sales),
    );
    lines.push(
      ...(db
        .prepare(
          `SELECT s.store_id AS storeId, l.sku, l.quantity, l.total_minor AS totalMinor
           FROM sale_lines l JOIN sales s ON s.sale_id = l.sale_id`,
        )
        .all() as typeof lines),
    );
  }
  return totals(sales, lines);
}

function totals(
  sales: { storeId: string; day: string; totalMinor: number }[],
  lines: { storeId: string; sku: string; quantity: number; totalMinor: number }[],
): Totals {
  const byStoreDay = new Map<string, number>();
  for (const sale of sales) {
    const key = `${sale.storeId} ${sale.day}`;
    byStoreDay.set(key, (byStoreDay.get(key) ?? 0) + sale.totalMinor);
  }
  const bySku = new Map<string, { quantity: number; totalMinor: number }>();
  for (const line of lines) {
    const key = `${line.storeId} ${line.sku}`;
    const sum = bySku.get(key) ?? { quantity: 0, totalMinor: 0 };
    bySku.set(key, { quantity: sum.quantity + line.quantity, totalMinor: sum.totalMinor + line.totalMinor });
  }
  return { byStoreDay, bySku };
}

function compareTotals<T>(what: string, register: Map<string, T>, headOffice: Map<string, T>): string[] {
  const keys = new Set([...register.keys(), ...headOffice.keys()]);
  return [...keys]
    .filter((key) => JSON.stringify(register.get(key)) !== JSON.stringify(headOffice.get(key)))
    .map(
      (key) =>
        `${what} ${key}: registers ${JSON.stringify(register.get(key) ?? null)}, head office ${JSON.stringify(headOffice.get(key) ?? null)}`,
    );
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** [1, 2, 3, 7] → "1–3, 7" (at most 10 runs shown). */
function range(seqs: number[]): string {
  const runs: string[] = [];
  let start = seqs[0]!;
  for (let i = 1; i <= seqs.length; i += 1) {
    if (i < seqs.length && seqs[i] === seqs[i - 1]! + 1) continue;
    runs.push(start === seqs[i - 1] ? `${start}` : `${start}–${seqs[i - 1]}`);
    start = seqs[i]!;
  }
  return runs.length > 10
    ? `${runs.slice(0, 10).join(', ')} and ${runs.length - 10} more runs`
    : runs.join(', ');
}
