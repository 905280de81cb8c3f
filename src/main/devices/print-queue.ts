/**
 * Receipts (of sales, returns and voids) and slips (X and Z reports) waiting for the printer, kept in the
 * ledger (print_jobs): a job's kind is 'receipt' for a first print and 'reprint' for a copy, its document says
 * what it is. Jobs print one at a time, oldest first, failed ones included, so receipts come out in sale order.
 * A job that fails is kept as 'failed' with the reason and tried again on the next round: when the printer
 * comes back, when the next sale is made, or when someone presses retry. Nothing here can fail or delay the
 * sale it belongs to.
 */
import type { PrintJobReport, PrintJobState, PrintQueueReport } from '../../shared/domain.ts';
import { CounterError } from '../../shared/errors.ts';
import type { PrintDocument } from '../../shared/receipt.ts';
import type { Db } from '../ledger/database.ts';

export interface PrintQueueDeps {
  db: Db;
  now: () => Date;
  /** Prints one document or throws why not; null while no printer is set up (jobs then wait). */
  printer: () => ((doc: PrintDocument) => Promise<void>) | null;
  /** Called after any job changes state, so the status bar can follow. */
  onChange: () => void;
}

interface JobRow {
  id: number;
  sale_id: string | null;
  document: string;
  status: PrintJobState;
  attempts: number;
  last_error: string | null;
}

const toReport = (row: JobRow): PrintJobReport => ({
  jobId: row.id,
  saleId: row.sale_id,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
});

/**
 * For a customer's erasure: her name printed on her sales' receipts (and reprints) stays in the queue's
 * documents, so it is blanked there too. Runs in the caller's transaction.
 */
export function printedNameBlanker(db: Db): (customerId: string) => void {
  const blank = db.prepare<[string]>(
    `UPDATE print_jobs SET document = json_set(document, '$.customer', NULL)
     WHERE sale_id IN (SELECT document_id FROM customer_documents WHERE customer_id = ?)
       AND json_extract(document, '$.customer') IS NOT NULL`,
  );
  return (customerId) => {
    blank.run(customerId);
  };
}

export class PrintQueue {
  private readonly deps: PrintQueueDeps;
  private readonly statements;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private again = false;
  private stopped = false;

  constructor(deps: PrintQueueDeps) {
    this.deps = deps;
    const { db } = deps;
    this.statements = {
      insert: db.prepare<[string, string | null, string, string, string], JobRow>(
        `INSERT INTO print_jobs (kind, sale_id, document, status, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?) RETURNING id, sale_id, document, status, attempts, last_error`,
      ),
      next: db.prepare<[], JobRow>(
        `SELECT id, sale_id, document, status, attempts, last_error FROM print_jobs
         WHERE status IN ('queued', 'failed') ORDER BY id LIMIT 1`,
      ),
      get: db.prepare<[number], JobRow>(
        'SELECT id, sale_id, document, status, attempts, last_error FROM print_jobs WHERE id = ?',
      ),
      start: db.prepare<[string, number]>(
        `UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ?`,
      ),
      done: db.prepare<[string, string, number]>(
        `UPDATE print_jobs SET status = 'done', last_error = NULL, updated_at = ?, printed_at = ? WHERE id = ?`,
      ),
      fail: db.prepare<[string, string, number]>(
        `UPDATE print_jobs SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ?`,
      ),
      // A job caught mid-print by a crash or power cut prints again: a second copy beats a lost receipt.
      resumeInterrupted: db.prepare(`UPDATE print_jobs SET status = 'queued' WHERE status = 'printing'`),
      counts: db.prepare<[], { queued: number; failed: number }>(
        `SELECT COALESCE(SUM(status IN ('queued', 'printing')), 0) AS queued, COALESCE(SUM(status = 'failed'), 0) AS failed
         FROM print_jobs WHERE status <> 'done'`,
      ),
      lastError: db.prepare<[], { last_error: string }>(
        `SELECT last_error FROM print_jobs WHERE status = 'failed' ORDER BY id LIMIT 1`,
      ),
    };
    this.statements.resumeInterrupted.run();
  }

  /** No more printing or ledger writes: the app is shutting down. A job cut off mid-print prints on restart. */
  stop(): void {
    this.stopped = true;
  }

  /** `saleId`: the sale a receipt is for (null for other documents). */
  enqueue(kind: 'receipt' | 'reprint', saleId: string | null, doc: PrintDocument): PrintJobReport {
    const at = this.deps.now().toISOString();
    const row = this.statements.insert.get(kind, saleId, JSON.stringify(doc), at, at)!;
    this.deps.onChange();
    return toReport(row);
  }

  job(jobId: number): PrintJobReport {
    const row = this.statements.get.get(jobId);
    if (!row) throw new CounterError('NOT_FOUND', `There is no print job ${jobId}.`);
    return toReport(row);
  }

  report(): PrintQueueReport {
    const counts = this.statements.counts.get() ?? { queued: 0, failed: 0 };
    return {
      queued: counts.queued,
      failed: counts.failed,
      lastError: this.statements.lastError.get()?.last_error ?? null,
    };
  }

  /**
   * Prints queued jobs, oldest first, until none is left or one fails (the rest then wait, so receipts keep
   * their order). Resolves when that is done; a call while printing makes the running round look again.
   */
  drain(): Promise<void> {
    this.again = true;
    if (!this.busy) {
      this.busy = true;
      this.running = this.loop();
    }
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        await this.printQueued();
      }
    } finally {
      this.busy = false;
    }
  }

  private async printQueued(): Promise<void> {
    while (!this.stopped) {
      const print = this.deps.printer();
      const job = print ? this.statements.next.get() : undefined;
      if (!print || !job) return;
      this.statements.start.run(this.deps.now().toISOString(), job.id);
      this.deps.onChange();
      try {
        await print(JSON.parse(job.document) as PrintDocument);
        if (this.stopped) return;
        const at = this.deps.now().toISOString();
        this.statements.done.run(at, at, job.id);
        this.deps.onChange();
      } catch (error) {
        if (this.stopped) return;
        const message = error instanceof Error ? error.message : String(error);
        this.statements.fail.run(message, this.deps.now().toISOString(), job.id);
        this.deps.onChange();
        return;
      }
    }
  }
}
