/**
 * What head office does with one kind of document (src/shared/documents): the contract every handler in
 * index.ts fulfils. documents.ts applies a batch through the handlers, kind by kind in the registry's order, and
 * shifts.ts counts a shift through them. Nothing a handler does rejects a document: what head office disagrees
 * with becomes a finding, an exception for a person to review (SYNC.md: a completed sale is a fact).
 */
import type { DocumentType, PayloadOf } from '../../shared/documents/registry.ts';
import type { ShiftDocuments } from '../../shared/shift-totals.ts';
import type { ExceptionKind } from '../../shared/sync/admin-api.ts';
import type { ChangeWriter } from '../changes.ts';
import type { Executor, HeadOffice, Tx } from '../context.ts';
import type { Register } from '../db/schema.ts';
import type { Movement } from '../stock.ts';

export interface Finding {
  seq: number;
  kind: ExceptionKind;
  details: string;
  sku?: string;
}

/** A finding about an event of one register: an exception of that register's store. */
export interface RegisterFinding extends Finding {
  registerId: string;
  storeId: string;
}

/** The finding as one about `register`'s event. */
export const foundAt =
  (register: Pick<Register, 'id' | 'store_id'>) =>
  (finding: Finding): RegisterFinding => ({
    ...finding,
    registerId: register.id,
    storeId: register.store_id,
  });

/** What one line of a document moves: the rest of the movement is the document's (see lineMovements). */
export type LineMove = Pick<Movement, 'reason' | 'quantity'> &
  Partial<Pick<Movement, 'state' | 'actor' | 'unitCostMinor' | 'storeId'>>;

/**
 * A document's stock movements: `movesOf` says what each of its lines moves; each movement is of the line's SKU,
 * at the register's store (unless the move names another), under the document's id (`ref`), time, register and seq.
 */
export function lineMovements<L extends { sku: string }>(
  document: { register: Register; seq: number; ref: string; occurredAt: string },
  lines: readonly L[],
  movesOf: (line: L) => LineMove[],
): Movement[] {
  const { register, seq, ref, occurredAt } = document;
  return lines.flatMap((line) =>
    movesOf(line).map((move) => ({
      storeId: register.store_id,
      sku: line.sku,
      ref,
      registerId: register.id,
      seq,
      occurredAt,
      ...move,
    })),
  );
}

/** A document as head office received it: its event's payload read as its kind's current version. */
export interface Received<T extends DocumentType = DocumentType> {
  type: T;
  /** The register that pushed it: its store is the document's store (the token says so, not the payload). */
  register: Register;
  seq: number;
  payload: PayloadOf<T>;
}

/** What the handlers of one batch share. */
export interface Batch {
  ho: HeadOffice;
  tx: Tx;
  /** The transaction's downstream changes (a transfer goes down to its stores when a stage of it is written). */
  changes: ChangeWriter;
  receivedAt: string;
  /** Head office's currency of each store that pushed in this batch (read once, when first asked). */
  storeCurrencies: () => Promise<ReadonlyMap<string, string>>;
}

/** A batch whose documents are written: the catalog prices of the SKUs they move are known. */
export interface WrittenBatch extends Batch {
  /** Head office's price of each SKU the batch moves; a SKU its catalog does not have is absent. */
  prices: ReadonlyMap<string, number>;
}

/** What documents of a shift add to head office's count of it, and what it could not count, in words. */
export interface ShiftPart {
  documents: Partial<ShiftDocuments>;
  missing: string[];
}

export interface DocumentHandler<T extends DocumentType> {
  /**
   * Documents with rows of their own (a sale, a return…). Absent for kinds that are only kept: their
   * received_events row is the record.
   */
  rows?: {
    /** The document's own id: one that arrives again, under another seq, is a 'duplicate_document', applied once. */
    key: (payload: PayloadOf<T>) => string;
    /** The document in a few words, for exceptions: "Sale 0193… (receipt R1-000042)". */
    describe: (payload: PayloadOf<T>) => string;
    /** Writes the rows of documents head office does not have yet, in one statement per table; returns the keys written. */
    insert: (batch: Batch, docs: Received<T>[]) => Promise<string[]>;
  };
  /**
   * Checks the documents these name (a sale a return takes goods of, a sale a void cancels) against the pushing
   * register's store, before any of them is written; earlier kinds of the batch are written already, so a kind
   * comes after the kinds it refers to in the registry. Returns the documents to apply, changed where a
   * reference must not hold, and why: another store's documents are never changed ('store_mismatch').
   */
  checkReferences?: (
    batch: Batch,
    docs: Received<T>[],
  ) => Promise<{ apply: Received<T>[]; findings: RegisterFinding[] }>;
  /** The stock movements a document records, at its register's store. */
  movements?: (doc: Received<T>) => Movement[];
  /** Findings about documents just applied, once every kind of the batch is written. */
  check?: (batch: WrittenBatch, docs: Received<T>[]) => Promise<RegisterFinding[]>;
  /** What the register's documents of shift `shiftId` (each once, in seq order) add to the shift's count. */
  countInShift?: (
    db: Executor,
    register: Pick<Register, 'id' | 'store_id'>,
    shiftId: string,
    docs: { seq: number; payload: PayloadOf<T> }[],
  ) => Promise<ShiftPart> | ShiftPart;
}
