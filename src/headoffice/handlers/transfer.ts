/**
 * The three stages of a transfer (src/shared/documents/transfer.ts, head office's side in ../transfers.ts).
 *
 * - 'transfer.requested': the asking store is the register's; the store asked must be another one head office
 *   knows. Written as the transfer's request; it goes down to both stores.
 * - 'transfer.sent': from the register's store to another one head office knows. A transfer that was requested
 *   or planned must be sent by the store it was asked of, to the store that asked. On hand −q at the sender.
 * - 'transfer.received': only the store a transfer was sent to receives it. What head office holds of the send
 *   says what was sent (not the payload); good units go on hand at the receiver, and every short, over or damaged
 *   line is a 'transfer_discrepancy' exception of the receiving store.
 *
 * A stage that breaks these is a 'store_mismatch' and nothing of it is applied to either store.
 */
import {
  shortOf,
  type transferReceived,
  type TransferReceivedLine,
  type transferRequested,
  type transferSent,
} from '../../shared/documents/transfer.ts';
import { anyOf } from '../db/bulk.ts';
import { stagesOf, writeStages, type StageTable, type TransferStage } from '../transfers.ts';
import type { PayloadOf } from '../../shared/documents/registry.ts';
import {
  foundAt,
  lineMovements,
  type Batch,
  type DocumentHandler,
  type LineMove,
  type Received,
  type RegisterFinding,
} from './handler.ts';

type Requested = typeof transferRequested.type;
type Sent = typeof transferSent.type;
type ReceivedKind = typeof transferReceived.type;

/** The stores head office knows among these ids. */
async function knownStores({ ho, tx }: Batch, storeIds: string[]): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('stores')
    .select('id')
    .where('id', 'in', anyOf(ho.dialect, [...new Set(storeIds)]))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** The transfers head office holds under these ids: which stores they go between. */
async function existingTransfers(
  { ho, tx }: Batch,
  transferIds: string[],
): Promise<Map<string, { from: string; to: string }>> {
  const rows = await tx
    .selectFrom('transfers')
    .select(['transfer_id', 'from_store_id', 'to_store_id'])
    .where('transfer_id', 'in', anyOf(ho.dialect, [...new Set(transferIds)]))
    .execute();
  return new Map(rows.map((row) => [row.transfer_id, { from: row.from_store_id, to: row.to_store_id }]));
}

/** Keeps the documents `why` has nothing against; the others are store_mismatch findings. */
function sortOut<T extends Requested | Sent | ReceivedKind>(
  docs: Received<T>[],
  why: (doc: Received<T>) => string | null,
): { apply: Received<T>[]; findings: RegisterFinding[] } {
  const findings: RegisterFinding[] = [];
  const apply = docs.filter((doc) => {
    const problem = why(doc);
    if (problem === null) return true;
    findings.push(
      foundAt(doc.register)({
        seq: doc.seq,
        kind: 'store_mismatch',
        details: `${problem} Nothing of it was applied to either store.`,
      }),
    );
    return false;
  });
  return { apply, findings };
}

/** Why store `storeId` cannot move goods to or from store `other`; null when it can. */
const otherStoreProblem = (storeId: string, other: string, known: Set<string>): string | null => {
  if (other === storeId) return `it names its own store ${storeId} at both ends`;
  if (!known.has(other)) return `store ${other} is not one head office knows`;
  return null;
};

/**
 * A request's or send's references: the other store must be one head office knows (not its own), and a
 * transfer id already held must go between the same stores (`between`: from and to as this document says).
 */
async function checkOtherStore<T extends Requested | Sent>(
  batch: Batch,
  docs: Received<T>[],
  otherStoreOf: (payload: PayloadOf<T>) => string,
  between: (storeId: string, payload: PayloadOf<T>) => { from: string; to: string },
  say: (payload: PayloadOf<T>) => {
    otherStore: (problem: string) => string;
    takenId: (from: string, to: string) => string;
  },
): Promise<{ apply: Received<T>[]; findings: RegisterFinding[] }> {
  const [known, existing] = await Promise.all([
    knownStores(
      batch,
      docs.map((doc) => otherStoreOf(doc.payload)),
    ),
    existingTransfers(
      batch,
      docs.map((doc) => doc.payload.transferId),
    ),
  ]);
  return sortOut(docs, ({ register, payload }) => {
    const problem = otherStoreProblem(register.store_id, otherStoreOf(payload), known);
    if (problem) return say(payload).otherStore(problem);
    // The same document again is the rows' 'duplicate_document'.
    const other = existing.get(payload.transferId);
    const mine = between(register.store_id, payload);
    if (other && (other.from !== mine.from || other.to !== mine.to))
      return say(payload).takenId(other.from, other.to);
    return null;
  });
}

