/**
 * Every kind of document a register sends head office, declared once (kind.ts says what a declaration holds).
 * The register's outbox is typed by it, head office has one handler per kind (src/headoffice/handlers), and the
 * screens name events by it. To add a kind, follow docs/architecture.md.
 */
import { adjustmentCompleted } from './adjustment.ts';
import { auditRecorded } from './audit.ts';
import { countSubmitted } from './count.ts';
import { receiptCompleted } from './goods-receipt.ts';
import { purchaseOrderDrafted } from './purchase-order.ts';
import { customerCreated } from './customer.ts';
import type { DocumentKind } from './kind.ts';
import { returnCompleted } from './return.ts';
import { saleCompleted } from './sale.ts';
import { shiftClosed } from './shift.ts';
import { transferReceived, transferRequested, transferSent } from './transfer.ts';
import { saleVoided } from './void.ts';

// A customer comes before the sales and returns that name them.
export const documentKinds = [
  customerCreated,
  saleCompleted,
  returnCompleted,
  saleVoided,
  shiftClosed,
  auditRecorded,
  adjustmentCompleted,
  countSubmitted,
  // A receipt may be against an order drafted in the same batch.
  purchaseOrderDrafted,
  receiptCompleted,
  // A transfer's later stages refer to its earlier ones: head office writes them in this order.
  transferRequested,
  transferSent,
  transferReceived,
] as const;

export type AnyDocumentKind = (typeof documentKinds)[number];
/** The event types: 'sale.completed' | 'return.completed' | … */
export type DocumentType = AnyDocumentKind['type'];
type Payloads = { [K in AnyDocumentKind as K['type']]: K extends DocumentKind<string, infer P> ? P : never };
/** The payload of a kind's current version: what the register writes and head office applies. */
export type PayloadOf<T extends DocumentType> = Payloads[T];
export type KindOf<T extends DocumentType> = DocumentKind<T, PayloadOf<T>>;

const byType: ReadonlyMap<string, AnyDocumentKind> = new Map(documentKinds.map((kind) => [kind.type, kind]));

/** The kind of an event type; undefined for one this version does not know. */
export function kindOf<T extends DocumentType>(type: T): KindOf<T>;
export function kindOf(type: string): AnyDocumentKind | undefined;
export function kindOf(type: string): AnyDocumentKind | undefined {
  return byType.get(type);
}
