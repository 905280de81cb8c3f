/**
 * Transfers of stock between locations (stores and warehouses), one id from request to receipt:
 *
 * - 'transfer.requested': a store asks another for goods. It reaches the other store's registers (the
 *   downstream 'transfers' stream) for someone there to send. Head office can plan one the same way (admin API).
 * - 'transfer.sent': the sending store picked the lines and shipped them: on hand −q and in transit +q at the
 *   sending store, the transfer's in transit kept per transfer (its id). Sending what was requested or planned
 *   uses that request's id; a transfer nobody asked for gets a new one.
 * - 'transfer.received': the receiving store scanned the goods in. At head office the transfer's in transit
 *   leaves the sending store (what arrived, and the rest as a discrepancy), the good units go on hand and the
 *   damaged ones to the damaged state at the receiving store; a short, over or damaged line is an exception.
 */
import { z } from 'zod';
import { plainText } from '../text.ts';
import {
  eachSkuOnce,
  idSchema,
  madeByFields,
  noteSchema,
  productNameSchema,
  skuSchema,
  storeIdSchema,
  timeSchema,
  units,
} from './fields.ts';
import { documentKind } from './kind.ts';

/** A SKU and how many of it, as the people who request, plan or send a transfer see it. */
export const transferLineSchema = z.object({
  sku: skuSchema,
  name: productNameSchema,
  quantity: units.min(1),
});
export type TransferLine = z.output<typeof transferLineSchema>;

const linesSchema = <T extends z.ZodType<{ sku: string }>>(line: T) => eachSkuOnce(z.array(line).min(1));

/** What every stage names: the transfer (one id from request to receipt), who made it where, and a note. */
const stageFields = {
  transferId: idSchema,
  /** Its `storeId`: the store whose register made this stage. */
  ...madeByFields,
  note: noteSchema,
};

export const transferRequestPayloadSchema = z.object({
  ...stageFields,
  /** The store asked to send them (the asking store, `storeId`, gets them). */
  fromStoreId: storeIdSchema,
  requestedAt: timeSchema,
  lines: linesSchema(transferLineSchema),
});
export type TransferRequestPayload = z.output<typeof transferRequestPayloadSchema>;

export const transferSentPayloadSchema = z.object({
  ...stageFields,
  toStoreId: storeIdSchema,
  /** Printed on the packing list: "R1-TR-000004". */
  number: plainText('Transfer number').min(1).max(64),
  sentAt: timeSchema,
  lines: linesSchema(transferLineSchema),
});
export type TransferSentPayload = z.output<typeof transferSentPayloadSchema>;

/** A line as it arrived: what the packing list said was sent, what arrived good and what arrived damaged. */
export const transferReceivedLineSchema = z.object({
  sku: skuSchema,
  name: productNameSchema,
  /** What the transfer says was sent (0: a SKU that arrived although it was not on the transfer). */
  sent: units,
  received: units,
  damaged: units,
});
export type TransferReceivedLine = z.output<typeof transferReceivedLineSchema>;

export const transferReceivedPayloadSchema = z.object({
  ...stageFields,
  fromStoreId: storeIdSchema,
  receivedAt: timeSchema,
  lines: linesSchema(transferReceivedLineSchema),
});
export type TransferReceivedPayload = z.output<typeof transferReceivedPayloadSchema>;

/** What a received line lacks (positive: short) or has too many of (negative: over), damaged units aside. */
export const shortOf = (line: Pick<TransferReceivedLine, 'sent' | 'received' | 'damaged'>): number =>
  line.sent - line.received - line.damaged;

export const transferRequested = documentKind({
  type: 'transfer.requested',
  label: 'Transfer request',
  schema: transferRequestPayloadSchema,
});

export const transferSent = documentKind({
  type: 'transfer.sent',
  label: 'Transfer sent',
  schema: transferSentPayloadSchema,
});

export const transferReceived = documentKind({
  type: 'transfer.received',
  label: 'Transfer received',
  schema: transferReceivedPayloadSchema,
});