/** The rows' insert of a stage: each document as that stage of its transfer, with its register and seq. */
function insertStage<T extends Requested | Sent | ReceivedKind>(
  table: StageTable,
  stageOf: (
    payload: PayloadOf<T>,
    storeId: string,
  ) => Omit<TransferStage, 'registerId' | 'seq' | 'plannedBy'> & {
    number?: string;
  },
): (batch: Batch, docs: Received<T>[]) => Promise<string[]> {
  return ({ ho, tx, changes, receivedAt }, docs) =>
    writeStages(
      ho,
      tx,
      changes,
      table,
      docs.map(({ register, seq, payload }) => ({
        ...stageOf(payload, register.store_id),
        registerId: register.id,
        seq,
        plannedBy: null,
      })),
      receivedAt,
    );
}

export const transferRequestHandler: DocumentHandler<Requested> = {
  rows: {
    key: (request) => request.transferId,
    describe: (request) => `Transfer request ${request.transferId}`,
    insert: insertStage<Requested>('transfer_requests', (request, storeId) => ({
      transferId: request.transferId,
      fromStoreId: request.fromStoreId,
      toStoreId: storeId,
      at: request.requestedAt,
      note: request.note,
      lines: request.lines,
    })),
  },

  checkReferences: (batch, docs) =>
    checkOtherStore(
      batch,
      docs,
      (request) => request.fromStoreId,
      (storeId, request) => ({ from: request.fromStoreId, to: storeId }),
      (request) => {
        const what = `Transfer request ${request.transferId} asks store ${request.fromStoreId}`;
        return {
          otherStore: (problem) => `${what}, but ${problem}.`,
          takenId: (from, to) => `${what} under the id of a transfer from store ${from} to store ${to}.`,
        };
      },
    ),
};

export const transferSendHandler: DocumentHandler<Sent> = {
  rows: {
    key: (sent) => sent.transferId,
    describe: (sent) => `Transfer ${sent.number} (${sent.transferId})`,
    insert: insertStage<Sent>('transfer_sends', (sent, storeId) => ({
      transferId: sent.transferId,
      fromStoreId: storeId,
      toStoreId: sent.toStoreId,
      at: sent.sentAt,
      note: sent.note,
      lines: sent.lines,
      number: sent.number,
    })),
  },

  // A request or plan is sent under its own id, by the store it asks.
  checkReferences: (batch, docs) =>
    checkOtherStore(
      batch,
      docs,
      (sent) => sent.toStoreId,
      (storeId, sent) => ({ from: storeId, to: sent.toStoreId }),
      (sent) => {
        const what = `Transfer ${sent.number} to store ${sent.toStoreId}`;
        return {
          otherStore: (problem) => `${what}: ${problem}.`,
          takenId: (from, to) => `${what} uses the id of a transfer from store ${from} to store ${to}.`,
        };
      },
    ),

  // Out of on hand into the transfer's in transit (kept per transfer: the movements' ref), at the sender.
  movements: ({ register, seq, payload: sent }) =>
    lineMovements({ register, seq, ref: sent.transferId, occurredAt: sent.sentAt }, sent.lines, (line) => [
      { reason: 'TRANSFER_OUT', quantity: -line.quantity },
      { state: 'in_transit', reason: 'TRANSFER_OUT', quantity: line.quantity },
    ]),
};

/** The received lines with what head office holds as sent: a SKU sent but not scanned in arrived as none. */
function againstSent(send: TransferStage, lines: TransferReceivedLine[]): TransferReceivedLine[] {
  const sent = new Map(send.lines.map((line) => [line.sku, line]));
  const merged = new Map<string, TransferReceivedLine>();
  for (const line of send.lines)
    merged.set(line.sku, { sku: line.sku, name: line.name, sent: 0, received: 0, damaged: 0 });
  for (const line of lines) {
    const known = merged.get(line.sku);
    merged.set(line.sku, { ...line, sent: 0, name: known?.name ?? line.name });
  }
  for (const line of merged.values()) {
    const sentLine = sent.get(line.sku);
    line.sent = sentLine && 'quantity' in sentLine ? sentLine.quantity : 0;
  }
  return [...merged.values()];
}

