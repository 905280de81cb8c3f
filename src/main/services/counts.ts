/**
 * Stock counts at the register (issue 15): open a count, count into it by scanning or typing, submit. Lines are
 * a draft until submitted (like an open sale); submitting sends them to head office in one transaction, as
 * count.submitted events of at most COUNT_LINES_PER_EVENT lines, and makes them final. The register's own stock
 * does not move: head office compares each line with what was expected when it was counted, a manager approves,
 * and the new figures come back down the stock stream.
 *
 * Several registers of a store count one count (its id): a count opened here goes up as 'count.opened' and head
 * office announces it on the 'counts' stream, with those it opened itself, so a person at any register of the
 * store joins it and counts into it; each register submits its own lines and head office merges them. A manager
 * reviews the merged count (head office's variance, asked for over the sync connection) and approves it here: a
 * 'count.approved' document, which head office applies; the new figures come back on the stock stream.
 *
 * A scan of the SKU just counted adds one to its line (or, for goods sold by kg, the weight on its scale label);
 * any other scan starts a line, so the same SKU on two shelves is two lines that add up. Codes are read as the
 * sale reads them (src/main/services/sale/scan.ts): a weighed product's plain code carries no weight, so it
 * counts nothing and the screen asks for the kilograms. Each call returns the one line it changed (never the whole count), so a
 * count of 10,000 lines costs the same per scan as one of ten.
 */
import {
  COUNT_LINES_PER_EVENT,
  countSheetDocument,
  describeScope,
  MAX_COUNT_LINES,
  type CountLine,
  type CountLineChange,
  type CountScan,
  type CountScope,
  type CountSubmission,
  type CountSummary,
  type JoinableCount,
  type OpenCount,
  storeCountOf,
  storedCountOf,
  type StoreCount,
  type StoredCount,
  type UncountedChoice,
} from '../../shared/counts.ts';
import {
  countApproved,
  countOpened,
  countSubmitted,
  type CountPayload,
} from '../../shared/documents/count.ts';
import type { CountDetail } from '../../shared/sync/counts-api.ts';
import type { ProductHit, Unit } from '../../shared/domain.ts';
import type { TextDocument } from '../../shared/receipt.ts';
import { CounterError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { registerLabel } from '../../shared/settings.ts';
import type { Approval } from '../../shared/permissions.ts';
import type { Db } from '../ledger/database.ts';
import type { AppendOutbox } from '../ledger/outbox.ts';
import { pickedProduct, type CatalogService } from './catalog.ts';
import type { PeopleService } from './people.ts';
import type { SettingsService } from './settings.ts';
import type { StockService } from './stock.ts';
import { resolveScan } from './sale/scan.ts';

export interface CountsService {
  /** The catalog's categories, for the scope picker. */
  categories(): string[];
  /** The count open at this register, with its lines; null when none is. */
  current(): OpenCount | null;
  /** Opens a count; needs 'stock.count'. One count is open at a time. */
  open(input: { scope: CountScope; blind: boolean; approval?: Approval }): OpenCount;
  /**
   * A scanned or typed code: one more of that product, or the weight on its scale label; for a weighed
   * product's plain code, nothing yet: `weigh` asks for its weight (then `addProduct`).
   */
  scan(code: string): CountScan;
  /** A product picked by search, with the quantity counted (a new line). */
  addProduct(productId: number, quantity: number): CountLineChange;
  /** A typed quantity for a line not yet submitted. */
  setQuantity(lineNo: number, quantity: number): CountLineChange;
  /** The open count as a sheet for the receipt printer. */
  sheet(): TextDocument;
  /** Sends the unsent lines to head office and closes the count here; needs 'stock.count'. */
  submit(approval?: Approval): CountSubmission;
  /**
   * Sends this register's on hand to head office as its opening count (count.submitted with `opening`), as of
   * `at`, by `by`; call it inside the enrolment's transaction. Nothing is sent when no stock ever moved here.
   * Returns how many SKUs it sent.
   */
  sendOpeningStock(at: string, by: string): number;
  /** The store's counts head office announced (and those opened here), newest first, with what this register did. */
  storeCounts(): JoinableCount[];
  /** Counts into a count of the store (opened at head office or another register); needs 'stock.count'. */
  join(countId: string, approval?: Approval): OpenCount;
  /** The count with every register's lines merged, as head office has them; needs 'stock.count.approve'. */
  review(countId: string, approval?: Approval): Promise<CountDetail>;
  /** Approves the count: a document to head office, which applies it; needs 'stock.count.approve'. */
  approve(input: { countId: string; uncounted: UncountedChoice; approval?: Approval }): JoinableCount;
  /** A count as head office announced it (the 'counts' stream), in the caller's transaction. */
  saveFromHeadOffice(count: StoreCount, at: string): void;
}

/** Head office's merged review of a count; null when it could not be asked (offline, no answer in time). */
export type CountReviewSource = (
  countId: string,
) => Promise<{ status: 'found'; count: CountDetail } | { status: 'not_found' } | null>;

export interface CountsDeps {
  db: Db;
  now: () => Date;
  settings: Pick<SettingsService, 'register' | 'store' | 'barcodeOptions'>;
  catalog: Pick<CatalogService, 'lookupCode' | 'productById'>;
  /** On hand here as the counter shows it: head office's figure plus this register's movements since. */
  stock: Pick<StockService, 'availability'>;
  people: Pick<PeopleService, 'authorize' | 'check' | 'requireUser' | 'userRef'>;
  appendOutbox: AppendOutbox;
  /** Absent: head office cannot be asked (tests, or before sync is built). */
  review?: CountReviewSource;
}

interface StoreCountRow extends StoredCount {
  opened_at_register_name: string | null;
  approval_seq: number | null;
  here: 'open' | 'submitted' | null;
}

/** How many of the store's counts the register lists. */
const STORE_COUNTS_SHOWN = 50;

interface CountRow {
  count_id: string;
  scope: string;
  blind: number;
  opened_at: string;
  opened_by: string;
  status: 'open' | 'submitted';
  line_count: number;
  unsubmitted: number;
}

/** The open count as a scan needs it. */
type ActiveCount = Omit<CountRow, 'unsubmitted'>;

interface LineRow {
  line_no: number;
  product_id: number;
  sku: string;
  name: string;
  quantity: number;
  counted_at: string;
  counted_by: string;
  expected: number;
  submission_id: string | null;
  unit: Unit;
}

// The unit is the catalog's: a line counts grams of goods sold by kg.
const lineColumns = `l.line_no, l.product_id, l.sku, l.name, l.quantity, l.counted_at, l.counted_by, l.expected,
  l.submission_id, coalesce(p.unit, 'each') AS unit FROM count_lines l LEFT JOIN products p ON p.id = l.product_id`;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export function createCountsService(deps: CountsDeps): CountsService {
  const { db, now, settings, catalog, stock, people, appendOutbox } = deps;
  const statements = {
    open: db.prepare<[], CountRow>(
      `SELECT c.*, (SELECT count(*) FROM count_lines l WHERE l.count_id = c.count_id) AS line_count,
         (SELECT count(*) FROM count_lines l WHERE l.count_id = c.count_id AND l.submission_id IS NULL) AS unsubmitted
       FROM counts c WHERE status = 'open'`,
    ),
    // What a scan needs, from the primary key alone: lines are numbered 1..n, so the last number is the count.
    active: db.prepare<[], ActiveCount>(
      `SELECT c.*, coalesce((SELECT max(line_no) FROM count_lines l WHERE l.count_id = c.count_id), 0) AS line_count
       FROM counts c WHERE status = 'open'`,
    ),
    insertCount: db.prepare<[string, string, number, string, string]>(
      `INSERT INTO counts (count_id, scope, blind, opened_at, opened_by, status) VALUES (?, ?, ?, ?, ?, 'open')`,
    ),
    lines: db.prepare<[string], LineRow>(`SELECT ${lineColumns} WHERE count_id = ? ORDER BY line_no`),
    line: db.prepare<[string, number], LineRow>(`SELECT ${lineColumns} WHERE count_id = ? AND line_no = ?`),
    lastLine: db.prepare<[string], LineRow>(
      `SELECT ${lineColumns} WHERE count_id = ? ORDER BY line_no DESC LIMIT 1`,
    ),
    insertLine: db.prepare<[string, number, number, string, string, number, string, string, number]>(
      `INSERT INTO count_lines (count_id, line_no, product_id, sku, name, quantity, counted_at, counted_by, expected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setLine: db.prepare<[number, string, string, string, number]>(
      `UPDATE count_lines SET quantity = ?, counted_at = ?, counted_by = ? WHERE count_id = ? AND line_no = ?`,
    ),
    unsent: db.prepare<[string], LineRow>(
      `SELECT ${lineColumns} WHERE count_id = ? AND submission_id IS NULL ORDER BY line_no`,
    ),
    insertSubmission: db.prepare<[string, string, string, string, number, number]>(
      `INSERT INTO count_submissions (submission_id, count_id, submitted_at, submitted_by, line_count, outbox_seq)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    markSent: db.prepare<[string, string, number, number]>(
      `UPDATE count_lines SET submission_id = ? WHERE count_id = ? AND line_no BETWEEN ? AND ?
         AND submission_id IS NULL`,
    ),
    categories: db.prepare<[], { name: string }>('SELECT name FROM categories ORDER BY name'),
    close: db.prepare<[string]>(`UPDATE counts SET status = 'submitted' WHERE count_id = ?`),
    storeCounts: db.prepare<[number], StoreCountRow>(
      `SELECT s.*, c.status AS here FROM store_counts s LEFT JOIN counts c ON c.count_id = s.count_id
       ORDER BY s.opened_at DESC, s.count_id DESC LIMIT ?`,
    ),
    storeCount: db.prepare<[string], StoreCountRow>(
      `SELECT s.*, c.status AS here FROM store_counts s LEFT JOIN counts c ON c.count_id = s.count_id
       WHERE s.count_id = ?`,
    ),
    // Head office's word wins, but an approval sent from here stays known until head office confirms it.
    saveStoreCount: db.prepare<Omit<StoreCountRow, 'here' | 'approval_seq'> & { updated_at: string }>(
      `INSERT INTO store_counts (count_id, store_id, scope, blind, opened_at, opened_by, opened_at_register,
         opened_at_register_name, status, approved_at, approved_by, updated_at)
       VALUES (:count_id, :store_id, :scope, :blind, :opened_at, :opened_by, :opened_at_register,
         :opened_at_register_name, :status, :approved_at, :approved_by, :updated_at)
       ON CONFLICT(count_id) DO UPDATE SET store_id = excluded.store_id, scope = excluded.scope,
         blind = excluded.blind, opened_at = excluded.opened_at, opened_by = excluded.opened_by,
         opened_at_register = excluded.opened_at_register,
         opened_at_register_name = excluded.opened_at_register_name, status = excluded.status,
         approved_at = excluded.approved_at, approved_by = excluded.approved_by, updated_at = excluded.updated_at
       WHERE store_counts.status = 'open'`,
    ),
    joinCount: db.prepare<[string, string, number, string, string]>(
      `INSERT INTO counts (count_id, scope, blind, opened_at, opened_by, status) VALUES (?, ?, ?, ?, ?, 'open')
       ON CONFLICT(count_id) DO UPDATE SET status = 'open'`,
    ),
    markApprovalSent: db.prepare<[number, string, string]>(
      'UPDATE store_counts SET approval_seq = ?, updated_at = ? WHERE count_id = ?',
    ),
  };

  const joinableOf = (row: StoreCountRow): JoinableCount => ({
    ...storeCountOf(row, row.opened_at_register_name),
    here: row.here === 'open' ? 'counting' : row.here,
    approvalSent: row.approval_seq !== null,
  });

  const saveStoreCount = (count: StoreCount, at: string): void => {
    statements.saveStoreCount.run({
      ...storedCountOf(count),
      opened_at_register_name: count.openedAtRegister?.name ?? null,
      updated_at: at,
    });
  };

  const findStoreCount = (countId: string): StoreCountRow => {
    const row = statements.storeCount.get(countId);
    if (!row) {
      throw new CounterError(
        'NOT_FOUND',
        `Count ${countId} is not one of this store's counts: sync with head office and pick it from the list again.`,
      );
    }
    return row;
  };

  const summaryOf = (row: CountRow): CountSummary => ({
    countId: row.count_id,
    scope: JSON.parse(row.scope) as CountScope,
    blind: row.blind === 1,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    status: row.status,
    lineCount: row.line_count,
    unsubmittedLines: row.unsubmitted,
  });
  const lineOf = (row: LineRow, blind: boolean): CountLine => ({
    lineNo: row.line_no,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    quantity: row.quantity,
    countedAt: row.counted_at,
    countedBy: row.counted_by,
    submitted: row.submission_id !== null,
    expected: blind ? null : row.expected,
    unit: row.unit,
  });

  const requireOpen = (): ActiveCount => {
    const row = statements.active.get();
    if (!row) throw new CounterError('NOT_FOUND', 'No count is open at this register: open one first.');
    return row;
  };

  const inScope = (scope: CountScope, product: ProductHit): boolean => {
    if (scope.kind === 'store') return true;
    if (scope.kind === 'skus') return scope.skus.includes(product.sku);
    return product.category !== null && scope.categories.includes(product.category);
  };

  const requireInScope = (count: ActiveCount, product: ProductHit): void => {
    const scope = JSON.parse(count.scope) as CountScope;
    if (!inScope(scope, product)) {
      throw new CounterError(
        'NOT_ALLOWED',
        `${product.name} (${product.sku}) is not in this count (${describeScope(scope)}): put it aside for a count that covers it.`,
      );
    }
  };

  /** `scanned`: a scan adds to the line just counted when it is the same product; a picked product never does. */
  const addLine = (
    count: ActiveCount,
    product: ProductHit,
    quantity: number,
    scanned: boolean,
  ): CountLineChange => {
    requireInScope(count, product);
    const countedBy = people.requireUser().userId;
    const countedAt = now().toISOString();
    const last = statements.lastLine.get(count.count_id);
    if (scanned && last && last.product_id === product.id && last.submission_id === null) {
      statements.setLine.run(last.quantity + quantity, countedAt, countedBy, count.count_id, last.line_no);
      return changed(count, last.line_no, count.line_count);
    }
    if (count.line_count >= MAX_COUNT_LINES) {
      throw new CounterError(
        'NOT_ALLOWED',
        `This count has ${MAX_COUNT_LINES.toLocaleString('en')} lines, the most one register holds: submit it and open another count for the rest.`,
      );
    }
    const lineNo = (last?.line_no ?? 0) + 1;
    statements.insertLine.run(
      count.count_id,
      lineNo,
      product.id,
      product.sku,
      product.name,
      quantity,
      countedAt,
      countedBy,
      stock.availability(product.id).onHandHere,
    );
    return changed(count, lineNo, count.line_count + 1);
  };

  const changed = (count: ActiveCount, lineNo: number, lineCount: number): CountLineChange => ({
    line: lineOf(statements.line.get(count.count_id, lineNo)!, count.blind === 1),
    lineCount,
  });

  const scan = db.transaction((code: string): CountScan => {
    const count = requireOpen();
    const { product, quantity } = resolveScan(catalog, code, settings.barcodeOptions(), now());
    if (product.unit === 'kg' && quantity === undefined) {
      requireInScope(count, product);
      return { weigh: product };
    }
    return addLine(count, product, quantity ?? 1, true);
  });

  const addProduct = db.transaction((productId: number, quantity: number): CountLineChange => {
    const count = requireOpen();
    const product = pickedProduct(catalog, productId);
    return addLine(count, product, quantity, false);
  });

  const setQuantity = db.transaction((lineNo: number, quantity: number): CountLineChange => {
    const count = requireOpen();
    const line = statements.line.get(count.count_id, lineNo);
    if (!line)
      throw new CounterError('NOT_FOUND', `Line ${lineNo} is not in this count: scan the item again.`);
    if (line.submission_id !== null) {
      throw new CounterError(
        'NOT_ALLOWED',
        `Line ${lineNo} was sent to head office already: count the difference as a new line.`,
      );
    }
    statements.setLine.run(
      quantity,
      now().toISOString(),
      people.requireUser().userId,
      count.count_id,
      lineNo,
    );
    return changed(count, lineNo, count.line_count);
  });

  const open = db.transaction((input: { scope: CountScope; blind: boolean; approval?: Approval }) => {
    if (statements.open.get()) {
      throw new CounterError(
        'NOT_ALLOWED',
        'A count is open at this register already: submit it before opening another.',
      );
    }
    const countId = newId();
    const who = people.authorize('stock.count', input.approval, {
      countId,
      opened: describeScope(input.scope),
      blind: input.blind,
    });
    const openedAt = now().toISOString();
    statements.insertCount.run(
      countId,
      JSON.stringify(input.scope),
      input.blind ? 1 : 0,
      openedAt,
      who.userId,
    );
    // Announced through head office, so the store's other registers can join it.
    const { storeId, registerId } = settings.register();
    const announced: StoreCount = {
      countId,
      storeId,
      scope: input.scope,
      blind: input.blind,
      openedAt,
      openedBy: who.userId,
      openedAtRegister: { id: registerId, name: registerLabel(registerId, settings.register()) },
      status: 'open',
      approvedAt: null,
      approvedBy: null,
    };
    appendOutbox(countOpened.type, openedAt, {
      countId,
      storeId,
      registerId,
      scope: input.scope,
      blind: input.blind,
      openedAt,
      openedBy: who.userId,
    });
    saveStoreCount(announced, openedAt);
    return { ...summaryOf(statements.open.get()!), lines: [] };
  });

  // Every SKU that ever moved here: one sold out before enrolment is counted at zero, so the sales that emptied it,
  // which go up too, do not take head office below zero. Stock below zero is left out (a count cannot be
  // negative): those sales then take head office to the same figure as here.
  const openingStock = db.prepare<[], { sku: string; quantity: number }>(
    `SELECT p.sku, b.on_hand AS quantity FROM stock_balances b JOIN products p ON p.id = b.product_id
     WHERE b.on_hand >= 0 ORDER BY p.sku`,
  );
  const sendOpeningStock = (at: string, by: string): number => {
    const stocked = openingStock.all();
    const { storeId, registerId } = settings.register();
    // One count per event, so head office can apply or keep each part on its own.
    for (const part of chunks(stocked, COUNT_LINES_PER_EVENT)) {
      const payload: CountPayload = {
        submissionId: newId(),
        countId: newId(),
        storeId,
        registerId,
        scope: { kind: 'store' },
        blind: false,
        openedAt: at,
        openedBy: by,
        submittedAt: at,
        submittedBy: by,
        lines: part.map(({ sku, quantity }) => ({ sku, quantity, countedAt: at, countedBy: by })),
        opening: true,
      };
      appendOutbox(countSubmitted.type, at, payload);
    }
    return stocked.length;
  };

  const join = db.transaction((countId: string, approval?: Approval): OpenCount => {
    const open = statements.open.get();
    if (open && open.count_id !== countId) {
      throw new CounterError(
        'NOT_ALLOWED',
        'A count is open at this register already: submit it before joining another.',
      );
    }
    const count = findStoreCount(countId);
    if (count.status === 'approved' || count.approval_seq !== null) {
      throw new CounterError(
        'NOT_ALLOWED',
        `Count ${countId} was approved already: open a new count to count again.`,
      );
    }
    people.authorize('stock.count', approval, {
      countId,
      joined: describeScope(JSON.parse(count.scope) as CountScope),
    });
    // Joining again after submitting reopens it here: the lines sent stay final, new ones go up next time.
    statements.joinCount.run(count.count_id, count.scope, count.blind, count.opened_at, count.opened_by);
    return current()!;
  });

  const approve = db.transaction(
    (input: { countId: string; uncounted: UncountedChoice; approval?: Approval }): JoinableCount => {
      const count = findStoreCount(input.countId);
      if (count.status === 'approved' || count.approval_seq !== null) {
        throw new CounterError(
          'NOT_ALLOWED',
          `Count ${input.countId} was approved already${count.approved_by ? ` by ${count.approved_by}` : ''}: there is nothing left to approve.`,
        );
      }
      const here = statements.open.get();
      if (here?.count_id === input.countId) {
        throw new CounterError(
          'NOT_ALLOWED',
          'This register is still counting into this count: submit its lines first, then approve.',
        );
      }
      const who = people.authorize('stock.count.approve', input.approval, {
        countId: input.countId,
        uncounted: input.uncounted,
      });
      const { storeId, registerId } = settings.register();
      const approvedAt = now().toISOString();
      const seq = appendOutbox(countApproved.type, approvedAt, {
        countId: input.countId,
        storeId,
        registerId,
        uncounted: input.uncounted,
        approvedAt,
        approvedBy: people.userRef(who.approverId ?? who.userId),
      });
      statements.markApprovalSent.run(seq, approvedAt, input.countId);
      return joinableOf(findStoreCount(input.countId));
    },
  );

  const review = async (countId: string, approval?: Approval): Promise<CountDetail> => {
    people.check('stock.count.approve', approval);
    findStoreCount(countId);
    const answer = (await deps.review?.(countId)) ?? null;
    if (answer === null) {
      throw new CounterError(
        'HEAD_OFFICE_UNREACHABLE',
        'Head office did not answer: the merged count is there. Check the connection and try again.',
      );
    }
    if (answer.status === 'not_found') {
      throw new CounterError(
        'NOT_FOUND',
        `Head office has no lines of count ${countId} yet: submit them at the registers that counted, then review again.`,
      );
    }
    return answer.count;
  };

  const submit = db.transaction((approval?: Approval): CountSubmission => {
    const count = requireOpen();
    const unsent = statements.unsent.all(count.count_id);
    const who = people.authorize('stock.count', approval, {
      countId: count.count_id,
      submittedLines: unsent.length,
    });
    const { storeId, registerId } = settings.register();
    const submittedAt = now().toISOString();
    // An empty submission still goes up: head office learns this register finished counting.
    const parts = unsent.length === 0 ? [[]] : chunks(unsent, COUNT_LINES_PER_EVENT);
    for (const part of parts) {
      const submissionId = newId();
      const payload: CountPayload = {
        submissionId,
        countId: count.count_id,
        storeId,
        registerId,
        scope: JSON.parse(count.scope) as CountScope,
        blind: count.blind === 1,
        openedAt: count.opened_at,
        openedBy: count.opened_by,
        submittedAt,
        submittedBy: who.userId,
        lines: part.map((line) => ({
          sku: line.sku,
          quantity: line.quantity,
          countedAt: line.counted_at,
          countedBy: line.counted_by,
        })),
      };
      const seq = appendOutbox(countSubmitted.type, submittedAt, payload);
      statements.insertSubmission.run(
        submissionId,
        count.count_id,
        submittedAt,
        who.userId,
        part.length,
        seq,
      );
      if (part.length > 0)
        statements.markSent.run(submissionId, count.count_id, part[0]!.line_no, part.at(-1)!.line_no);
    }
    statements.close.run(count.count_id);
    return { countId: count.count_id, lines: unsent.length, events: parts.length };
  });

  const current = (): OpenCount | null => {
    const row = statements.open.get();
    if (!row) return null;
    const blind = row.blind === 1;
    return {
      ...summaryOf(row),
      lines: statements.lines.all(row.count_id).map((line) => lineOf(line, blind)),
    };
  };

  return {
    categories: () => statements.categories.all().map((row) => row.name),
    current,
    sheet: () => {
      const count = current();
      if (!count)
        throw new CounterError('NOT_FOUND', 'No count is open at this register: there is no sheet to print.');
      const { storeName, locale } = settings.store();
      return countSheetDocument(count, { storeName, locale, register: settings.register() });
    },
    open: (input) => open.immediate(input),
    scan: (code) => scan.immediate(code),
    addProduct: (productId, quantity) => addProduct.immediate(productId, quantity),
    setQuantity: (lineNo, quantity) => setQuantity.immediate(lineNo, quantity),
    submit: (approval) => submit.immediate(approval),
    sendOpeningStock,
    storeCounts: () => statements.storeCounts.all(STORE_COUNTS_SHOWN).map(joinableOf),
    join: (countId, approval) => join.immediate(countId, approval),
    review,
    approve: (input) => approve.immediate(input),
    saveFromHeadOffice: saveStoreCount,
  };
}