/** Units received beyond what was sent (good or damaged); 0 when the line is short or exact. */
const overOf = (line: TransferReceivedLine): number => Math.max(0, -shortOf(line));

export const transferReceiveHandler: DocumentHandler<ReceivedKind> = {
  rows: {
    key: (received) => received.transferId,
    describe: (received) => `Receipt of transfer ${received.transferId}`,
    insert: insertStage<ReceivedKind>('transfer_receipts', (received, storeId) => ({
      transferId: received.transferId,
      fromStoreId: received.fromStoreId,
      toStoreId: storeId,
      at: received.receivedAt,
      note: received.note,
      lines: received.lines,
    })),
  },

  async checkReferences({ ho, tx }, docs) {
    const sends = await stagesOf(
      tx,
      ho.dialect,
      'transfer_sends',
      docs.map((doc) => doc.payload.transferId),
    );
    const { apply, findings } = sortOut(docs, ({ register, payload: received }) => {
      const send = sends.get(received.transferId);
      if (!send)
        return `Transfer ${received.transferId} was received at store ${register.store_id}, but head office holds no such transfer sent.`;
      if (send.toStoreId !== register.store_id)
        return `Transfer ${received.transferId} was sent to store ${send.toStoreId}, not to store ${register.store_id}: only the store it was sent to receives it.`;
      return null;
    });
    return {
      apply: apply.map((doc) => {
        const send = sends.get(doc.payload.transferId)!;
        const lines = againstSent(send, doc.payload.lines);
        return { ...doc, payload: { ...doc.payload, fromStoreId: send.fromStoreId, lines } };
      }),
      findings,
    };
  },

  /**
   * The transfer's in transit leaves the sending store, what arrived of it as TRANSFER_IN and what did not as a
   * DISCREPANCY, so it ends at zero (invariant 8). At the receiver the good units go on hand and the damaged ones
   * to the damaged state (a discrepancy). Units over what was sent go on hand at the receiver too and leave the
   * sender's on hand as a DISCREPANCY: they came from its shelf, though nobody scanned them out, so the goods
   * are counted once across the two stores (the exception says so).
   */
  movements: ({ register, seq, payload: received }) =>
    lineMovements(
      { register, seq, ref: received.transferId, occurredAt: received.receivedAt },
      received.lines,
      (line): LineMove[] => {
        const inTransit = { storeId: received.fromStoreId, state: 'in_transit' as const };
        const arrived = Math.min(line.sent, line.received + line.damaged);
        const lost = line.sent - arrived;
        const over = overOf(line);
        return [
          ...(arrived > 0 ? [{ ...inTransit, reason: 'TRANSFER_IN' as const, quantity: -arrived }] : []),
          ...(lost > 0 ? [{ ...inTransit, reason: 'DISCREPANCY' as const, quantity: -lost }] : []),
          ...(over > 0
            ? [{ storeId: received.fromStoreId, reason: 'DISCREPANCY' as const, quantity: -over }]
            : []),
          ...(line.received > 0 ? [{ reason: 'TRANSFER_IN' as const, quantity: line.received }] : []),
          ...(line.damaged > 0
            ? [{ state: 'damaged' as const, reason: 'DISCREPANCY' as const, quantity: line.damaged }]
            : []),
        ];
      },
    ),

  check: (_batch, docs) =>
    Promise.resolve(
      docs.flatMap(({ register, seq, payload: received }) =>
        received.lines
          .filter((line) => shortOf(line) !== 0 || line.damaged > 0)
          .map((line) => {
            const short = shortOf(line);
            const words = [
              short > 0 ? `${short} short` : short < 0 ? `${-short} over` : null,
              line.damaged > 0 ? `${line.damaged} damaged` : null,
            ].filter((word) => word !== null);
            return foundAt(register)({
              seq,
              kind: 'transfer_discrepancy',
              sku: line.sku,
              details:
                `Transfer ${received.transferId} from store ${received.fromStoreId}: SKU ${line.sku} (${line.name}) arrived ${words.join(' and ')}: ${line.sent} sent, ${line.received} received in good order.` +
                (short < 0
                  ? ` The ${-short} over were taken off store ${received.fromStoreId}'s on hand, where they were still counted; if they came from elsewhere, correct both stores with an adjustment.`
                  : ''),
            });
          }),
      ),
    ),
};
